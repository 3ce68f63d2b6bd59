//! Flash sales (秒杀): a few units at a low price for a short window,
//! bought by many members in the same second.
//!
//! Staff set up a session ([`repo::FlashRepo::create_session`]), which
//! sets each item's flash stock aside from its SKU; `/flash-sales` shows
//! running and upcoming sessions with countdowns on the server's clock.
//! A purchase passes the in-process [`board`] (window, sold out) and the
//! rate limits and, with `REDIS_URL` set, the shared [`gate`], then is
//! settled in a batch per item ([`buy`]) as a normal
//! pending order at the flash price with a short time to pay. An unpaid
//! flash order gives its unit back to the sale; when the session ends,
//! the unsold units go back to the SKU.

pub mod admin;
pub mod api;
pub mod edit;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod board;
#[cfg(feature = "ssr")]
pub mod buy;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod gate;
#[cfg(feature = "ssr")]
#[cfg(feature = "ssr")]
pub mod order_hook;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
mod rounds;
