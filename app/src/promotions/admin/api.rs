//! The promotions back office's server functions
//! (`/api/admin/promotions…`, permission `marketing`). Each change is
//! written with its audit record in one transaction.

use leptos::prelude::*;

use super::model::{IssueReport, PromotionsAdmin, TemplateFields};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::form::FormError,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::promotions::model::TemplateStatus,
    crate::promotions::offer_repo::OfferRepo,
    crate::promotions::repo::CouponRepo,
    crate::state::AppState,
};

/// The most members one issue may name.
pub const MAX_ISSUE: usize = 500;

#[server(prefix = "/api", endpoint = "admin/promotions", input = server_fn::codec::GetUrl)]
pub async fn get_promotions_admin() -> Result<PromotionsAdmin, AppError> {
    use super::model::{OfferRow, TemplateRow};
    use crate::promotions::offer_repo::rules;

    require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let day = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d").to_string();
    // Ends are stored as the midnight after the last day.
    let last_day = |at: chrono::DateTime<chrono::Utc>| day(at - chrono::Duration::seconds(1));
    let templates = CouponRepo(&state.db)
        .templates_with_revenue()
        .await?
        .into_iter()
        .filter_map(|(t, revenue)| {
            Some(TemplateRow {
                terms: t.terms()?,
                id: t.id,
                name: t.name,
                claimed: t.claimed,
                total_quantity: t.total_quantity,
                used: t.used,
                revenue,
                per_member_limit: t.per_member_limit,
                new_members_only: t.new_members_only,
                active: t.status == TemplateStatus::Active.as_str(),
                claim_from: day(t.claim_starts_at),
                claim_until: last_day(t.claim_ends_at),
            })
        })
        .collect();
    let offers = OfferRepo(&state.db)
        .all()
        .await?
        .into_iter()
        .filter_map(|row| {
            let offer = rules(&row)?;
            Some(OfferRow {
                id: row.id,
                name: row.name,
                scope: offer.scope,
                tiers: offer.tiers,
                starts: day(row.starts_at),
                ends: last_day(row.ends_at),
                active: row.status == TemplateStatus::Active.as_str(),
            })
        })
        .collect();
    Ok(PromotionsAdmin { templates, offers })
}

#[server(prefix = "/api", endpoint = "admin/promotions/coupons/create")]
pub async fn create_coupon_template(form: TemplateFields) -> Result<i64, AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let new = super::form::parse_template(&form).map_err(|err| form_error(locale, err))?;
    let summary = format!("{} × {}", new.name, new.total_quantity);
    let tx = crate::db::begin_write(&state.db).await?;
    let id = CouponRepo(&tx)
        .create_template(new, chrono::Utc::now())
        .await?;
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "coupon_template.create",
            "coupon_template",
            id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/promotions");
    Ok(id)
}

#[server(prefix = "/api", endpoint = "admin/promotions/coupons/edit")]
pub async fn edit_coupon_template(
    template_id: i64,
    name: String,
    total_quantity: String,
    claim_until: String,
    per_member_limit: String,
) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let edit = super::form::parse_edit(&name, &total_quantity, &claim_until, &per_member_limit)
        .map_err(|err| form_error(locale, err))?;
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = CouponRepo(&tx);
    let Some(before) = repo.template(template_id).await? else {
        return Err(AppError::NotFound);
    };
    if edit.claim_until <= before.claim_starts_at {
        return Err(form_error(locale, FormError::ClaimDates));
    }
    if !repo
        .edit_template(template_id, &edit, chrono::Utc::now())
        .await?
    {
        return Err(AppError::Conflict(
            td_string!(
                locale,
                coupons_admin.below_claimed,
                claimed = before.claimed
            )
            .to_string(),
        ));
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "coupon_template.edit",
            "coupon_template",
            template_id,
            format!(
                "{} × {} → {} × {}, limit {} → {}",
                before.name,
                before.total_quantity,
                edit.name,
                edit.total_quantity,
                before.per_member_limit,
                edit.per_member_limit
            ),
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/promotions");
    Ok(())
}

/// Pauses claiming (`active` false) or resumes it. Coupons already
/// claimed stay usable.
#[server(prefix = "/api", endpoint = "admin/promotions/coupons/status")]
pub async fn set_coupon_template_active(template_id: i64, active: bool) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let status = TemplateStatus::from_active(active);
    let tx = crate::db::begin_write(&state.db).await?;
    if !CouponRepo(&tx)
        .set_status(template_id, status, chrono::Utc::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "coupon_template.status",
            "coupon_template",
            template_id,
            status.as_str().to_owned(),
        ))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/promotions");
    Ok(())
}

