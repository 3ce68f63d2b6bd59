//! Small building blocks shared by the pages of every centre.

mod clock;
mod form;

pub use clock::{local_input, local_ms, local_time, parse_local_input, shown_time, zone_label};
pub use form::{ActionError, Field, Notice, SubmitButton};
