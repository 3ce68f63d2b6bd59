//! Group buying for shoppers, under `/api/group/…`: the running deals,
//! one group, and opening or joining a group.

use leptos::prelude::*;

use super::model::{DealView, Deals, GroupView};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::join::{JoinError, Joined, Terms},
    super::model::Refusal,
    crate::auth::request::{require_member, viewer},
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

/// Running deals with the groups open on them, and the server's clock.
#[server(prefix = "/api", endpoint = "group", input = server_fn::codec::GetUrl)]
pub async fn get_group_deals() -> Result<Deals, AppError> {
    let state = AppState::from_context()?;
    Ok(super::read::deals(&state.db, chrono::Utc::now()).await?)
}

/// The running deal on a product, for its page.
#[server(prefix = "/api", endpoint = "group/product", input = server_fn::codec::GetUrl)]
pub async fn get_product_deal(slug: String) -> Result<Option<DealView>, AppError> {
    let state = AppState::from_context()?;
    Ok(super::read::deal_on_product(&state.db, &slug, chrono::Utc::now()).await?)
}

/// One group, as its shared link shows it.
#[server(prefix = "/api", endpoint = "group/view", input = server_fn::codec::GetUrl)]
pub async fn get_group(group_id: i64) -> Result<GroupView, AppError> {
    let state = AppState::from_context()?;
    let me = viewer().member.map(|m| m.id);
    super::read::group(&state.db, group_id, me, chrono::Utc::now())
        .await?
        .ok_or(AppError::NotFound)
}

/// Opens a group on the deal with the member in its first place; answers
/// the group, whose page asks them to pay.
#[server(prefix = "/api", endpoint = "group/open")]
pub async fn open_group(deal_id: i64) -> Result<i64, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let opened = super::join::open(
        &state.db,
        deal_id,
        member.id,
        terms(&state),
        chrono::Utc::now(),
    )
    .await;
    answer(&state, opened)
}

/// Takes a place in the group for the member.
#[server(prefix = "/api", endpoint = "group/join")]
pub async fn join_group(group_id: i64) -> Result<i64, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let joined = super::join::join(
        &state.db,
        group_id,
        member.id,
        terms(&state),
        chrono::Utc::now(),
    )
    .await;
    answer(&state, joined)
}

#[cfg(feature = "ssr")]
fn terms(state: &AppState) -> Terms {
    let settings = state.settings.current();
    Terms {
        shipping: settings.shipping_rule(),
        pay_within: chrono::Duration::minutes(i64::from(settings.payment_timeout_minutes)),
    }
}

#[cfg(feature = "ssr")]
fn answer(state: &AppState, outcome: Result<Joined, JoinError>) -> Result<i64, AppError> {
    match outcome {
        Ok(joined) => {
            // The unit left the SKU's stock.
            state.catalog.invalidate();
            redirect_plain_form(&format!("/group/{}", joined.group_id));
            Ok(joined.group_id)
        }
        Err(JoinError::Refused(refused)) => Err(refusal(refused)),
        Err(JoinError::Database(err)) => Err(err.into()),
    }
}

/// A refusal in the shopper's words.
#[cfg(feature = "ssr")]
fn refusal(refused: Refusal) -> AppError {
    let locale = request_locale();
    let conflict = |message: &str| AppError::Conflict(message.to_owned());
    match refused {
        Refusal::NoSuchDeal | Refusal::NoSuchGroup => AppError::NotFound,
        Refusal::NotRunning => conflict(td_string!(locale, group.err_not_running)),
        Refusal::Full => conflict(td_string!(locale, group.err_full)),
        Refusal::Closed => conflict(td_string!(locale, group.err_closed)),
        Refusal::AlreadyIn => conflict(td_string!(locale, group.err_already_in)),
        Refusal::LimitReached => conflict(td_string!(locale, group.err_limit)),
        Refusal::NoAddress => conflict(td_string!(locale, group.err_no_address)),
        Refusal::OutOfStock => conflict(td_string!(locale, group.err_out_of_stock)),
    }
}