/// Gives one coupon of the template to each member named by email (one
/// per line or comma-separated), whatever the claiming window and the
/// per-member limit, but never past the quantity. All or nothing: an
/// unknown email, or too few coupons left, issues none.
#[server(prefix = "/api", endpoint = "admin/promotions/coupons/issue")]
pub async fn issue_coupons(template_id: i64, emails: String) -> Result<IssueReport, AppError> {
    use crate::members::model::Email;
    use crate::members::repo::MemberRepo;

    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let mut typed: Vec<&str> = emails
        .split([',', '\n', ';', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    typed.sort_unstable();
    typed.dedup();
    if typed.is_empty() || typed.len() > MAX_ISSUE {
        return Err(AppError::BadRequest(
            td_string!(locale, coupons_admin.bad_emails, max = MAX_ISSUE).to_string(),
        ));
    }
    let members = MemberRepo(&state.db);
    let mut ids = Vec::with_capacity(typed.len());
    let mut unknown = Vec::new();
    for email in &typed {
        let found = match Email::parse(email) {
            Ok(email) => members.credentials(&email).await?,
            Err(_) => None,
        };
        match found {
            Some(member) => ids.push(member.id),
            None => unknown.push((*email).to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Ok(IssueReport { issued: 0, unknown });
    }
    // Two spellings of one email find one member: one coupon each.
    ids.sort_unstable();
    ids.dedup();
    let now = chrono::Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = CouponRepo(&tx);
    for member_id in &ids {
        if let Err(refused) = repo.issue(template_id, *member_id, now).await {
            tx.rollback().await?;
            return Err(crate::promotions::api::claim_refusal(locale, refused));
        }
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "coupon_template.issue",
            "coupon_template",
            template_id,
            typed.join(", "),
        ))
        .await?;
    tx.commit().await?;
    Ok(IssueReport {
        issued: u32::try_from(ids.len()).unwrap_or(u32::MAX),
        unknown,
    })
}

#[server(prefix = "/api", endpoint = "admin/promotions/offers/create")]
pub async fn create_offer(
    name: String,
    scope_kind: String,
    scope_ids: String,
    tiers: String,
    starts: String,
    ends: String,
) -> Result<i64, AppError> {
    use super::form::{OfferForm, parse_offer};

    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let new = parse_offer(&OfferForm {
        name: &name,
        scope_kind: &scope_kind,
        scope_ids: &scope_ids,
        tiers: &tiers,
        starts: &starts,
        ends: &ends,
    })
    .map_err(|err| form_error(locale, err))?;
    let summary = format!("{}: {}", new.name, tiers.trim());
    let tx = crate::db::begin_write(&state.db).await?;
    let id = OfferRepo(&tx).create(new, chrono::Utc::now()).await?;
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "offer.create",
            "offer",
            id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    state.offers.forget();
    redirect_plain_form("/admin/promotions");
    Ok(id)
}

/// Changes an offer's name, tiers and days (its scope stays).
#[server(prefix = "/api", endpoint = "admin/promotions/offers/edit")]
pub async fn edit_offer(
    offer_id: i64,
    name: String,
    tiers: String,
    starts: String,
    ends: String,
) -> Result<(), AppError> {
    use super::form::{OfferForm, parse_offer};

    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let edit = parse_offer(&OfferForm {
        name: &name,
        // The scope is not edited; any valid one passes the check.
        scope_kind: "all",
        scope_ids: "",
        tiers: &tiers,
        starts: &starts,
        ends: &ends,
    })
    .map_err(|err| form_error(locale, err))?;
    let tx = crate::db::begin_write(&state.db).await?;
    if !OfferRepo(&tx)
        .edit(offer_id, &edit, chrono::Utc::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "offer.edit",
            "offer",
            offer_id,
            format!("{}: {}, {} – {}", edit.name, tiers.trim(), starts, ends),
        ))
        .await?;
    tx.commit().await?;
    state.offers.forget();
    redirect_plain_form("/admin/promotions");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/promotions/offers/status")]
pub async fn set_offer_active(offer_id: i64, active: bool) -> Result<(), AppError> {
    let me = require_staff(Permission::Marketing)?;
    let state = AppState::from_context()?;
    let status = TemplateStatus::from_active(active);
    let tx = crate::db::begin_write(&state.db).await?;
    if !OfferRepo(&tx)
        .set_status(offer_id, status, chrono::Utc::now())
        .await?
    {
        return Err(AppError::NotFound);
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "offer.status",
            "offer",
            offer_id,
            status.as_str().to_owned(),
        ))
        .await?;
    tx.commit().await?;
    state.offers.forget();
    redirect_plain_form("/admin/promotions");
    Ok(())
}

#[cfg(feature = "ssr")]
fn form_error(locale: Locale, err: FormError) -> AppError {
    let message = match err {
        FormError::Name => td_string!(locale, coupons_admin.bad_name),
        FormError::Kind => td_string!(locale, coupons_admin.bad_kind),
        FormError::Amount => td_string!(locale, coupons_admin.bad_amount),
        FormError::Percent => td_string!(locale, coupons_admin.bad_percent),
        FormError::Cap => td_string!(locale, coupons_admin.bad_cap),
        FormError::Threshold => td_string!(locale, coupons_admin.bad_threshold),
        FormError::Scope => td_string!(locale, coupons_admin.bad_scope),
        FormError::ClaimDates => td_string!(locale, coupons_admin.bad_claim_dates),
        FormError::UseDates => td_string!(locale, coupons_admin.bad_use_dates),
        FormError::Quantity => td_string!(locale, coupons_admin.bad_quantity),
        FormError::Limit => td_string!(locale, coupons_admin.bad_limit),
        FormError::Tiers => td_string!(locale, coupons_admin.bad_tiers),
        FormError::OfferDates => td_string!(locale, coupons_admin.bad_offer_dates),
    };
    AppError::BadRequest(message.to_owned())
}
