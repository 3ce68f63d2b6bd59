//! The shopping cart: guests' (by cookie) and members' carts, stored in
//! the database; a guest's cart joins the member's at login.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod adding;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod guest;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod repo;

use leptos::prelude::*;

/// Units in the shopper's cart, shown in the header's badge. The server
/// counts them with the page; actions that change the cart set it.
#[derive(Clone, Copy)]
pub struct CartCount(pub RwSignal<i64>);

/// The badge's count as the server found it for this request, left in
/// the request by the HTTP layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct CartUnits(pub i64);

/// Units in the cart of whoever sent these request headers: a member's
/// (when `member_id` is known) or the guest cookie's. Zero when they
/// have no cart.
#[cfg(feature = "ssr")]
pub async fn units_for(
    db: &sea_orm::DatabaseConnection,
    member_id: Option<i64>,
    cookies: Option<&str>,
) -> Result<i64, sea_orm::DbErr> {
    let owner = match member_id {
        Some(id) => repo::CartOwner::Member(id),
        None => match cookies.and_then(|c| crate::locale::cookie_value(c, guest::GUEST_COOKIE)) {
            Some(token) => repo::CartOwner::Guest(crate::auth::token::hash_token(token)),
            None => return Ok(0),
        },
    };
    repo::CartRepo(db).units_of(&owner).await
}
