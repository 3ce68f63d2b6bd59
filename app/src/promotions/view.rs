//! What the promotion pages show, as the server sends it to the browser.

use serde::{Deserialize, Serialize};

use super::quote::Unusable;
use super::rules::CouponTerms;

/// Where a member's coupon stands, as its tab on `/account/coupons`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponState {
    Unused,
    Used,
    /// Unused, and its window of use has ended.
    Expired,
}

impl CouponState {
    pub const ALL: [Self; 3] = [Self::Unused, Self::Used, Self::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unused => "unused",
            Self::Used => "used",
            Self::Expired => "expired",
        }
    }

    /// The tab named in a URL; unused when none or an unknown one is.
    pub fn parse(tab: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == tab)
            .unwrap_or(Self::Unused)
    }
}

/// A coupon the member holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponCard {
    pub id: i64,
    pub name: String,
    pub terms: CouponTerms,
    /// RFC 3339, UTC: when it can be used.
    pub starts_at: String,
    pub ends_at: String,
    pub state: CouponState,
    /// The order that used it.
    pub order_no: Option<String>,
}

/// A coupon on offer in the coupon centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claimable {
    pub template_id: i64,
    pub name: String,
    pub terms: CouponTerms,
    pub left: i32,
    pub total: i32,
    /// How many of it the member holds already (0 for guests).
    pub held: i32,
    pub per_member_limit: i32,
    pub new_members_only: bool,
    /// RFC 3339, UTC: when claiming closes.
    pub claim_ends_at: String,
    /// Usable until `use_ends_at` when the template has fixed dates, or
    /// else for this many days from claiming.
    pub valid_days: Option<i32>,
    pub use_ends_at: Option<String>,
}

impl Claimable {
    pub fn can_claim_more(&self) -> bool {
        self.left > 0 && self.held < self.per_member_limit
    }
}

/// A coupon the member could use on this checkout, with its saving or the
/// reason it cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutCoupon {
    pub id: i64,
    pub name: String,
    pub terms: CouponTerms,
    /// RFC 3339, UTC.
    pub ends_at: String,
    pub saving: Result<i64, Unusable>,
}

/// The store-wide offer a checkout gets by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedOffer {
    pub name: String,
    pub saving: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_parse_from_urls_and_default_to_unused() {
        for state in CouponState::ALL {
            assert_eq!(CouponState::parse(state.as_str()), state);
        }
        assert_eq!(CouponState::parse(""), CouponState::Unused);
        assert_eq!(CouponState::parse("bogus"), CouponState::Unused);
    }
}
