//! No server function reads a NUL character. Nobody types one, and
//! PostgreSQL cannot hold one in text: an order number, a slug or a
//! payment number with `%00` in it reached a query and failed there, a
//! 500 (found by `server/tests/hostile_input.rs`). Such a request is
//! refused here like any other unreadable one (400, a sentence in the
//! caller's language) before the function decodes it, so SQLite and
//! PostgreSQL answer alike.
//!
//! It runs inside the access layer, so a caller who may not call the
//! function is still answered before the body is read, and inside the
//! body limit, whose cut it reports as that layer does (413).

use app::AppError;
use app::auth::access::needed;
use app::locale::headers_locale;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::CONTENT_TYPE;
use http_body_util::BodyExt;
use leptos::server_fn::error::FromServerFnError;

pub async fn refuse(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with("/api/") || needed(path).is_none() {
        return next.run(req).await;
    }
    let locale = headers_locale(req.headers());
    if req.uri().query().is_some_and(|q| holds_nul(q.as_bytes())) {
        return refused(AppError::unreadable(locale));
    }
    let (parts, body) = req.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.to_string().contains("length limit exceeded") => {
            return refused(AppError::TooLarge);
        }
        Err(_) => return refused(AppError::unreadable(locale)),
    };
    if holds_nul(&bytes) {
        return refused(AppError::unreadable(locale));
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// A NUL as it arrives in a form or a query: raw, or percent-encoded.
fn holds_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0) || bytes.windows(3).any(|w| w == b"%00")
}

/// Encoded as every server function encodes its errors.
fn refused(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, [(CONTENT_TYPE, "application/json")], error.ser()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_found_raw_or_encoded_and_an_encoded_percent_is_not_one() {
        assert!(holds_nul(b"order_no=1%00"));
        assert!(holds_nul(b"slug=a\0b"));
        assert!(!holds_nul(b"q=100%25%30%30"));
        assert!(!holds_nul(b"q=%2500&page=1"));
        assert!(!holds_nul(b""));
    }
}
