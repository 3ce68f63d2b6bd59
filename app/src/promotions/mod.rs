//! The promotion centre: store-wide offers that apply by themselves, and
//! coupons members claim and use at checkout.
//!
//! `rules` holds what a coupon or an offer promises, `quote` prices a
//! checkout with them (the stacking rules are in its doc), and `split`
//! shares a discount out over the order's lines.

pub mod quote;
pub mod rules;
pub mod split;
