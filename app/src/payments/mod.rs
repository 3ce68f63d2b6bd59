//! Payments: sending the payer to a provider, and the provider's signed
//! notice that is the only way an order becomes paid.
//!
//! Providers sit behind [`provider::PaymentProvider`]. The built-in
//! sandbox provider ([`sandbox`]) plays a hosted payment page at
//! `/pay/{order_no}` where the payer chooses success or failure, so the
//! whole flow runs with no outside service. Every attempt to pay is a row
//! of `payments`; [`settle`] applies a notice to it exactly once, and
//! refunds a payment that arrives for an order that can no longer take it.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod provider;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod settle;
#[cfg(feature = "ssr")]
pub mod signature;
