//! Flash sales in the back office, `/admin/flash-sales` (permission
//! `marketing`): set up a session with its items, watch it run, change
//! it, end it early. Every change is audited.

pub mod api;
pub mod edit_page;
pub mod form;
pub mod model;
pub mod page;
