//! The audit log: who changed what in the back office, written in the same
//! transaction as the change itself, so the log and the data never disagree.

pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
mod entity;
#[cfg(feature = "ssr")]
pub mod repo;
