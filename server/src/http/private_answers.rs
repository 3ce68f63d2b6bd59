//! Answers about one person are never kept by a browser or a proxy:
//! `Cache-Control: no-store` on the member's pages (account, orders, cart,
//! checkout, payment), the back office, and the server functions behind
//! them. So Back after logging out on a shared computer shows no orders,
//! and no cache between the shop and the shopper holds an address.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::CACHE_CONTROL;

/// Path prefixes, each a whole segment: `/cart` and `/cart/…`, not `/cartoon`.
const PERSONAL: [&str; 17] = [
    "/cart",
    "/checkout",
    "/account",
    "/pay",
    "/admin",
    "/api/members",
    "/api/orders",
    "/api/cart",
    "/api/admin",
    "/api/pay",
    "/api/payments",
    "/api/coupons",
    "/api/favourites",
    "/api/group",
    "/api/points",
    "/api/recently-viewed",
    "/api/flash",
];

pub fn is_personal(path: &str) -> bool {
    PERSONAL.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

pub async fn no_store(req: Request, next: Next) -> Response {
    let personal = is_personal(req.uri().path());
    let mut response = next.run(req).await;
    if personal {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_members_pages_and_answers_are_personal_the_catalog_is_not() {
        for personal in [
            "/account",
            "/account/orders/F20261207001",
            "/checkout",
            "/cart",
            "/admin/orders",
            "/api/members/profile",
            "/api/orders/list",
            "/pay/F1",
        ] {
            assert!(is_personal(personal), "{personal}");
        }
        for public in [
            "/",
            "/p/lamp",
            "/c/kitchen",
            "/search",
            "/cartoon",
            "/api/catalog/category",
        ] {
            assert!(!is_personal(public), "{public}");
        }
    }
}
