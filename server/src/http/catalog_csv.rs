//! `/admin/products.csv`: every SKU's price and stock as a spreadsheet,
//! for staff with the `catalog` permission. A plain download, not a server
//! function, so the browser saves it as a file.

use app::auth::permission::Permission;
use app::auth::viewer::Viewer;
use app::catalog::admin::csv::export;
use app::catalog::admin::repo::AdminCatalogRepo;
use app::state::AppState;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};

pub async fn export_skus(State(state): State<AppState>, req: Request) -> Response {
    let viewer = req
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    match viewer.staff {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(staff) if !staff.may(Permission::Catalog) => {
            return StatusCode::FORBIDDEN.into_response();
        }
        Some(_) => {}
    }
    let lines = match AdminCatalogRepo(&state.db).sku_lines().await {
        Ok(lines) => lines,
        Err(err) => {
            tracing::error!(error = %err, "cannot read the SKUs for an export");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match export(&lines) {
        Ok(body) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"skus.csv\""),
                (CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot write the SKU export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
