//! The product centre: categories, brands, products and their SKUs, the
//! listing and product pages, and what they are served from.

pub mod admin;
pub mod api;
pub mod member_lists;
pub mod model;
pub mod pages;
pub mod product;
pub mod status;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod member_data_repo;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sales;
#[cfg(feature = "ssr")]
pub mod seo;
#[cfg(feature = "ssr")]
pub mod spec_names;
#[cfg(feature = "ssr")]
pub mod taxonomy;
#[cfg(feature = "ssr")]
pub mod write;
