//! The back office's people: staff accounts, roles and permissions, and
//! the `/admin` pages that manage staff and members.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod repo;
