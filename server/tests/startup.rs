//! The server binary, started as an operator would start it.

use crate::support;

use support::{DataDir, Running, request, server};

fn get(addr: &str, path: &str) -> (u16, String) {
    let response = request(addr, "GET", path, &[], "");
    (response.status, response.body)
}

#[test]
fn starts_on_an_empty_data_dir_migrates_and_answers_health_checks() {
    let data = DataDir::new();
    let mut running = Running::start(server(&data));

    assert!(
        data.0.join("shop.db").exists(),
        "the SQLite file is created in SHOP_DATA_DIR"
    );
    assert_eq!(get(&running.addr, "/healthz"), (200, "ok".to_owned()));
    assert_eq!(get(&running.addr, "/readyz"), (200, "ready".to_owned()));

    let (status, html) = get(&running.addr, "/");
    assert_eq!(status, 200);
    assert!(
        html.contains("Ferris Market"),
        "the store name is in the server-rendered page"
    );

    let (status, _) = get(&running.addr, "/no/such/page");
    assert_eq!(status, 404);

    let (status, metrics) = get(&running.addr, "/metrics");
    assert_eq!(status, 200);
    assert!(
        metrics.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"} 1"#),
        "requests are counted by route and status:\n{metrics}"
    );
    assert!(
        metrics.contains("http_request_duration_seconds_bucket"),
        "latency histogram"
    );

    let status = running.terminate();
    assert!(
        status.success(),
        "SIGTERM stops the server cleanly, got {status}"
    );
}

#[test]
fn an_unreachable_database_is_one_clear_line_not_a_panic() {
    let data = DataDir::new();
    let output = server(&data)
        .env("DATABASE_URL", "postgres://shop:secret@127.0.0.1:1/shop")
        .output()
        .expect("run server");

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "exactly one line on stderr:\n{stderr}");
    assert!(
        lines[0].starts_with(
            "error: cannot connect to the database at postgres://shop:***@127.0.0.1:1/shop"
        ),
        "names the problem and hides the password: {}",
        lines[0]
    );
    assert!(!stderr.contains("secret") && !stderr.contains("panicked"));
}

#[test]
fn migrate_brings_a_new_database_up_to_date_and_exits() {
    let data = DataDir::new();
    let output = server(&data).arg("migrate").output().expect("run migrate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("is up to date"));
    assert!(data.0.join("shop.db").exists());
}

#[test]
fn a_bad_setting_is_named() {
    let data = DataDir::new();
    let output = server(&data)
        .env("SQLITE_SYNCHRONOUS", "sometimes")
        .output()
        .expect("run server");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: invalid SQLITE_SYNCHRONOUS"),
        "{stderr}"
    );
}

#[test]
fn a_browser_panic_report_is_counted_and_a_flood_or_a_huge_one_is_refused() {
    let data = DataDir::new();
    let running = Running::start(server(&data));
    let beacon = [
        ("Content-Type", "text/plain;charset=UTF-8"),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    let message =
        "panicked at app/src/catalog/pages/category.rs:20:1:\nTried to access a disposed value";

    let first = request(
        &running.addr,
        "POST",
        "/api/browser/panics",
        &beacon,
        message,
    );
    assert_eq!(first.status, 204);
    let metrics = running.get("/metrics").body;
    assert!(
        metrics.contains("browser_panics_total 1"),
        "the panic is counted:\n{metrics}"
    );

    let huge = "x".repeat(64 * 1024);
    let refused = request(&running.addr, "POST", "/api/browser/panics", &beacon, &huge);
    assert_eq!(refused.status, 413, "a report is a few hundred bytes");

    let cross_site = request(
        &running.addr,
        "POST",
        "/api/browser/panics",
        &[("Sec-Fetch-Site", "cross-site")],
        message,
    );
    assert_eq!(
        cross_site.status, 403,
        "another site cannot fill the counter"
    );

    let statuses: Vec<u16> = (0..60)
        .map(|_| {
            request(
                &running.addr,
                "POST",
                "/api/browser/panics",
                &beacon,
                message,
            )
            .status
        })
        .collect();
    assert!(
        statuses.contains(&429),
        "a flood is turned away: {statuses:?}"
    );
    let counted: u64 = running
        .get("/metrics")
        .body
        .lines()
        .find_map(|l| l.strip_prefix("browser_panics_total "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the counter is exported");
    assert!(
        counted < 40,
        "only the reports the limit let through are counted: {counted}"
    );
}
