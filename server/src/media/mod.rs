//! Product pictures staff upload: recognising the file, turning it into
//! JPEGs of a few widths, and keeping those under the media directory.
//!
//! Plain functions, so the rules can be tested without a server; the HTTP
//! handler (`http::product_images`) strings them together.

pub mod renditions;
pub mod sniff;
pub mod store;
