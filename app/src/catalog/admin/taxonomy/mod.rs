//! Categories and brands: creating, renaming, moving and ordering them.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
