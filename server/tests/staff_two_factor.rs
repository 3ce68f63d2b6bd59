//! Staff's two-step sign-in over HTTP, as a browser and an authenticator
//! app would use it: enrolling through the API, then the login's two steps
//! with codes this test computes itself (RFC 6238, with totp-rs), and the
//! grace period's end for an owner who never enrolled.

use crate::support;

use std::time::{SystemTime, UNIX_EPOCH};

use support::{Response, Running, create_staff, get_json, shop_with_owner};

const EMAIL: &str = "ada@shop.test";
/// `support::create_staff`'s password.
const PASSWORD: &str = "staff password 1";
const WRONG_CODE: &str = "The code is wrong.";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an authenticator app holding `key` (base32) shows at `unix`.
fn code_at(key: &str, unix: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(key).expect("a base32 key");
    totp_rs::Builder::new()
        .with_secret(secret.as_bytes())
        .build()
        .expect("an RFC 6238 key")
        .generate(unix)
        .to_string()
}

/// A six-digit code that is none of those the key shows around now.
fn wrong_code(key: &str) -> String {
    let t = now();
    let near: Vec<String> = (0..=4).map(|i| code_at(key, t + i * 30 - 60)).collect();
    (0..)
        .map(|n| format!("{:06}", 123_456 + n))
        .find(|code| !near.contains(code))
        .unwrap()
}

fn post(shop: &Running, path: &str, fields: &[(&str, &str)], cookie: &str) -> Response {
    shop.post_form(path, fields, &[("Cookie", cookie)])
}

/// Turns two-step sign-in on for the session `cookie`, as the enrolment
/// page does: the key it shows and the ten recovery codes shown once.
fn enrol(shop: &Running, cookie: &str) -> (String, Vec<String>) {
    let started = post(shop, "/api/admin/two-factor/start", &[], cookie);
    assert_eq!(started.status, 200, "{}", started.body);
    let status = get_json(shop, "/api/admin/two-factor", cookie);
    let key: String = status["setup"]["secret"]
        .as_str()
        .expect("a key to set up")
        .split_whitespace()
        .collect();
    assert!(
        status["setup"]["qr_svg"]
            .as_str()
            .unwrap()
            .starts_with("<svg"),
        "a QR code drawn on the server"
    );

    let wrong = post(
        shop,
        "/api/admin/two-factor/confirm",
        &[("code", &wrong_code(&key))],
        cookie,
    );
    assert_eq!(wrong.status, 400, "a wrong first code turns nothing on");
    let confirmed = post(
        shop,
        "/api/admin/two-factor/confirm",
        &[("code", &code_at(&key, now()))],
        cookie,
    );
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let codes: Vec<String> = serde_json::from_str(&confirmed.body).expect("the recovery codes");
    assert_eq!(codes.len(), 10, "{}", confirmed.body);

    let status = get_json(shop, "/api/admin/two-factor", cookie);
    assert_eq!(status["standing"], "Enrolled");
    let again = get_json(shop, "/api/admin/two-factor", cookie);
    assert_eq!(
        again["new_recovery_codes"].as_array().map(Vec::len),
        Some(0),
        "recovery codes are shown once"
    );
    assert_eq!(again["recovery_codes_left"], 10);
    assert!(
        !again.to_string().contains(&codes[0]),
        "never again in the status"
    );
    (key, codes)
}

/// The password step: it answers where to go next, and for an account
/// with two-step sign-in the cookie carrying the sign-in to its code.
fn password_step(shop: &Running) -> (Response, String) {
    let response = shop.post_form(
        "/api/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(
        response.cookie("staff_sid").is_none(),
        "no session before the code"
    );
    assert!(response.body.contains("step=code"), "{}", response.body);
    let pending = response
        .cookie("staff_2fa")
        .expect("the sign-in waiting for its code");
    (response, pending)
}

fn code_step(shop: &Running, pending: &str, code: &str) -> Response {
    post(shop, "/api/admin/login/code", &[("code", code)], pending)
}

