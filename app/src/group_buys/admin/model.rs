//! What the group-deal back office shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminDeal {
    pub id: i64,
    pub sku_code: String,
    pub title: String,
    pub price: i64,
    pub group_price: i64,
    pub group_size: i32,
    pub time_limit_minutes: i32,
    pub per_member_limit: i32,
    /// Unix milliseconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Groups forming, formed and failed.
    pub forming: i64,
    pub formed: i64,
    pub failed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAdmin {
    pub now: i64,
    pub deals: Vec<AdminDeal>,
}
