//! Orders: the state machine every order follows, what an order costs,
//! order numbers, and placing an order from the cart with its stock
//! reserved in the same transaction.
//!
//! `/checkout` places an order for the ticked cart lines, and
//! `/account/orders/{order_no}` shows it with its timeline and lets the
//! member cancel it while unpaid; orders unpaid past their deadline are
//! cancelled by the sweeper. Payments, the order list and the order back
//! office build on these and are not written yet.

pub mod api;
pub mod pages;
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
#[cfg(feature = "ssr")]
pub mod sweeper;
