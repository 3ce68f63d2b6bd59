//! The promotion centre: store-wide offers that apply by themselves, and
//! coupons members claim and use at checkout.
//!
//! `rules` holds what a coupon or an offer promises, `quote` prices a
//! checkout with them (the stacking rules are in its doc), and `split`
//! shares a discount out over the order's lines. `model` reads templates
//! as stored; `repo` makes them and claims coupons from them, `usage`
//! marks a coupon used by an order (and gives it back), `offer_repo` keeps
//! the offers and `offer_cache` the ones checkout applies, in memory.

pub mod admin;
pub mod api;
pub mod labels;
pub mod model;
pub mod pages;
pub mod quote;
pub mod rules;
pub mod split;
pub mod view;

#[cfg(feature = "ssr")]
pub mod claim_queue;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod offer_cache;
#[cfg(feature = "ssr")]
pub mod offer_repo;
#[cfg(feature = "ssr")]
pub mod pricing;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod usage;
