//! Group buying (拼团): a deal sells a SKU at a group price to groups of
//! N members, each group with a time limit to form.
//!
//! A member opens a group or takes a place in one ([`join`]), which
//! writes their pending order at the group price; when all N places are
//! paid the group forms and its orders ship like any other. When time
//! runs out first the group fails ([`expire`]): unpaid orders are
//! cancelled and paid ones refunded through the payment provider. The
//! order state machine holds the rest: a group order is paid only while
//! its group forms, and ships only once it has formed.
//!
//! `/group-buys` lists running deals and the groups open on them;
//! `/group/{id}` is the link members share to fill a group.

pub mod admin;
pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod expire;
#[cfg(feature = "ssr")]
pub mod join;
#[cfg(feature = "ssr")]
pub mod order_hook;
#[cfg(feature = "ssr")]
pub mod read;
#[cfg(feature = "ssr")]
pub mod repo;
