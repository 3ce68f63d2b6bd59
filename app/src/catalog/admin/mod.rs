//! The catalog in the back office (permission `catalog`): products (their
//! texts, SKU grid, variants, pictures, listing), categories, brands and review
//! moderation. Every change is audited.

pub mod api;
pub mod images_api;
pub mod images_model;
pub mod images_pages;
pub mod model;
pub mod pages;
pub mod product_api;
pub mod product_form_pages;
pub mod product_input;
pub mod reviews_api;
pub mod reviews_model;
pub mod reviews_pages;
pub mod taxonomy_api;
pub mod taxonomy_model;
pub mod taxonomy_pages;
pub mod variants_api;
pub mod variants_model;
pub mod variants_pages;

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod images_repo;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod reviews_repo;
#[cfg(feature = "ssr")]
pub mod taxonomy_repo;
#[cfg(feature = "ssr")]
pub mod variants_repo;
