//! A member's own product lists: favourites, and the products they viewed
//! last (shown in the member centre and on the home page).

pub mod api;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod repo;

/// Products kept in "recently viewed"; older views are forgotten.
pub const RECENT_KEPT: u64 = 20;
/// Favourites shown per page of `/account/favourites`.
pub const FAVOURITES_SHOWN: u64 = 100;
