//! Member points: earned on completed orders, shown under
//! `/account/points`. Every change is a row of the ledger, so the balance
//! is explained line by line and can never be awarded twice for one cause.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod consumer;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod repo;
