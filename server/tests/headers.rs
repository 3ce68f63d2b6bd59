//! The headers every answer carries (`server/src/http/security_headers.rs`),
//! on pages, server functions, files and errors alike; HSTS only when the
//! shop's public URL is https.

use crate::support;

use support::{DataDir, Running, server};

const EVERYWHERE: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "content-security-policy",
        "frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
    ),
];

const PATHS: [&str; 5] = [
    "/",
    "/api/catalog/category?slug=none",
    "/no-such-page",
    "/favicon.svg",
    "/healthz",
];

#[test]
fn every_answer_carries_the_browser_protections_and_no_hsts_over_http() {
    let data = DataDir::new();
    let shop = Running::start(server(&data.0));
    for path in PATHS {
        let answer = shop.get(path);
        for (name, value) in EVERYWHERE {
            assert_eq!(
                answer.headers.get(name).map(Vec::as_slice),
                Some(&[value.to_owned()][..]),
                "{path}: {name}"
            );
        }
        assert!(answer.headers.contains_key("permissions-policy"), "{path}");
        assert!(
            !answer.headers.contains_key("strict-transport-security"),
            "{path}: HSTS over plain http would lock a test shop out"
        );
    }
}

#[test]
fn a_shop_served_over_https_asks_for_https_only() {
    let data = DataDir::new();
    let mut cmd = server(&data.0);
    cmd.env("SHOP_BASE_URL", "https://shop.example");
    let shop = Running::start(cmd);
    let answer = shop.get("/");
    assert_eq!(
        answer
            .headers
            .get("strict-transport-security")
            .map(Vec::as_slice),
        Some(&["max-age=31536000; includeSubDomains".to_owned()][..])
    );
}
