//! The promotion centre: store-wide offers that apply by themselves, and
//! coupons members claim and use at checkout.
//!
//! `rules` holds what a coupon or an offer promises, `quote` prices a
//! checkout with them (the stacking rules are in its doc), and `split`
//! shares a discount out over the order's lines. `model` reads templates
//! as stored; `repo` makes them and claims coupons from them.

pub mod model;
pub mod quote;
pub mod rules;
pub mod split;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod repo;
