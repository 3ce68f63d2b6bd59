//! The shell every shop page sits in: the header (menu, search, account,
//! cart badge), the footer, and the data the server hands each page once
//! (`page_data.rs`: settings, viewer, cart count, menu). It composes the
//! centres, so it is assembled above them; the building blocks pages use
//! themselves (`PageMeta`, fields, icons) are in `ui`. `content_policy.rs`
//! holds the Content-Security-Policy every page is sent with.

pub mod content_policy;
mod footer;
mod header;
pub mod page_data;

pub use footer::Footer;
pub use header::Header;
pub use page_data::provide_page_data;
