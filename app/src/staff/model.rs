//! Staff roles and accounts as the back office shows them. What a role
//! may do is a set of `auth::permission::Permission`s.

use serde::{Deserialize, Serialize};

use crate::auth::permission::Permissions;

/// A role as staff pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: i32,
    /// `owner`, `catalog`, `orders`, `marketing`, `support`.
    pub code: String,
    pub permissions: Permissions,
}

/// A staff account as the staff list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub active: bool,
}

/// The role that may do everything; the shop always keeps one active owner.
pub const OWNER_ROLE: &str = "owner";
