//! Review moderation: the queue of reviews, hiding and showing them.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
