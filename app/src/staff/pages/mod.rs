//! The back office (`/admin`): its frame, its login, and the staff and
//! member pages.

mod frame;
mod home;
mod login;
mod members;
mod staff;

pub use frame::{AdminFrame, Refused, Section};
pub use home::AdminHome;
pub use login::AdminLoginPage;
pub use members::{MemberDetailPage, MembersPage};
pub use staff::{StaffPage, role_label};
