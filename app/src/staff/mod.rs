//! The back office's people: staff accounts, roles and permissions, their
//! second factor, and the `/admin` pages that manage staff and members.

pub mod api;
pub mod model;
pub mod pages;
pub mod two_factor_api;
pub mod two_factor_model;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod two_factor;
#[cfg(feature = "ssr")]
pub mod two_factor_repo;
