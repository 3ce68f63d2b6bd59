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
    let created = server(&data.0)
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
    let running = Running::start(server(&data.0));
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
