//! Store settings: the shop's name and currency today; shipping fees, payment
//! timeout and feature flags join them as the back office grows.

pub mod api;
pub mod model;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
mod entity;
#[cfg(feature = "ssr")]
pub mod repo;

pub use model::StoreSettings;
