//! Refusing cross-site requests that change state.
//!
//! The session cookie is `SameSite=Lax`, which already keeps it off
//! cross-site POSTs in current browsers; this is the second lock. A
//! browser says where a request comes from in `Sec-Fetch-Site` (all
//! current browsers) or `Origin`; a state-changing request from another
//! site is answered 403 before it reaches any server function.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};

/// The origins this shop answers as (`http://127.0.0.1:3000`, the public URL).
#[derive(Clone)]
pub struct AllowedOrigin(pub String);

pub async fn guard(
    State(allowed): State<AllowedOrigin>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if is_cross_site(req.method(), req.uri().path(), req.headers(), &allowed.0) {
        tracing::warn!(path = req.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "cross-site requests are not allowed").into_response();
    }
    next.run(req).await
}

/// Whether to refuse the request as cross-site.
pub fn is_cross_site(
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    allowed_origin: &str,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    // Payment providers call back from their own servers, with a signature
    // instead of a cookie.
    if path.starts_with("/api/pay/") {
        return false;
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = header("origin") {
        let host = header("host").unwrap_or_default();
        let same_host = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host));
        return !(origin.eq_ignore_ascii_case(allowed_origin) || same_host);
    }
    // Neither header: not a browser (curl, a server-to-server client), so
    // there is no ambient cookie to abuse.
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "https://shop.example";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn reading_is_never_refused() {
        let evil = headers(&[("sec-fetch-site", "cross-site")]);
        assert!(!is_cross_site(&Method::GET, "/", &evil, SHOP));
    }

    #[test]
    fn a_post_from_another_site_is_refused() {
        for evil in [
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("origin", "https://evil.example"), ("host", "shop.example")]),
        ] {
            assert!(is_cross_site(
                &Method::POST,
                "/api/members/login",
                &evil,
                SHOP
            ));
        }
    }

    #[test]
    fn a_post_from_the_shop_itself_passes() {
        let cases = [
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("origin", "https://shop.example")]),
            headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000"),
            ]),
            headers(&[]),
        ];
        for ok in cases {
            assert!(!is_cross_site(
                &Method::POST,
                "/api/members/login",
                &ok,
                SHOP
            ));
        }
    }

    #[test]
    fn payment_callbacks_are_checked_by_signature_instead() {
        let provider = headers(&[("origin", "https://pay.example")]);
        assert!(!is_cross_site(
            &Method::POST,
            "/api/pay/callback",
            &provider,
            SHOP
        ));
    }
}
