//! The order back office (`/admin/orders`, permission `orders`): finding
//! orders, seeing one with its payments and timeline, shipping it,
//! cancelling it, deciding refund requests, and exporting a CSV. Every
//! action is audited.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
