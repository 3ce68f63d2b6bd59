//! The flash-sale back office's server functions (`/api/admin/flash…`,
//! permission `marketing`). Each change commits with its audit record.

use leptos::prelude::*;

use super::model::{AdminSession, FlashAdmin};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::AdminItem,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::catalog::entity::sku,
    crate::flash_sales::entity::{flash_item, flash_session},
    crate::flash_sales::model::{NewItem, NewSession},
    crate::flash_sales::repo::{FlashRepo, SetupError},
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
    sea_orm::{ColumnTrait, EntityTrait, QueryFilter},
    std::collections::HashMap,
};

/// The latest sessions, with what each item sold and how this server is
/// answering attempts on it.
#[server(prefix = "/api", endpoint = "admin/flash", input = server_fn::codec::GetUrl)]
pub async fn get_flash_admin() -> Result<FlashAdmin, AppError> {
    require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let sessions = FlashRepo(&state.db).latest(30).await?;
    Ok(FlashAdmin {
        now: chrono::Utc::now().timestamp_millis(),
        sessions: admin_sessions(&state, sessions).await?,
    })
}

/// One session, for the page that changes it.
#[server(prefix = "/api", endpoint = "admin/flash/session", input = server_fn::codec::GetUrl)]
pub async fn get_flash_session_admin(session_id: i64) -> Result<AdminSession, AppError> {
    require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let session = FlashRepo(&state.db)
        .session(session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    admin_sessions(&state, vec![session])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
async fn admin_sessions(
    state: &AppState,
    sessions: Vec<(flash_session::Model, Vec<flash_item::Model>)>,
) -> Result<Vec<AdminSession>, AppError> {
    let sku_ids = crate::flash_sales::repo::sku_ids(&sessions);
    let lines = crate::cart::repo::CartRepo(&state.db)
        .describe(sku_ids)
        .await?;
    let board = state.flash.board();
    Ok(sessions
        .into_iter()
        .map(|(session, items)| AdminSession {
            id: session.id,
            title: session.title,
            starts_at: session.starts_at.timestamp_millis(),
            ends_at: session.ends_at.timestamp_millis(),
            items: items
                .into_iter()
                .map(|item| {
                    let line = lines.get(&item.sku_id);
                    let (accepted, refused) =
                        board.known(item.id).map_or((0, 0), |live| live.attempts());
                    AdminItem {
                        id: item.id,
                        sku_code: line.map(|l| l.sku_code.clone()).unwrap_or_default(),
                        title: line.map(|l| l.title.clone()).unwrap_or_default(),
                        flash_price: item.flash_price,
                        stock: item.stock,
                        sold: item.sold,
                        per_member_limit: item.per_member_limit,
                        accepted,
                        refused,
                    }
                })
                .collect(),
        })
        .collect())
}

/// Sets up a session: times as the form's `datetime-local` fields give
/// them, on the store's clock; items one a line (see `form`).
#[server(prefix = "/api", endpoint = "admin/flash/create")]
pub async fn create_flash_session(
    title: String,
    starts: String,
    ends: String,
    items: String,
) -> Result<i64, AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let (new, summary) = read_session_form(&state, title, &starts, &ends, &items).await?;
    let now = chrono::Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    let id = FlashRepo(&*tx)
        .create_session(&new, now)
        .await
        .map_err(setup_error)?;
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "flash.create",
            "flash_session",
            id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    after_change(&state, now).await;
    redirect_plain_form("/admin/flash-sales");
    Ok(id)
}

/// Changes a session: the same form as a new one, with what may change
/// depending on whether it has started (see `flash_sales::edit`).
#[server(prefix = "/api", endpoint = "admin/flash/update")]
pub async fn update_flash_session(
    session_id: i64,
    title: String,
    starts: String,
    ends: String,
    items: String,
) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let (wanted, summary) = read_session_form(&state, title, &starts, &ends, &items).await?;
    let now = chrono::Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    if !FlashRepo(&*tx)
        .edit_session(session_id, &wanted, now)
        .await
        .map_err(setup_error)?
    {
        return Err(AppError::NotFound);
    }
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "flash.update",
            "flash_session",
            session_id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    after_change(&state, now).await;
    redirect_plain_form("/admin/flash-sales");
    Ok(())
}

/// The session a form describes, and a line saying so for the audit log.
#[cfg(feature = "ssr")]
async fn read_session_form(
    state: &AppState,
    title: String,
    starts: &str,
    ends: &str,
    items: &str,
) -> Result<(NewSession, String), AppError> {
    use super::form::parse_items;
    use crate::clock::parse_local_input;

    let offset = state.settings.current().utc_offset_minutes;
    let bad = |message: String| AppError::BadRequest(message);
    let starts_at = parse_local_input(starts, offset)
        .ok_or_else(|| bad("give the start as a date and time".into()))?;
    let ends_at = parse_local_input(ends, offset)
        .ok_or_else(|| bad("give the end as a date and time".into()))?;
    let lines = parse_items(items).map_err(|err| bad(err.to_string()))?;
    let codes: Vec<String> = lines.iter().map(|l| l.sku_code.clone()).collect();
    let skus: HashMap<String, i64> = sku::Entity::find()
        .filter(sku::Column::Code.is_in(codes))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect();
    let mut new_items = Vec::with_capacity(lines.len());
    for line in &lines {
        let sku_id = *skus
            .get(&line.sku_code)
            .ok_or_else(|| bad(format!("there is no SKU with the code {}", line.sku_code)))?;
        new_items.push(NewItem {
            sku_id,
            flash_price: line.flash_price,
            stock: line.stock,
            per_member_limit: line.per_member_limit,
        });
    }
    let summary = format!(
        "{}: {}",
        title.trim(),
        lines
            .iter()
            .map(|l| format!("{} ×{}", l.sku_code, l.stock))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let session = NewSession {
        title,
        starts_at,
        ends_at,
        items: new_items,
    };
    Ok((session, summary))
}

#[cfg(feature = "ssr")]
fn setup_error(err: SetupError) -> AppError {
    match err {
        SetupError::Database(err) => AppError::from(err),
        other => AppError::BadRequest(other.to_string()),
    }
}

/// This server sells by the change at once; others within a second (and
/// so does this one, should this read fail: the change is saved).
#[cfg(feature = "ssr")]
async fn after_change(state: &AppState, now: chrono::DateTime<chrono::Utc>) {
    if let Err(err) = state.flash.refresh(now).await {
        tracing::warn!(error = %err, "cannot read the flash-sale board");
    }
    state.catalog.invalidate();
}

/// Ends a running or upcoming session now; its unsold units go back to
/// their SKUs within a second.
#[server(prefix = "/api", endpoint = "admin/flash/end")]
pub async fn end_flash_session(session_id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let now = chrono::Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    if !FlashRepo(&*tx).end_now(session_id, now).await? {
        return Err(AppError::Conflict("this session has already ended".into()));
    }
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "flash.end",
            "flash_session",
            session_id,
            "ended early".into(),
        ))
        .await?;
    tx.commit().await?;
    after_change(&state, now).await;
    redirect_plain_form("/admin/flash-sales");
    Ok(())
}
