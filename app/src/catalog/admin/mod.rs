//! The catalog in the back office (`/admin/products`, permission
//! `catalog`): find products, list and delist them, edit the price and
//! stock of every SKU in one grid. Every change is audited.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod repo;
