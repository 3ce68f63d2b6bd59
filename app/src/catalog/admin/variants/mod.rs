//! A product's variants: its specs and values, and the SKU grid they make.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
