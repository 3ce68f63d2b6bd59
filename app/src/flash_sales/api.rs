//! Flash sales for shoppers, under `/api/flash/…`: the board of running
//! and upcoming sessions, and buying one unit.

use leptos::prelude::*;

use super::model::{Board, ProductFlash};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::buy::{BuyError, Terms},
    super::model::{ItemView, Refusal, SessionView},
    super::repo::FlashRepo,
    crate::auth::request::{client_ip, require_member},
    crate::cart::repo::CartRepo,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::state::AppState,
};

/// Sessions running or to come, with the server's clock for countdowns.
#[server(prefix = "/api", endpoint = "flash", input = server_fn::codec::GetUrl)]
pub async fn get_flash_board() -> Result<Board, AppError> {
    let state = AppState::from_context()?;
    let now = chrono::Utc::now();
    let sessions = FlashRepo(&state.db).running_and_upcoming(now).await?;
    let skus = crate::flash_sales::repo::sku_ids(&sessions);
    let lines = CartRepo(&state.db).describe(skus).await?;
    Ok(Board {
        now: now.timestamp_millis(),
        sessions: sessions
            .into_iter()
            .map(|(session, items)| SessionView {
                id: session.id,
                title: session.title,
                starts_at: session.starts_at.timestamp_millis(),
                ends_at: session.ends_at.timestamp_millis(),
                items: items
                    .into_iter()
                    .filter_map(|item| {
                        let line = lines.get(&item.sku_id)?;
                        Some(ItemView {
                            id: item.id,
                            product_slug: line.product_slug.clone(),
                            title: if line.variant.is_empty() {
                                line.title.clone()
                            } else {
                                format!("{} · {}", line.title, line.variant)
                            },
                            image: line.image.clone(),
                            price: line.price,
                            flash_price: item.flash_price,
                            stock: item.stock,
                            sold: item.sold,
                            per_member_limit: item.per_member_limit,
                        })
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The flash price of the product while a sale of it runs, answered
/// from this server's board.
#[server(prefix = "/api", endpoint = "flash/product", input = server_fn::codec::GetUrl)]
pub async fn get_product_flash(slug: String) -> Result<Option<ProductFlash>, AppError> {
    let state = AppState::from_context()?;
    let now = chrono::Utc::now();
    Ok(state
        .flash
        .board()
        .on_product(&slug, now)
        .map(|(flash_price, ends_at, variant)| ProductFlash {
            variant,
            flash_price,
            ends_at,
            now: now.timestamp_millis(),
        }))
}

/// Buys one unit of a flash-sale item for the logged-in member; answers
/// the order's number, to pay at `/pay/{order_no}`.
#[server(prefix = "/api", endpoint = "flash/buy")]
pub async fn buy_flash(item_id: i64) -> Result<String, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let limits = &state.flash_limits;
    let within_limits =
        limits.per_member.allow(member.id) && client_ip().is_none_or(|ip| limits.per_ip.allow(ip));
    if !within_limits {
        return Err(refusal(locale, Refusal::TooFast));
    }
    let settings = state.settings.current();
    let terms = Terms {
        shipping: settings.shipping_rule(),
        pay_within: chrono::Duration::minutes(i64::from(settings.flash_payment_timeout_minutes)),
    };
    match state
        .flash
        .buy(item_id, member.id, terms, chrono::Utc::now())
        .await
    {
        Ok(order_no) => {
            crate::navigation::redirect_plain_form(&format!("/account/orders/{order_no}"));
            Ok(order_no)
        }
        Err(BuyError::Refused(refused)) => Err(refusal(locale, refused)),
        Err(BuyError::Database(err)) => Err(err.into()),
    }
}

/// A refusal in the shopper's words, with its status.
#[cfg(feature = "ssr")]
fn refusal(locale: crate::i18n::Locale, refused: Refusal) -> AppError {
    let conflict = |message: &str| AppError::Conflict(message.to_owned());
    match refused {
        Refusal::SignIn => AppError::Unauthorized,
        Refusal::NoSuchItem => AppError::NotFound,
        Refusal::NotStarted => conflict(td_string!(locale, flash.err_not_started)),
        Refusal::Ended => conflict(td_string!(locale, flash.err_ended)),
        Refusal::SoldOut => conflict(td_string!(locale, flash.err_sold_out)),
        Refusal::LimitReached => conflict(td_string!(locale, flash.err_limit)),
        Refusal::NoAddress => conflict(td_string!(locale, flash.err_no_address)),
        Refusal::TooFast => AppError::TooManyRequests,
    }
}