#[test]
fn the_code_opens_a_session_once_and_a_recovery_code_works_once() {
    let (_data, shop, owner) = shop_with_owner();
    let ada = create_staff(&shop, &owner, EMAIL, "support");
    let (key, recovery) = enrol(&shop, &ada);

    // The right password alone opens nothing.
    let (_, pending) = password_step(&shop);
    let me = support::request(
        &shop.addr,
        "GET",
        "/api/admin/me",
        &[("Cookie", &pending)],
        "",
    );
    assert_eq!(me.status, 401, "the pending sign-in is no session");

    // A wrong code neither.
    let wrong = code_step(&shop, &pending, &wrong_code(&key));
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert!(wrong.body.contains(WRONG_CODE), "{}", wrong.body);
    assert!(wrong.cookie("staff_sid").is_none());

    // The app's next code (one step of drift is allowed, and the code that
    // confirmed the setup is spent): a session.
    let code = code_at(&key, now() + 30);
    let right = code_step(&shop, &pending, &code);
    assert_eq!(right.status, 200, "{}", right.body);
    let session = right.cookie("staff_sid").expect("a staff session");
    let me = get_json(&shop, "/api/admin/me", &session);
    assert_eq!(me["email"], EMAIL);

    // The pending sign-in was used up with it.
    let reused = code_step(&shop, &pending, &code);
    assert_eq!(reused.status, 400, "{}", reused.body);
    assert!(reused.body.contains("expired"), "{}", reused.body);

    // The same code in a new sign-in is refused: it was used.
    let (_, pending) = password_step(&shop);
    let replayed = code_step(&shop, &pending, &code);
    assert_eq!(replayed.status, 400, "{}", replayed.body);
    assert!(replayed.body.contains("already used"), "{}", replayed.body);
    assert!(replayed.cookie("staff_sid").is_none());

    // A recovery code, typed any way, opens it once.
    let typed = recovery[3].to_uppercase().replace('-', " ");
    let recovered = code_step(&shop, &pending, &typed);
    assert_eq!(recovered.status, 200, "{}", recovered.body);
    assert!(recovered.cookie("staff_sid").is_some());
    let (_, pending) = password_step(&shop);
    let again = code_step(&shop, &pending, &recovery[3]);
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.body.contains(WRONG_CODE), "{}", again.body);
    assert!(again.cookie("staff_sid").is_none());
    let status = get_json(&shop, "/api/admin/two-factor", &ada);
    assert_eq!(status["recovery_codes_left"], 9);

    // Turning it on and the recovery code are in the audit log.
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner).to_string();
    assert!(audit.contains("staff.two_factor.enable"), "{audit}");
    assert!(audit.contains("staff.two_factor.recovery_code"), "{audit}");
    assert!(audit.contains("(9 left)"), "{audit}");

    // Turning it off takes the password and a code, and is audited too.
    let refused = post(
        &shop,
        "/api/admin/two-factor/disable",
        &[("password", PASSWORD), ("code", &wrong_code(&key))],
        &ada,
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    let off = post(
        &shop,
        "/api/admin/two-factor/disable",
        &[("password", PASSWORD), ("code", &recovery[0])],
        &ada,
    );
    assert_eq!(off.status, 200, "{}", off.body);
    let plain = shop.post_form(
        "/api/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
        &[],
    );
    assert!(
        plain.cookie("staff_sid").is_some(),
        "the password alone again"
    );
    let audit = get_json(&shop, "/api/admin/audit?filter[page]=0", &owner).to_string();
    assert!(audit.contains("staff.two_factor.disable"), "{audit}");
}

