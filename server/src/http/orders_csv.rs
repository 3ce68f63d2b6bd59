//! `/admin/orders.csv`: the orders matching the back office's filter, as
//! a spreadsheet, for staff with the `orders` permission. Audited, since
//! it carries members' personal data out of the shop.

use std::collections::HashMap;

use app::audit::repo::{AuditEntry, AuditRepo};
use app::auth::permission::Permission;
use app::auth::viewer::Viewer;
use app::orders::admin::export::{MAX_EXPORT_ROWS, export};
use app::orders::admin::model::OrderFilter;
use app::orders::admin::repo::AdminOrderRepo;
use app::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};

pub async fn export_orders(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let staff = match viewer.and_then(|Extension(v)| v.staff) {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(staff) if !staff.may(Permission::Orders) => {
            return StatusCode::FORBIDDEN.into_response();
        }
        Some(staff) => staff,
    };
    let field = |name: &str| query.get(name).map_or("", String::as_str);
    let Ok(filter) = OrderFilter::parse(
        field("status"),
        field("from"),
        field("to"),
        field("order_no"),
        field("email"),
    ) else {
        return (StatusCode::BAD_REQUEST, "dates are YYYY-MM-DD, in order").into_response();
    };
    let rows = match AdminOrderRepo(&state.db)
        .all(&filter, MAX_EXPORT_ROWS)
        .await
    {
        Ok(rows) => rows,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the orders for an export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let entry = AuditEntry {
        staff_id: Some(staff.id),
        action: "order.export",
        entity: "order",
        entity_id: String::new(),
        summary: format!("{} orders, filter {}", rows.len(), filter.query()),
        ip: None,
    };
    if let Err(err) = AuditRepo(&state.db).record(entry).await {
        tracing::error!(error = %err, "cannot audit an order export");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match export(&rows) {
        Ok(body) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"orders.csv\""),
                (CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot write the order export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
