//! `/account/my-data.json`: everything the shop holds about the member
//! asking, as a download (what PIPL and GDPR call access and
//! portability). Each centre says what it holds (`app::personal_data`);
//! staff see every download in the audit log.

use app::audit::repo::{AuditEntry, AuditRepo};
use app::auth::viewer::Viewer;
use app::db::AnyConnection;
use app::personal_data::export_all;
use app::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};

pub async fn download(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
) -> Response {
    // Guests are sent to the login page before they get here
    // (`guarded_pages`); this is the answer should that ever change.
    let Some(member) = viewer.and_then(|Extension(v)| v.member) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let sections = match export_all(&AnyConnection::new(&state.db), member.id).await {
        Ok(sections) => sections,
        Err(err) => {
            tracing::error!(error = %err, member = member.id, "cannot read a member's data for its export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let entry = AuditEntry::by_member(
        member.id,
        "member.data_export",
        format!("member {} downloaded a copy of their data", member.id),
    );
    if let Err(err) = AuditRepo(&state.db).record(entry).await {
        tracing::error!(error = %err, "cannot audit a member's data export");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let document = serde_json::json!({
        "shop": state.settings.current().name,
        "exported_at": chrono::Utc::now().to_rfc3339(),
        "data": sections,
    });
    let body = serde_json::to_string_pretty(&document).unwrap_or_default();
    (
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\""),
            (CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response()
}
