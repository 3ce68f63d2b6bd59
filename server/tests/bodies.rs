//! Bodies no page of the shop sends: larger than the shop reads, not
//! UTF-8, not the fields a function takes. Each is refused with a 4xx and
//! a sentence for people (the server function's JSON error), never a 500
//! and never the decoder's own words.

use crate::support;

use support::{Response, shop_with_owner as shop};

/// Server functions a guest, a member and staff would call.
const ENDPOINTS: [&str; 4] = [
    "/api/members/login",
    "/api/members/register",
    "/api/cart/add",
    "/api/admin/login",
];

fn post(shop: &support::Running, path: &str, body: &[u8]) -> Response {
    support::request_bytes(
        &shop.addr,
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body,
    )
}

#[test]
fn a_body_past_the_limit_gets_413_before_it_is_read() {
    let (_data, shop, _owner) = shop();
    let big = format!("email=a%40b.c&password={}", "x".repeat(300 * 1024));
    for path in ENDPOINTS {
        let refused = post(&shop, path, big.as_bytes());
        assert_eq!(refused.status, 413, "{path}: {}", refused.body);
        assert!(
            refused.body.contains("TooLarge"),
            "{path}: {}",
            refused.body
        );
    }
    // Under the limit the same door answers as usual.
    let fine = post(&shop, "/api/members/login", b"email=a%40b.c&password=short");
    assert_eq!(fine.status, 400, "{}", fine.body);
}

#[test]
fn undecodable_bodies_get_400_in_words_for_people() {
    let (_data, shop, _owner) = shop();
    let bodies: [&[u8]; 4] = [
        b"email=%FF%FE&password=\xff\xfe",
        b"\xc3\x28\xa0\xa1=\xe2\x28\xa1",
        b"sku_id=not-a-number&quantity=1",
        b"%%%&&&===",
    ];
    for path in ENDPOINTS {
        for body in bodies {
            let refused = post(&shop, path, body);
            assert!(
                (400..500).contains(&refused.status),
                "{path} {body:?}: {} {}",
                refused.status,
                refused.body
            );
            for internal in ["utf-8", "deserializ", "invalid digit", "missing field"] {
                assert!(
                    !refused.body.to_lowercase().contains(internal),
                    "{path} {body:?}: {}",
                    refused.body
                );
            }
        }
    }
}
