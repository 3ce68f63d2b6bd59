//! Endpoints for load balancers and orchestrators.

use std::time::Duration;

use app::state::AppState;
use axum::extract::State;
use http::StatusCode;

/// How long `/readyz` waits for the database before calling it down.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is up and answering. Says nothing about its dependencies,
/// so a database outage does not get every app server restarted.
pub async fn alive() -> &'static str {
    "ok"
}

/// Ready for traffic: the database answers.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if app::db::is_ready(&state.db, READY_TIMEOUT).await {
        (StatusCode::OK, "ready")
    } else {
        tracing::warn!("readiness check failed: the database does not answer");
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
