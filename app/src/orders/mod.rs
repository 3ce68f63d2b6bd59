//! Orders: the state machine every order follows, what an order costs,
//! order numbers, and placing an order from the cart with its stock
//! reserved in the same transaction.
//!
//! Checkout pages, payments, the timeout sweeper and the order back
//! office build on these and are not written yet.

pub mod pricing;
pub mod status;

#[cfg(feature = "ssr")]
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod number;
#[cfg(feature = "ssr")]
pub mod repo;
