//! The cart's server functions, under `/api/cart/…`. Each finds the
//! caller's own cart from their session or guest cookie; none takes a
//! cart id, so nobody can reach another shopper's cart.
//!
//! Plain form posts (JavaScript off) are answered with a redirect to
//! `/cart`, which shows the change or the refusal.

use leptos::prelude::*;

use super::model::Cart;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::guest, super::model::CartProblem, super::repo::CartRepo, crate::state::AppState};

/// The caller's cart; empty for a guest who has added nothing.
#[server(prefix = "/api", endpoint = "cart", input = server_fn::codec::GetUrl)]
pub async fn get_cart() -> Result<Cart, AppError> {
    let state = AppState::from_context()?;
    let Some(owner) = guest::current_owner() else {
        return Ok(Cart::default());
    };
    let repo = CartRepo(&state.db);
    let Some(cart_id) = repo.find(&owner).await? else {
        return Ok(Cart::default());
    };
    Ok(Cart {
        lines: repo.lines(cart_id).await?,
    })
}

/// Units in the caller's cart, for the header's badge.
#[server(prefix = "/api", endpoint = "cart/units", input = server_fn::codec::GetUrl)]
pub async fn cart_units() -> Result<i64, AppError> {
    let state = AppState::from_context()?;
    let Some(owner) = guest::current_owner() else {
        return Ok(0);
    };
    Ok(CartRepo(&state.db).units_of(&owner).await?)
}

/// Adds `quantity` of the SKU with this code. Refused when the product is
/// not on sale, sold out, or when the cart would hold more than is left.
/// Answers the cart's units.
#[server(prefix = "/api", endpoint = "cart/add")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<i64, AppError> {
    use super::model::parse_quantity;

    let state = AppState::from_context()?;
    let adding = parse_quantity(&quantity).map_err(refused)?;
    let owner = guest::owner_or_new()?;
    let added = super::adding::add_to_cart(&state.db, &state.cart_adds, &owner, &sku, adding);
    let units = match added.await {
        Ok(units) => units,
        Err(super::adding::AddError::Refused(problem)) => return Err(refused(problem)),
        Err(super::adding::AddError::Database(err)) => return Err(err.into()),
    };
    crate::navigation::redirect_plain_form("/cart");
    Ok(units)
}

/// Sets a line's quantity (from the cart page).
#[server(prefix = "/api", endpoint = "cart/update")]
pub async fn update_cart_line(sku_id: i64, quantity: String) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let quantity = super::model::parse_quantity(&quantity).map_err(refused)?;
    let cart_id = own_cart(&state).await?;
    if !CartRepo(&state.db)
        .set_quantity(cart_id, sku_id, quantity)
        .await?
    {
        return Err(AppError::NotFound);
    }
    crate::navigation::redirect_plain_form("/cart");
    Ok(())
}

#[server(prefix = "/api", endpoint = "cart/remove")]
pub async fn remove_cart_line(sku_id: i64) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let cart_id = own_cart(&state).await?;
    CartRepo(&state.db).remove(cart_id, sku_id).await?;
    crate::navigation::redirect_plain_form("/cart");
    Ok(())
}

/// Ticks or unticks a line for checkout, or every line when `sku_id` is
/// missing.
#[server(prefix = "/api", endpoint = "cart/select")]
pub async fn select_cart_lines(sku_id: Option<i64>, selected: bool) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let cart_id = own_cart(&state).await?;
    CartRepo(&state.db)
        .set_selected(cart_id, sku_id, selected)
        .await?;
    crate::navigation::redirect_plain_form("/cart");
    Ok(())
}

/// The caller's cart; 404 when they have none (nothing to change).
#[cfg(feature = "ssr")]
async fn own_cart(state: &AppState) -> Result<i64, AppError> {
    let owner = guest::current_owner().ok_or(AppError::NotFound)?;
    CartRepo(&state.db)
        .find(&owner)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(feature = "ssr")]
fn refused(problem: CartProblem) -> AppError {
    use super::model::MAX_LINE_QUANTITY;
    use crate::i18n::td_string;

    let locale = crate::locale::request_locale();
    match problem {
        CartProblem::Quantity => AppError::BadRequest(
            td_string!(locale, catalog.bad_quantity, max = MAX_LINE_QUANTITY).to_string(),
        ),
        CartProblem::SoldOut => {
            AppError::Conflict(td_string!(locale, catalog.sold_out_error).to_string())
        }
        CartProblem::OnlyLeft(count) => {
            AppError::Conflict(td_string!(locale, catalog.only_left, count).to_string())
        }
        CartProblem::Unavailable => {
            AppError::Conflict(td_string!(locale, cart.unavailable).to_string())
        }
        CartProblem::CartFull => AppError::Conflict(
            td_string!(locale, cart.full, max = super::model::MAX_LINES).to_string(),
        ),
    }
}
