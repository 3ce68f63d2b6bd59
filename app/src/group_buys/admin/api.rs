//! The group-deal back office's server functions (`/api/admin/group…`,
//! permission `marketing`). Each change commits with its audit record.

use leptos::prelude::*;

use super::model::{AdminDeal, GroupAdmin};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::catalog::entity::sku,
    crate::group_buys::entity::group_deal,
    crate::group_buys::model::{GroupStage, NewDeal},
    crate::group_buys::repo::{DealSetupError, GroupRepo},
    crate::money::parse_price,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
    sea_orm::{ColumnTrait, EntityTrait, QueryFilter},
};

/// The latest deals with how their groups are doing.
#[server(prefix = "/api", endpoint = "admin/group", input = server_fn::codec::GetUrl)]
pub async fn get_group_admin() -> Result<GroupAdmin, AppError> {
    require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let deals = GroupRepo(&state.db).latest_deals(50).await?;
    Ok(GroupAdmin {
        now: chrono::Utc::now().timestamp_millis(),
        deals: admin_deals(&state, deals).await?,
    })
}

/// One deal, for the page that changes it.
#[server(prefix = "/api", endpoint = "admin/group/deal", input = server_fn::codec::GetUrl)]
pub async fn get_group_deal_admin(deal_id: i64) -> Result<AdminDeal, AppError> {
    require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let deal = GroupRepo(&state.db)
        .deal(deal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    admin_deals(&state, vec![deal])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
async fn admin_deals(
    state: &AppState,
    deals: Vec<group_deal::Model>,
) -> Result<Vec<AdminDeal>, AppError> {
    let counts = GroupRepo(&state.db)
        .stage_counts(deals.iter().map(|d| d.id))
        .await?;
    let lines = crate::cart::repo::CartRepo(&state.db)
        .describe(deals.iter().map(|d| d.sku_id))
        .await?;
    let count = |deal: i64, stage: GroupStage| {
        counts
            .iter()
            .find(|(d, s, _)| *d == deal && s == stage.as_str())
            .map_or(0, |(_, _, n)| *n)
    };
    Ok(deals
        .into_iter()
        .map(|deal| {
            let line = lines.get(&deal.sku_id);
            AdminDeal {
                id: deal.id,
                sku_code: line.map(|l| l.sku_code.clone()).unwrap_or_default(),
                title: line.map(|l| l.title.clone()).unwrap_or_default(),
                price: line.map_or(0, |l| l.price),
                group_price: deal.group_price,
                group_size: deal.group_size,
                time_limit_minutes: deal.time_limit_minutes,
                per_member_limit: deal.per_member_limit,
                starts_at: deal.starts_at.timestamp_millis(),
                ends_at: deal.ends_at.timestamp_millis(),
                forming: count(deal.id, GroupStage::Forming),
                formed: count(deal.id, GroupStage::Formed),
                failed: count(deal.id, GroupStage::Failed),
            }
        })
        .collect())
}

/// Sets up a deal: times as the form's `datetime-local` fields give them,
/// on the store's clock; the time to form a group in hours.
#[server(prefix = "/api", endpoint = "admin/group/create")]
pub async fn create_group_deal(
    sku_code: String,
    group_price: String,
    group_size: String,
    hours: String,
    per_member_limit: String,
    starts: String,
    ends: String,
) -> Result<i64, AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let code = sku_code.trim();
    let sku_id = sku::Entity::find()
        .filter(sku::Column::Code.eq(code))
        .one(&state.db)
        .await?
        .map(|s| s.id)
        .ok_or_else(|| AppError::BadRequest(format!("there is no SKU with the code {code}")))?;
    let form = DealForm {
        group_price,
        group_size,
        hours,
        per_member_limit,
        starts,
        ends,
    };
    let (new, terms) = form.read(&state, sku_id)?;
    let tx = crate::db::begin_write(&state.db).await?;
    let id = GroupRepo(&*tx)
        .create_deal(&new, chrono::Utc::now())
        .await
        .map_err(setup_error)?;
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "group_deal.create",
            "group_deal",
            id,
            format!("{code} {terms}"),
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/group-deals");
    Ok(id)
}

/// Changes a deal: the form of a new one but for the SKU, which stays,
/// with what may change depending on whether it has started (see
/// `plan_deal_edit`).
#[server(prefix = "/api", endpoint = "admin/group/update")]
pub async fn update_group_deal(
    deal_id: i64,
    group_price: String,
    group_size: String,
    hours: String,
    per_member_limit: String,
    starts: String,
    ends: String,
) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let deal = GroupRepo(&state.db)
        .deal(deal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = DealForm {
        group_price,
        group_size,
        hours,
        per_member_limit,
        starts,
        ends,
    };
    let (wanted, summary) = form.read(&state, deal.sku_id)?;
    let tx = crate::db::begin_write(&state.db).await?;
    if !GroupRepo(&*tx)
        .edit_deal(deal_id, &wanted, chrono::Utc::now())
        .await
        .map_err(setup_error)?
    {
        return Err(AppError::NotFound);
    }
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "group_deal.update",
            "group_deal",
            deal_id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/group-deals");
    Ok(())
}

/// The deal form's fields as they came, but for the SKU.
#[cfg(feature = "ssr")]
struct DealForm {
    group_price: String,
    group_size: String,
    hours: String,
    per_member_limit: String,
    starts: String,
    ends: String,
}

#[cfg(feature = "ssr")]
impl DealForm {
    /// The deal of the SKU the form describes, and its terms in a line
    /// for the audit log.
    fn read(self, state: &AppState, sku_id: i64) -> Result<(NewDeal, String), AppError> {
        use crate::clock::parse_local_input;

        let offset = state.settings.current().utc_offset_minutes;
        let bad = |message: &str| AppError::BadRequest(message.to_owned());
        let number = |text: &str, what: &str| {
            text.trim()
                .parse::<i32>()
                .map_err(|_| bad(&format!("give {what} as a whole number")))
        };
        let hours = number(&self.hours, "the hours to form a group")?;
        let deal = NewDeal {
            sku_id,
            group_price: parse_price(&self.group_price)
                .ok_or_else(|| bad("give the group price as an amount, such as 99.00"))?,
            group_size: number(&self.group_size, "the group size")?,
            time_limit_minutes: hours.saturating_mul(60),
            per_member_limit: number(&self.per_member_limit, "the limit per member")?,
            starts_at: parse_local_input(&self.starts, offset)
                .ok_or_else(|| bad("give the start as a date and time"))?,
            ends_at: parse_local_input(&self.ends, offset)
                .ok_or_else(|| bad("give the end as a date and time"))?,
        };
        let summary = format!(
            "at {} for groups of {} within {hours} h",
            self.group_price.trim(),
            deal.group_size
        );
        Ok((deal, summary))
    }
}

#[cfg(feature = "ssr")]
fn setup_error(err: DealSetupError) -> AppError {
    match err {
        DealSetupError::Database(err) => AppError::from(err),
        other => AppError::BadRequest(other.to_string()),
    }
}

/// Stops new groups on the deal now; groups already open keep their time
/// to form.
#[server(prefix = "/api", endpoint = "admin/group/end")]
pub async fn end_group_deal(deal_id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    if !GroupRepo(&*tx)
        .end_deal(deal_id, chrono::Utc::now())
        .await?
    {
        return Err(AppError::Conflict("this deal has already ended".into()));
    }
    AuditRepo(&*tx)
        .record(AuditEntry::by_staff(
            &me,
            "group_deal.end",
            "group_deal",
            deal_id,
            "ended early".into(),
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/group-deals");
    Ok(())
}
