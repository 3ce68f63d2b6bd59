//! The promotions back office (`/admin/promotions`, permission
//! `marketing`): coupon templates and store-wide offers, made, edited,
//! paused and resumed, coupons issued to chosen members. Every change is
//! audited.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod form;
