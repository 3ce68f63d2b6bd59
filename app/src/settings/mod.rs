//! Store settings: the shop's name and currency, the order rules
//! (shipping, time to pay, automatic completion) and the sign-in rules
//! (session lifetimes, who needs a second factor) staff set under
//! `/admin/settings`. Feature flags join them as the back office grows.

pub mod api;
pub mod clock;
pub mod model;
pub mod pages;
pub mod sign_in_model;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
mod entity;
#[cfg(feature = "ssr")]
pub mod repo;

pub use model::StoreSettings;
