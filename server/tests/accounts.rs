//! Accounts through the real server over HTTP: authorisation of server
//! functions, disabling a member, cross-site refusal and logging out
//! (logging in itself: `logins`).

use crate::support;

use support::{DataDir, Response, Running, server};

const OWNER_EMAIL: &str = "owner@shop.test";
const OWNER_PASSWORD: &str = "owner password 1";

/// A server on a fresh data dir with one owner created from the command line.
fn shop() -> (DataDir, Running) {
    let data = DataDir::new();
    let created = server(&data)
        .args([
            "create-admin",
            "--email",
            OWNER_EMAIL,
            "--password",
            OWNER_PASSWORD,
        ])
        .output()
        .expect("run create-admin");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let running = Running::start(server(&data));
    (data, running)
}

fn register(shop: &Running, email: &str, password: &str) -> String {
    let response = shop.post_form(
        "/api/members/register",
        &[
            ("email", email),
            ("display_name", "Ada"),
            ("password", password),
        ],
        &[],
    );
    assert_eq!(response.status, 200, "{}", response.body);
    response.cookie("sid").expect("a session cookie")
}

fn login(shop: &Running, email: &str, password: &str) -> Response {
    shop.post_form(
        "/api/members/login",
        &[("email", email), ("password", password)],
        &[],
    )
}

fn admin_login(shop: &Running, email: &str, password: &str) -> String {
    let response = shop.post_form(
        "/api/admin/login",
        &[("email", email), ("password", password)],
        &[],
    );
    assert_eq!(response.status, 200, "{}", response.body);
    response
        .cookie("staff_sid")
        .expect("a staff session cookie")
}

