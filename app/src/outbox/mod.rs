//! The outbox: the shop's domain events, written in the transaction that
//! makes the change they describe, then handed to consumers.
//!
//! A change and its event commit together or not at all, so no consumer
//! ever hears of an order that was rolled back, nor misses one that was
//! placed. Consumers read the outbox in order and keep their place in
//! `outbox_consumers`; see [`relay`] for the guarantees.

pub mod entity;
pub mod event;
pub mod nats;
pub mod relay;
pub mod repo;

/// The consumers every app server runs; the NATS publisher runs beside
/// them when `NATS_URL` is set.
pub static IN_PROCESS: [&dyn relay::Consumer; 2] = [
    &crate::points::consumer::PointsConsumer,
    &crate::catalog::sales::SalesCounter,
];
