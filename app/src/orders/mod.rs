//! Orders: the state machine every order follows, what an order costs,
//! order numbers, and placing an order from the cart with its stock
//! reserved in the same transaction.
//!
//! `/checkout` places an order for the ticked cart lines, and
//! `/account/orders/{order_no}` shows it with its timeline and lets the
//! member pay, cancel, confirm receipt or ask for a refund; orders unpaid
//! past their deadline are cancelled, and shipped ones completed, by the
//! order jobs. Staff work on orders under [`admin`].

pub mod admin;
pub mod api;
pub mod checkout_api;
pub mod checkout_page;
pub mod pages;
pub mod pricing;
pub mod shipping;
pub mod status;
pub mod tabs;

#[cfg(feature = "ssr")]
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod hooks;
#[cfg(feature = "ssr")]
pub mod number;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sweeper;
