//! Coupons for shoppers, under `/api/coupons/…`: what the coupon centre
//! offers, claiming one, and the member's own coupons by tab.

use leptos::prelude::*;

use super::view::{Claimable, CouponCard};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::repo::{ClaimError, CouponRepo, WalletQuery},
    super::view::CouponState,
    crate::auth::request::{require_member, viewer},
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::state::AppState,
};

/// The coupons the centre offers now, with what is left and how many of
/// each the viewer holds. Guests see them too.
#[server(prefix = "/api", endpoint = "coupons", input = server_fn::codec::GetUrl)]
pub async fn get_claimable() -> Result<Vec<Claimable>, AppError> {
    let state = AppState::from_context()?;
    let repo = CouponRepo(&state.db);
    let held = match viewer().member {
        Some(member) => repo.held_counts(member.id).await?,
        None => Default::default(),
    };
    Ok(repo
        .claimable(chrono::Utc::now())
        .await?
        .into_iter()
        .filter_map(|t| {
            Some(Claimable {
                terms: t.terms()?,
                held: held.get(&t.id).copied().unwrap_or(0),
                template_id: t.id,
                name: t.name,
                left: (t.total_quantity - t.claimed).max(0),
                total: t.total_quantity,
                per_member_limit: t.per_member_limit,
                new_members_only: t.new_members_only,
                claim_ends_at: t.claim_ends_at.to_rfc3339(),
                valid_days: t.valid_days,
                use_ends_at: t.use_ends_at.map(|at| at.to_rfc3339()),
            })
        })
        .collect())
}

/// Claims one coupon of the template for the logged-in member, in the
/// template's next batch of claims.
#[server(prefix = "/api", endpoint = "coupons/claim")]
pub async fn claim_coupon(template_id: i64) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    state
        .claims
        .claim(template_id, member.id)
        .await
        .map_err(|refused| claim_refusal(locale, refused))?;
    crate::navigation::redirect_plain_form("/coupons");
    Ok(())
}

/// Why a claim was refused, in the shopper's words.
#[cfg(feature = "ssr")]
pub fn claim_refusal(locale: crate::i18n::Locale, refused: ClaimError) -> AppError {
    let conflict = |message: &str| AppError::Conflict(message.to_owned());
    match refused {
        ClaimError::NotFound => AppError::NotFound,
        ClaimError::Paused => conflict(td_string!(locale, coupons.err_paused)),
        ClaimError::NotYet => conflict(td_string!(locale, coupons.err_not_yet)),
        ClaimError::Ended => conflict(td_string!(locale, coupons.err_ended)),
        ClaimError::AllClaimed => conflict(td_string!(locale, coupons.err_all_claimed)),
        ClaimError::LimitReached(limit) => {
            AppError::Conflict(td_string!(locale, coupons.err_limit, limit).to_string())
        }
        ClaimError::NewMembersOnly => conflict(td_string!(locale, coupons.err_new_only)),
        ClaimError::Database(err) => err.into(),
    }
}

/// The member's coupons in one tab: unused, used or expired.
#[server(prefix = "/api", endpoint = "coupons/mine", input = server_fn::codec::GetUrl)]
pub async fn get_my_coupons(tab: Option<String>) -> Result<Vec<CouponCard>, AppError> {
    use crate::orders::entity::order;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    use std::collections::HashMap;

    let member = require_member()?;
    let state = AppState::from_context()?;
    let tab = CouponState::parse(tab.as_deref().unwrap_or_default());
    let now = chrono::Utc::now();
    let coupons = CouponRepo(&state.db)
        .wallet(member.id, WalletQuery::tab(tab, now))
        .await?;
    let order_nos: HashMap<i64, String> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .column(order::Column::OrderNo)
        .filter(order::Column::Id.is_in(coupons.iter().filter_map(|(c, _)| c.order_id)))
        .filter(order::Column::MemberId.eq(member.id))
        .into_tuple::<(i64, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    Ok(coupons
        .into_iter()
        .filter_map(|(coupon, template)| {
            Some(CouponCard {
                id: coupon.id,
                name: template.name.clone(),
                terms: template.terms()?,
                starts_at: coupon.starts_at.to_rfc3339(),
                ends_at: coupon.ends_at.to_rfc3339(),
                state: tab,
                order_no: coupon.order_id.and_then(|id| order_nos.get(&id).cloned()),
            })
        })
        .collect())
}
