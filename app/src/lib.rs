//! The storefront: one Leptos application rendered on the server and hydrated
//! in the browser.
//!
//! Each centre of the shop (`catalog`, `cart`, `orders`, `promotions`, …)
//! lives in its own module, holding its domain model (plain Rust), its
//! repository and entities (server only, behind the `ssr` feature), its
//! server functions and its pages. What every centre shares has one place
//! below them all: `money`, `clock`, `images`, `auth` (with permissions),
//! `input_errors`, `db`. ARCHITECTURE.md draws the layers and
//! `tests/layering.rs` keeps them.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod audit;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod clock;
pub mod error;
pub mod flash_sales;
pub mod group_buys;
pub mod images;
pub mod input_errors;
pub mod locale;
pub mod members;
pub mod money;
pub mod navigation;
pub mod orders;
pub mod pages;
pub mod payments;
pub mod points;
pub mod promotions;
pub mod routes;
pub mod search;
pub mod settings;
pub mod shell;
pub mod spreadsheet;
pub mod staff;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod data_holders;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod order_hooks;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod state;

pub use error::AppError;
pub use routes::App;
#[cfg(feature = "ssr")]
pub use routes::shell;
