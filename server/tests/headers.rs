//! The headers every answer carries (`server/src/http/security_headers.rs`),
//! on pages, server functions, files and errors alike; HSTS only when the
//! shop's public URL is https.

use crate::support;

use support::{DataDir, Running, server};

const EVERYWHERE: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// Answers that are not pages may load and run nothing.
const NOT_A_PAGE_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PAGES: [&str; 3] = ["/", "/p/no-such-product", "/no-such-page"];
const NOT_PAGES: [&str; 3] = ["/api/catalog/category?slug=none", "/readyz", "/healthz"];

#[test]
fn every_answer_carries_the_browser_protections_and_no_hsts_over_http() {
    let data = DataDir::new();
    let shop = Running::start(server(&data));
    for path in PAGES.iter().chain(&NOT_PAGES) {
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
    for path in NOT_PAGES {
        assert_eq!(
            policy(&shop.get(path)),
            NOT_A_PAGE_POLICY,
            "{path}: content-security-policy"
        );
    }
}

fn policy(answer: &support::Response) -> String {
    let values = answer
        .headers
        .get("content-security-policy")
        .expect("a Content-Security-Policy");
    assert_eq!(values.len(), 1, "one policy: {values:?}");
    values[0].clone()
}

/// The nonce the page's policy allows scripts with, checked against the
/// page: every inline script carries it, none runs without it.
fn nonce_of_page(path: &str, answer: &support::Response) -> String {
    let policy = policy(answer);
    let scripts = policy
        .split(';')
        .map(str::trim)
        .find(|directive| directive.starts_with("script-src"))
        .unwrap_or_else(|| panic!("{path}: no script-src in {policy}"));
    assert!(!scripts.contains("unsafe-inline"), "{path}: {scripts}");
    assert!(
        policy.contains("frame-ancestors 'none'"),
        "{path}: {policy}"
    );
    let nonce = scripts
        .split_whitespace()
        .find_map(|source| source.strip_prefix("'nonce-")?.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{path}: no nonce in {scripts}"))
        .to_owned();
    // Empty script elements run nothing, so no policy applies to them; JSON
    // data blocks are not run either.
    let inline_scripts =
        answer.body.matches("<script").count() - answer.body.matches("<script></script>").count();
    let data_blocks = answer
        .body
        .matches("<script type=\"application/ld+json\"")
        .count();
    let nonced = answer.body.matches(&format!("nonce=\"{nonce}\"")).count();
    assert!(nonced >= 1, "{path}: the boot script carries the nonce");
    assert_eq!(
        inline_scripts - data_blocks,
        nonced,
        "{path}: every script that runs carries this answer's nonce"
    );
    nonce
}

#[test]
fn every_page_allows_only_its_own_scripts_with_a_nonce_of_its_own() {
    let data = DataDir::new();
    let shop = Running::start(server(&data));
    for path in PAGES {
        let first = nonce_of_page(path, &shop.get(path));
        // The second guest of "/" is answered from the page cache: a copy
        // of the first answer, which must not carry the first's nonce.
        let second = nonce_of_page(path, &shop.get(path));
        assert_ne!(first, second, "{path}: a nonce is used once");
    }
}

#[test]
fn a_shop_served_over_https_asks_for_https_only() {
    let data = DataDir::new();
    let mut cmd = server(&data);
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
