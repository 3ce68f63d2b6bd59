//! How much of a request's body the shop reads: [`DEFAULT`] for every
//! route, more only where a route needs it (a catalog import); the product
//! picture upload keeps its own limit (`product_images.rs`).
//!
//! A body announced larger (`Content-Length`) is answered 413 at once,
//! before any of it is read. A body sent without a length is cut off at
//! the limit while it is read, and the server function reading it answers
//! 413 too (`AppError::TooLarge`). Either way the answer is the JSON error
//! every server function gives, which the page shows in the shopper's
//! language, and the log gets no error line.

use app::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http_body_util::Limited;
use leptos::server_fn::error::FromServerFnError;

/// Every form, server function and callback: the largest (a product's
/// description) is some tens of KiB.
pub const DEFAULT: usize = 256 * 1024;
/// A catalog import: thousands of SKU lines of CSV.
pub const CATALOG_IMPORT: usize = 4 * 1024 * 1024;

/// The limit for a path; `None` where the route sets its own.
pub fn limit_for(path: &str) -> Option<usize> {
    if path.starts_with("/admin/products/") && path.ends_with("/images") {
        return None;
    }
    if path == "/api/admin/catalog/import" {
        return Some(CATALOG_IMPORT);
    }
    Some(DEFAULT)
}

pub async fn limit(req: Request, next: Next) -> Response {
    let Some(limit) = limit_for(req.uri().path()) else {
        return next.run(req).await;
    };
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        return too_large();
    }
    next.run(req.map(|body| Body::new(Limited::new(body, limit))))
        .await
}

fn too_large() -> Response {
    // Encoded as every server function encodes its errors.
    let body = AppError::TooLarge.ser();
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_import_reads_more_and_the_upload_sets_its_own() {
        assert_eq!(limit_for("/api/members/login"), Some(DEFAULT));
        assert_eq!(limit_for("/checkout"), Some(DEFAULT));
        assert_eq!(limit_for("/api/admin/catalog/import"), Some(CATALOG_IMPORT));
        assert_eq!(limit_for("/admin/products/7/images"), None);
        assert_eq!(limit_for("/admin/products/7"), Some(DEFAULT));
    }
}
