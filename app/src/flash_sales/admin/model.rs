//! What the flash-sale back office shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminItem {
    pub id: i64,
    pub sku_code: String,
    pub title: String,
    pub flash_price: i64,
    pub stock: i32,
    pub sold: i32,
    pub per_member_limit: i32,
    /// Attempts the server that answered this page accepted and refused.
    pub accepted: u64,
    pub refused: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSession {
    pub id: i64,
    pub title: String,
    /// Unix milliseconds.
    pub starts_at: i64,
    pub ends_at: i64,
    pub items: Vec<AdminItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashAdmin {
    pub now: i64,
    pub sessions: Vec<AdminSession>,
}
