-- wrk script: log in as the bench member, over and over (form post, as the app does).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "email=bench%40bench.test&password=bench+member+password"
