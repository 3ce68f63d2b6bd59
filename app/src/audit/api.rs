use leptos::prelude::*;

use super::model::{AuditFilter, AuditRecord};
use crate::error::AppError;
use crate::staff::model::StaffSummary;
#[cfg(feature = "ssr")]
use {
    super::model::parse_day, super::repo::AuditRepo, crate::auth::permission::Permission,
    crate::auth::request::require_staff, crate::staff::repo::StaffRepo, crate::state::AppState,
};

/// A page of the audit log, and the staff to filter it by.
#[server(prefix = "/api", endpoint = "admin/audit", input = server_fn::codec::GetUrl)]
pub async fn list_audit(
    filter: AuditFilter,
) -> Result<(Vec<AuditRecord>, Vec<StaffSummary>), AppError> {
    require_staff(Permission::Audit)?;
    let state = AppState::from_context()?;
    let from = filter.from.as_deref().and_then(parse_day);
    let to = filter.to.as_deref().and_then(parse_day);
    let records = AuditRepo(&state.db)
        .list(filter.staff_id, from, to, filter.page)
        .await?;
    Ok((records, StaffRepo(&state.db).list().await?))
}
