//! The catalog in the back office (permission `catalog`): products (their
//! texts, SKU grid, variants, pictures, listing), categories, brands and review
//! moderation. Every change is audited.

pub mod api;
pub mod images;
pub mod model;
pub mod pages;
pub mod product_api;
pub mod product_form_pages;
pub mod product_input;
pub mod reviews;
pub mod taxonomy;
pub mod variants;

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod repo;
