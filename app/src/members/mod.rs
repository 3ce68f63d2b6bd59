//! The member centre: shoppers' accounts, profiles and address books.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod repo;
