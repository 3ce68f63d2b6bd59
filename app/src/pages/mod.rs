//! Pages that belong to no centre in particular. Each centre keeps its own
//! pages beside its model and server functions.

mod error;
mod home;
mod not_found;

pub use error::ServerErrorPage;
pub use home::HomePage;
pub use not_found::NotFound;
