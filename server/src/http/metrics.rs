//! Prometheus metrics: requests by route and status, and their latency.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};

const REQUESTS: &str = "http_requests_total";
const LATENCY: &str = "http_request_duration_seconds";

/// Latency buckets, in seconds: fine-grained where a shop page should be.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Clone)]
pub struct Metrics {
    handle: PrometheusHandle,
}

impl Metrics {
    /// Installs the process-wide recorder that the `metrics` macros write to.
    pub fn install() -> Result<Self, BuildError> {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.to_owned()), LATENCY_BUCKETS)?
            .install_recorder()?;
        metrics::describe_counter!(
            REQUESTS,
            "HTTP requests answered, by method, route and status."
        );
        metrics::describe_histogram!(
            LATENCY,
            metrics::Unit::Seconds,
            "Time to answer an HTTP request."
        );
        metrics::describe_histogram!(
            app::db::group_commit::BATCH_JOBS,
            "Jobs of each kind written per group-commit round."
        );
        metrics::describe_histogram!(
            app::db::group_commit::ROUND_SECONDS,
            metrics::Unit::Seconds,
            "How long a group-commit round's transaction was open."
        );
        metrics::describe_histogram!(
            app::db::SQLITE_TURN_WAIT,
            metrics::Unit::Seconds,
            "How long a write waited for this process's turn at SQLite's one write lock."
        );
        metrics::describe_counter!(
            super::browser_errors::PANICS,
            "Pages that panicked in a shopper's browser, as their panic hook reported."
        );
        metrics::describe_counter!(
            super::browser_errors::DROPPED,
            "Browser panic reports refused by the rate limit."
        );
        // Shown from the start, so a dashboard sees 0 rather than nothing.
        metrics::counter!(super::browser_errors::PANICS).absolute(0);
        Ok(Self { handle })
    }

    /// Histograms keep their samples until this folds them in; run it now
    /// and then so memory stays flat between scrapes.
    pub fn spawn_upkeep(&self) {
        let handle = self.handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        });
    }
}

pub async fn render(State(metrics): State<Metrics>) -> String {
    metrics.handle.render()
}

/// Counts and times every request. Routes are labelled by their pattern
/// (`/p/{slug}`, not `/p/red-shoes`) so the label set stays small.
pub async fn track(req: Request<Body>, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());

    let response = next.run(req).await;

    let status = response.status().as_u16().to_string();
    let elapsed = started.elapsed().as_secs_f64();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(LATENCY, "method" => method, "route" => route).record(elapsed);
    response
}
