//! Who is asking: resolved once per request, before any page or server
//! function runs, and left in the request for them to read.

use std::net::SocketAddr;

use app::auth::request::ClientIp;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

pub async fn identify(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientIp(addr.ip()));
    }
    if needs_identity(req.uri().path()) {
        match state.identities.identify(&state.db, req.headers()).await {
            Ok((viewer, sessions)) => {
                req.extensions_mut().insert(viewer);
                req.extensions_mut().insert(sessions);
            }
            // Without the database nobody can be recognised: the request
            // goes on as a guest's, and whatever it needs fails on its own.
            Err(err) => {
                tracing::warn!(error = %err, "cannot look up the session; serving as a guest")
            }
        }
    }
    next.run(req).await
}

/// Static files and machine endpoints never depend on who asks.
fn needs_identity(path: &str) -> bool {
    !(path.starts_with("/pkg/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics" | "/favicon.svg"))
}
