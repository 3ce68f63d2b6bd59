//! A product's pictures in the back office: listing, ordering, describing and removing them (uploads: `server/src/http/product_images.rs`).

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
