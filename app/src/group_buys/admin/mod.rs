//! Group deals in the back office, `/admin/group-deals` (permission
//! `marketing`): set up a deal, see how its groups are doing, change
//! it, end it early. Every change is audited.

pub mod api;
pub mod edit_page;
pub mod model;
pub mod page;
