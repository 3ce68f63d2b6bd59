//! What the promotions back office shows, as sent to the browser.

use serde::{Deserialize, Serialize};

use crate::promotions::rules::{CouponTerms, Scope, Tier};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub terms: CouponTerms,
    pub claimed: i32,
    pub total_quantity: i32,
    pub used: i32,
    /// What the paid, unrefunded orders that used its coupons brought in.
    pub revenue: i64,
    pub per_member_limit: i32,
    pub new_members_only: bool,
    pub active: bool,
    /// `YYYY-MM-DD`, UTC: the first and last day of claiming.
    pub claim_from: String,
    pub claim_until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRow {
    pub id: i64,
    pub name: String,
    pub scope: Scope,
    pub tiers: Vec<Tier>,
    /// `YYYY-MM-DD`, UTC: the first and last day.
    pub starts: String,
    pub ends: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionsAdmin {
    pub templates: Vec<TemplateRow>,
    pub offers: Vec<OfferRow>,
}

/// What issuing a coupon to a list of members did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueReport {
    pub issued: u32,
    /// Emails with no member behind them: nothing was issued for them.
    pub unknown: Vec<String>,
}

/// The new-coupon form as typed, posted as `form[…]`; checked by
/// `promotions::admin::form::parse_template`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFields {
    pub name: String,
    /// `amount_off`, `percent_off` or `free_shipping`.
    pub kind: String,
    /// Yuan.
    pub amount: String,
    pub percent: String,
    /// Yuan; empty for no cap.
    pub cap: String,
    pub threshold: String,
    pub scope_kind: String,
    pub scope_ids: String,
    /// `YYYY-MM-DD`, the first and last day.
    pub claim_from: String,
    pub claim_until: String,
    /// Days usable from claiming; when empty, `use_from`–`use_until`.
    pub valid_days: String,
    pub use_from: String,
    pub use_until: String,
    pub total_quantity: String,
    pub per_member_limit: String,
    /// A ticked checkbox sends a value; an unticked one sends nothing.
    #[serde(default)]
    pub new_members_only: Option<String>,
}
