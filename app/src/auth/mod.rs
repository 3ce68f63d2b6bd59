//! Who is asking, and may they? Passwords, sessions, login throttling and
//! the identity resolved for each request: shared by members (shoppers)
//! and staff (the back office), which are separate kinds of account.

pub mod devices;
pub mod guard;
pub mod password;
pub mod permission;
pub mod viewer;

#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod entity;
#[cfg(feature = "ssr")]
pub mod repo;

#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod hasher;
#[cfg(feature = "ssr")]
pub mod identify;
#[cfg(feature = "ssr")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod personal_data;
#[cfg(feature = "ssr")]
pub mod recovery_codes;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod token;
#[cfg(feature = "ssr")]
pub mod totp;

mod common_passwords;
