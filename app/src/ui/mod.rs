//! Small building blocks shared by the pages of every centre.

mod form;
pub mod icons;
mod page_meta;

pub use form::{ActionError, Field, Notice, SubmitButton};
pub use page_meta::{BaseUrl, Canonical, PageMeta};
