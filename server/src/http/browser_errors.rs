//! `POST /api/browser/panics`: where the browser bundle's panic hook reports
//! a page that died in a shopper's browser, so it shows in `/metrics` and
//! in the log instead of only in that shopper's console.
//!
//! Anyone can call it, so it keeps nothing but a counter and a shortened
//! log line, and takes a bounded number of reports a second: a flood costs
//! a counter increment per request and is itself counted.

use std::sync::Arc;

use app::rate_limit::RateLimit;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::post;
use http::StatusCode;

pub const PANICS: &str = "browser_panics_total";
pub const DROPPED: &str = "browser_panic_reports_dropped_total";

/// A panic message with its location is a few hundred bytes; more is not a
/// report from our bundle.
const MAX_BODY: usize = 4 * 1024;
/// What of a message goes into the log.
const LOGGED_CHARS: usize = 300;
/// Reports taken per second across all callers, with this burst.
const PER_SECOND: u32 = 5;
const BURST: u32 = 20;

pub fn route<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/api/browser/panics", post(report))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(Arc::new(RateLimit::new(PER_SECOND, BURST)))
}

async fn report(State(limit): State<Arc<RateLimit<()>>>, body: Bytes) -> StatusCode {
    if !limit.allow(()) {
        metrics::counter!(DROPPED).increment(1);
        return StatusCode::TOO_MANY_REQUESTS;
    }
    metrics::counter!(PANICS).increment(1);
    tracing::warn!(
        message = %loggable(&body),
        "a page panicked in a shopper's browser"
    );
    StatusCode::NO_CONTENT
}

/// The start of the message on one line: what a caller sends must not be
/// able to forge log lines.
fn loggable(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(LOGGED_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_cannot_be_forged_or_grow() {
        let line = loggable(b"panicked at x\nERROR forged line\r\n");
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert_eq!(loggable(&[b'a'; 5000]).len(), LOGGED_CHARS);
        assert_eq!(loggable(&[0xff, b'x']), "\u{fffd}x");
    }
}
