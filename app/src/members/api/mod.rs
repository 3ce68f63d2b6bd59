//! The member centre's server functions, under `/api/members/…`.

pub mod account;
pub mod addresses;
pub mod profile;

pub use account::*;
pub use addresses::*;
pub use profile::*;
