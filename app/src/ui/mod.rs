//! Small building blocks shared by the pages of every centre.

mod form;

pub use form::{ActionError, Field, Notice, SubmitButton};