#[test]
fn admin_server_functions_refuse_guests_members_and_staff_without_the_permission() {
    let (_data, shop) = shop();
    let member = register(&shop, "ada@example.com", "correct horse battery");
    let owner = admin_login(&shop, OWNER_EMAIL, OWNER_PASSWORD);

    // The owner creates a catalog-only staff member.
    let created = shop.post_form(
        "/api/admin/staff/create",
        &[
            ("email", "cat@shop.test"),
            ("display_name", "Cat"),
            ("password", "catalog password 1"),
            ("role", "catalog"),
        ],
        &[("Cookie", &owner)],
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let catalog = admin_login(&shop, "cat@shop.test", "catalog password 1");

    for path in [
        "/api/admin/staff/list",
        "/api/admin/members/search?query=&page=0",
        "/api/admin/audit?filter[page]=0",
    ] {
        let guest = shop.get(path);
        assert_eq!(guest.status, 401, "{path} for a guest");
        let as_member = support::request(&shop.addr, "GET", path, &[("Cookie", &member)], "");
        assert_eq!(as_member.status, 403, "{path} for a member");
        let as_catalog = support::request(&shop.addr, "GET", path, &[("Cookie", &catalog)], "");
        assert_eq!(as_catalog.status, 403, "{path} for catalog staff");
        let as_owner = support::request(&shop.addr, "GET", path, &[("Cookie", &owner)], "");
        assert_eq!(
            as_owner.status, 200,
            "{path} for the owner: {}",
            as_owner.body
        );
    }

    // Answers about one person are never kept by the browser (Back after
    // logging out shows nothing) or a cache on the way.
    for (path, cookie) in [
        ("/account/orders", &member),
        ("/api/admin/staff/list", &owner),
    ] {
        let answer = support::request(&shop.addr, "GET", path, &[("Cookie", cookie)], "");
        assert_eq!(
            answer.headers.get("cache-control").map(Vec::as_slice),
            Some(&["no-store".to_owned()][..]),
            "{path}"
        );
    }

    // Writes are refused too, and change nothing.
    let disable = shop.post_form(
        "/api/admin/members/status",
        &[("id", "1"), ("active", "false")],
        &[("Cookie", &catalog)],
    );
    assert_eq!(disable.status, 403);
    assert_eq!(
        login(&shop, "ada@example.com", "correct horse battery").status,
        200,
        "the member can still log in"
    );

    // The audit log holds the owner's creation of the staff member.
    let audit = support::request(
        &shop.addr,
        "GET",
        "/api/admin/audit?filter[page]=0",
        &[("Cookie", &owner)],
        "",
    );
    assert!(
        audit.body.contains("staff.create") && audit.body.contains("cat@shop.test"),
        "{}",
        audit.body
    );
}

#[test]
fn a_disabled_member_is_logged_out_and_cannot_log_in() {
    let (_data, shop) = shop();
    let member = register(&shop, "ada@example.com", "correct horse battery");
    let owner = admin_login(&shop, OWNER_EMAIL, OWNER_PASSWORD);
    let profile = |cookie: &str| {
        support::request(
            &shop.addr,
            "GET",
            "/api/members/profile",
            &[("Cookie", cookie)],
            "",
        )
    };
    assert_eq!(profile(&member).status, 200);

    let disabled = shop.post_form(
        "/api/admin/members/status",
        &[("id", "1"), ("active", "false")],
        &[("Cookie", &owner)],
    );
    assert_eq!(disabled.status, 200, "{}", disabled.body);
    assert_eq!(profile(&member).status, 401, "the session ended at once");
    assert_eq!(
        login(&shop, "ada@example.com", "correct horse battery").status,
        403
    );
}

#[test]
fn a_cross_site_post_is_refused_before_it_changes_anything() {
    let (_data, shop) = shop();
    let evil = shop.post_form(
        "/api/members/register",
        &[
            ("email", "evil@example.com"),
            ("display_name", "Evil"),
            ("password", "correct horse battery"),
        ],
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(evil.status, 403);
    assert_eq!(
        login(&shop, "evil@example.com", "correct horse battery").status,
        400,
        "no account was created"
    );

    let same_site = shop.post_form(
        "/api/members/register",
        &[
            ("email", "ok@example.com"),
            ("display_name", "Ok"),
            ("password", "correct horse battery"),
        ],
        &[
            ("Origin", &format!("http://{}", shop.addr)),
            ("Sec-Fetch-Site", "same-origin"),
        ],
    );
    assert_eq!(same_site.status, 200, "{}", same_site.body);
}

#[test]
fn logout_ends_the_session_on_the_server() {
    let (_data, shop) = shop();
    let member = register(&shop, "ada@example.com", "correct horse battery");
    let profile = || {
        support::request(
            &shop.addr,
            "GET",
            "/api/members/profile",
            &[("Cookie", &member)],
            "",
        )
    };
    assert_eq!(profile().status, 200);
    let out = shop.post_form("/api/members/logout", &[], &[("Cookie", &member)]);
    assert_eq!(out.status, 200);
    assert!(
        out.cookie("sid").is_some_and(|c| c == "sid="),
        "the cookie is cleared"
    );
    assert_eq!(profile().status, 401, "the old cookie no longer works");
}

/// A stranger asking for a member's page, or a member asking for the back
/// office, gets a real redirect to the right login (no JavaScript needed),
/// with the page to come back to; the right person gets the page.
#[test]
fn guarded_pages_send_strangers_to_the_right_login() {
    let (_data, shop) = shop();
    let member = register(&shop, "ada@example.com", "correct horse battery");
    for (path, cookie, login) in [
        ("/account/orders", "", "/login?next=%2Faccount%2Forders"),
        (
            "/checkout?coupon=1",
            "",
            "/login?next=%2Fcheckout%3Fcoupon%3D1",
        ),
        ("/admin/orders", "", "/admin/login?next=%2Fadmin%2Forders"),
        ("/admin", member.as_str(), "/admin/login?next=%2Fadmin"),
    ] {
        let answer = support::request(&shop.addr, "GET", path, &[("Cookie", cookie)], "");
        assert_eq!(answer.status, 303, "{path}");
        assert_eq!(answer.headers["location"], [login.to_owned()], "{path}");
    }
    let own = support::request(
        &shop.addr,
        "GET",
        "/account/orders",
        &[("Cookie", &member)],
        "",
    );
    assert_eq!(own.status, 200);
}

/// A member sees where they are signed in and can sign a device out, or
/// every device but this one; nobody can sign out someone else's device,
/// and trying looks the same as naming a device that does not exist.
#[test]
fn members_sign_their_other_devices_out() {
    let (_data, shop) = shop();
    let laptop = register(&shop, "ada@example.com", "correct horse battery");
    let phone_ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    let sign_in_phone = || {
        let response = shop.post_form(
            "/api/members/login",
            &[
                ("email", "ada@example.com"),
                ("password", "correct horse battery"),
            ],
            &[("User-Agent", phone_ua)],
        );
        assert_eq!(response.status, 200, "{}", response.body);
        response.cookie("sid").expect("a session cookie")
    };
    let phone = sign_in_phone();
    let tablet = sign_in_phone();
    let works = |cookie: &str| {
        support::request(
            &shop.addr,
            "GET",
            "/api/members/profile",
            &[("Cookie", cookie)],
            "",
        )
        .status
            == 200
    };

    let devices = support::get_json(&shop, "/api/members/devices", &laptop);
    let devices = devices.as_array().expect("a list");
    assert_eq!(devices.len(), 3, "{devices:?}");
    assert_eq!(
        devices.iter().filter(|d| d["current"] == true).count(),
        1,
        "exactly the asking browser is current: {devices:?}"
    );
    assert!(
        devices
            .iter()
            .any(|d| d["browser"] == "Safari" && d["system"] == "iPhone"),
        "the phone is recognisable: {devices:?}"
    );
    let phone_handle = support::get_json(&shop, "/api/members/devices", &phone)
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["current"] == true)
        .map(|d| d["handle"].as_str().unwrap().to_owned())
        .unwrap();

    // Another member cannot sign Ada's phone out, and is told the same as
    // for a made-up device.
    let stranger = register(&shop, "bob@example.com", "another horse battery");
    let sign_out = |cookie: &str, handle: &str| {
        shop.post_form(
            "/api/members/devices/sign-out",
            &[("handle", handle)],
            &[("Cookie", cookie)],
        )
    };
    let foreign = sign_out(&stranger, &phone_handle);
    let made_up = sign_out(&stranger, "0123456789abcdef");
    assert_eq!(foreign.status, 404, "{}", foreign.body);
    assert_eq!((made_up.status, &made_up.body), (404, &foreign.body));
    assert_eq!(
        sign_out(&stranger, "'; DROP TABLE sessions; --").status,
        404
    );
    assert!(works(&phone), "the phone is still signed in");

    // Ada signs her phone out from the laptop.
    let done = sign_out(&laptop, &phone_handle);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(!works(&phone), "the phone is signed out");
    assert!(works(&laptop) && works(&tablet));

    // Then everywhere else.
    let others = shop.post_form(
        "/api/members/devices/sign-out-others",
        &[],
        &[("Cookie", &laptop)],
    );
    assert_eq!((others.status, others.body.as_str()), (200, "1"));
    assert!(!works(&tablet), "the tablet is signed out");
    assert!(works(&laptop), "this browser stays signed in");
    assert!(works(&stranger), "another member's sessions are untouched");
    let left = support::get_json(&shop, "/api/members/devices", &laptop);
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left}");
}
