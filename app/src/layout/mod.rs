//! The frame every page sits in: header, footer and per-page metadata.

mod footer;
mod header;
pub mod icons;
mod page_meta;

pub use footer::Footer;
pub use header::Header;
pub use page_meta::{Canonical, PageMeta};
