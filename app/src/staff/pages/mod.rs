//! The back office (`/admin`): its frame, its login, the staff and member
//! pages, and setting up two-step sign-in.

mod frame;
mod home;
mod login;
mod members;
mod staff;
mod two_factor;

pub use frame::{AdminFrame, Refused, Section};
pub use home::AdminHome;
pub use login::AdminLoginPage;
pub use members::{MemberDetailPage, MembersPage};
pub use staff::{StaffPage, role_label};
pub use two_factor::TwoFactorPage;