#[test]
fn wrong_codes_are_throttled_like_wrong_passwords() {
    let (_data, shop, owner) = shop_with_owner();
    let ada = create_staff(&shop, &owner, EMAIL, "support");
    let (key, _) = enrol(&shop, &ada);

    let (_, pending) = password_step(&shop);
    let wrong = wrong_code(&key);
    for attempt in 1..=5 {
        let refused = code_step(&shop, &pending, &wrong);
        assert_eq!(refused.status, 400, "attempt {attempt}: {}", refused.body);
    }
    let throttled = code_step(&shop, &pending, &wrong);
    assert_eq!(throttled.status, 429, "{}", throttled.body);
    assert_eq!(
        throttled.headers.get("retry-after").map(Vec::as_slice),
        Some(&["60".to_owned()][..]),
        "told when to try again"
    );
    let late = code_step(&shop, &pending, &code_at(&key, now() + 30));
    assert_eq!(late.status, 429, "the right code comes too late");
    assert!(late.cookie("staff_sid").is_none());
    // Typing the right password again gives no new allowance of codes.
    let again = shop.post_form(
        "/api/admin/login",
        &[("email", EMAIL), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(again.status, 429, "{}", again.body);
}

#[test]
fn after_the_grace_period_the_owner_reaches_only_the_enrolment_page() {
    let (data, shop, owner) = shop_with_owner();

    // A fresh owner signs in with the password and is reminded.
    let notice = get_json(&shop, "/api/admin/two-factor/notice", &owner);
    assert!(
        notice["RequiredFrom"].is_string(),
        "the banner's date: {notice}"
    );
    let page = support::request(&shop.addr, "GET", "/admin", &[("Cookie", &owner)], "");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("two-factor-banner"), "the banner shows");

    // Eight days later (the grace period is seven)…
    block_on(async {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(app::db::sqlite_url(&data.0.join("shop.db")))
            .await
            .unwrap();
        let eight_days_ago = chrono::Utc::now() - chrono::Duration::days(8);
        let moved = db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Sqlite,
                "UPDATE staff_two_factor SET required_since = ?",
                [eight_days_ago.into()],
            ))
            .await
            .unwrap();
        assert_eq!(moved.rows_affected(), 1);
    });

    let page = support::request(
        &shop.addr,
        "GET",
        "/admin/orders",
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(page.status, 303, "a back-office page");
    assert_eq!(
        page.headers.get("location").map(Vec::as_slice),
        Some(&["/admin/two-factor".to_owned()][..])
    );
    let api = support::request(
        &shop.addr,
        "GET",
        "/api/admin/staff/list",
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(api.status, 403, "an admin function");
    let enrolment = support::request(
        &shop.addr,
        "GET",
        "/admin/two-factor",
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(enrolment.status, 200, "the enrolment page");

    // Signing in again leads there too.
    let login = shop.post_form(
        "/api/admin/login",
        &[
            ("email", support::OWNER_EMAIL),
            ("password", support::OWNER_PASSWORD),
        ],
        &[],
    );
    assert_eq!(login.status, 200, "{}", login.body);
    assert!(login.body.contains("/admin/two-factor"), "{}", login.body);

    // Once enrolled, the back office opens again.
    enrol_owner(&shop, &owner);
    let api = support::request(
        &shop.addr,
        "GET",
        "/api/admin/staff/list",
        &[("Cookie", &owner)],
        "",
    );
    assert_eq!(api.status, 200, "{}", api.body);
}

/// `enrol` for the owner as a browser without JavaScript does it: the
/// form's redirect carries the recovery codes to the page, once. The
/// owner may not turn it off again.
fn enrol_owner(shop: &Running, owner: &str) {
    let html = [("Cookie", owner), ("Accept", "text/html")];
    let started = shop.post_form("/api/admin/two-factor/start", &[], &html);
    assert_eq!(started.status, 302, "{}", started.body);
    let status = get_json(shop, "/api/admin/two-factor", owner);
    let key: String = status["setup"]["secret"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect();
    let confirmed = shop.post_form(
        "/api/admin/two-factor/confirm",
        &[("code", &code_at(&key, now()))],
        &html,
    );
    assert_eq!(confirmed.status, 302, "{}", confirmed.body);
    assert_eq!(
        confirmed.headers.get("location").map(Vec::as_slice),
        Some(&["/admin/two-factor".to_owned()][..])
    );
    let carried = confirmed
        .cookie("staff_new_codes")
        .expect("the codes, carried to the page");
    let both = format!("{owner}; {carried}");
    let page = support::request(
        &shop.addr,
        "GET",
        "/admin/two-factor",
        &[("Cookie", &both)],
        "",
    );
    assert_eq!(page.status, 200);
    assert_eq!(
        page.body.matches("data-testid=\"recovery-code\"").count(),
        10,
        "the page shows the ten codes"
    );
    assert_eq!(
        page.cookie("staff_new_codes").as_deref(),
        Some("staff_new_codes="),
        "and removes them from the browser"
    );
    let first = carried
        .trim_start_matches("staff_new_codes=")
        .split('.')
        .next()
        .unwrap()
        .to_owned();

    let status = get_json(shop, "/api/admin/two-factor", owner);
    assert_eq!(status["required"], true);
    let off = post(
        shop,
        "/api/admin/two-factor/disable",
        &[("password", support::OWNER_PASSWORD), ("code", &first)],
        owner,
    );
    assert_eq!(
        off.status, 409,
        "the owner cannot turn it off: {}",
        off.body
    );
}

fn block_on<T>(work: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(work)
}
