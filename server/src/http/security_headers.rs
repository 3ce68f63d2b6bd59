//! Headers every answer carries, so a browser holds the shop's pages to
//! what they need: no framing by other sites, no guessing of content types,
//! no plugins, no `<base>` pointing elsewhere, no camera or microphone, its
//! own browsing context group, and, when the shop is served over https,
//! https only from then on (HSTS). An answer that set one itself keeps it.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::{
    CONTENT_SECURITY_POLICY, HeaderName, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

/// Whether the shop's public URL is https (`SHOP_BASE_URL`).
#[derive(Debug, Clone, Copy)]
pub struct ServedOverHttps(pub bool);

/// A year, and every subdomain: what the HSTS preload list asks for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The policy of every answer that is not a page (server functions, files,
/// errors): it may load nothing, run nothing and be framed by no one.
/// Pages set their own, with a nonce for their inline scripts
/// (`app/src/shell/content_policy.rs`), and keep it.
const CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

fn fixed() -> [(HeaderName, HeaderValue); 6] {
    [
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

pub async fn add(State(https): State<ServedOverHttps>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in fixed() {
        headers.entry(name).or_insert(value);
    }
    if https.0 {
        headers
            .entry(STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}
