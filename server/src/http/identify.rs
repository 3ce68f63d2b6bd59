//! Who is asking: resolved once per request, before any page or server
//! function runs, and left in the request for them to read.

use std::net::SocketAddr;

use app::auth::request::ClientIp;
use app::cart::CartUnits;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::COOKIE;

pub async fn identify(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientIp(addr.ip()));
    }
    if needs_identity(req.uri().path()) {
        match state
            .identities
            .identify(&state.db, req.headers(), &state.session_lifetimes())
            .await
        {
            Ok((viewer, sessions)) => {
                if is_page(req.uri().path()) {
                    let cookies = req
                        .headers()
                        .get(COOKIE)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let member = viewer.member.as_ref().map(|m| m.id);
                    let units = cart_units(&state, member, cookies.as_deref()).await;
                    req.extensions_mut().insert(CartUnits(units));
                }
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

/// The header's cart badge is rendered with the page. A guest without a
/// cart cookie has nothing to count, so their (cacheable) pages cost no
/// query here.
async fn cart_units(state: &AppState, member_id: Option<i64>, cookies: Option<&str>) -> i64 {
    app::cart::units_for(&state.db, member_id, cookies)
        .await
        .unwrap_or_else(|err| {
            tracing::warn!(error = %err, "cannot count the cart for the badge");
            0
        })
}

/// Pages, as opposed to server functions and files.
fn is_page(path: &str) -> bool {
    !path.starts_with("/api/") && !path.starts_with("/media/")
}

/// Static files and machine endpoints never depend on who asks.
fn needs_identity(path: &str) -> bool {
    !(path.starts_with("/pkg/")
        || matches!(path, "/healthz" | "/readyz" | "/metrics" | "/favicon.svg"))
}
