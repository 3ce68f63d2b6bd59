//! Store settings: the shop's name and currency, and the order rules
//! (shipping, time to pay, automatic completion) staff set under
//! `/admin/settings`. Feature flags join them as the back office grows.

pub mod api;
pub mod clock;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
mod entity;
#[cfg(feature = "ssr")]
pub mod repo;

pub use model::StoreSettings;
