//! The member centre's server functions, under `/api/members/…`.

pub mod account;
pub mod addresses;
pub mod devices;
pub mod privacy;
pub mod profile;

pub use account::*;
pub use addresses::*;
pub use devices::*;
pub use privacy::*;
pub use profile::*;
