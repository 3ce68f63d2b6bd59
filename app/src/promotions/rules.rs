//! What coupons and offers promise, as plain values: which lines they look
//! at, the threshold those lines must reach, and what they take off.
//! Amounts are in fen, like every price in the shop.

use serde::{Deserialize, Serialize};

/// The lines a coupon or an offer looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    All,
    /// Products in these categories or below them.
    Categories(Vec<i64>),
    Products(Vec<i64>),
}

impl Scope {
    pub fn covers(&self, line: &Line) -> bool {
        match self {
            Self::All => true,
            Self::Categories(ids) => line.categories.iter().any(|c| ids.contains(c)),
            Self::Products(ids) => ids.contains(&line.product_id),
        }
    }
}

/// An order line as promotions see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub product_id: i64,
    /// The product's category and every category above it.
    pub categories: Vec<i64>,
    /// Unit price times quantity.
    pub amount: i64,
}

/// What a coupon gives once its lines reach the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Benefit {
    /// A fixed amount off (满减: ¥20 off from ¥199).
    AmountOff(i64),
    /// A percentage off the lines in scope, rounded down to the fen and at
    /// most `cap` when there is one.
    PercentOff { percent: u8, cap: Option<i64> },
    /// The shipping fee is waived.
    FreeShipping,
}

/// A coupon's terms: from `threshold` reached by the lines in `scope`
/// (after any offer), `benefit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponTerms {
    pub threshold: i64,
    pub benefit: Benefit,
    pub scope: Scope,
}

/// One step of a store-wide offer: from `threshold`, `off` taken off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub threshold: i64,
    pub off: i64,
}

/// A store-wide offer that applies without a coupon (满减 tiers: over ¥299
/// save ¥30, over ¥599 save ¥80), to the lines in its scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: i64,
    pub scope: Scope,
    pub tiers: Vec<Tier>,
}

impl Offer {
    /// What the offer takes off lines worth `eligible` in its scope: the
    /// highest tier reached, never more than the lines are worth.
    pub fn saving(&self, eligible: i64) -> i64 {
        self.tiers
            .iter()
            .filter(|t| t.threshold <= eligible)
            .map(|t| t.off)
            .max()
            .unwrap_or(0)
            .clamp(0, eligible.max(0))
    }
}

impl CouponTerms {
    /// What the coupon takes off lines worth `eligible` in its scope, once
    /// the threshold is reached (the caller checks it): never more than
    /// the lines are worth. Shipping is not counted here.
    pub fn items_saving(&self, eligible: i64) -> i64 {
        let eligible = eligible.max(0);
        match self.benefit {
            Benefit::AmountOff(off) => off.clamp(0, eligible),
            Benefit::PercentOff { percent, cap } => {
                let off = eligible.saturating_mul(i64::from(percent.min(100))) / 100;
                cap.map_or(off, |cap| off.min(cap.max(0)))
            }
            Benefit::FreeShipping => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product_id: i64, categories: &[i64], amount: i64) -> Line {
        Line {
            product_id,
            categories: categories.to_vec(),
            amount,
        }
    }

    #[test]
    fn a_category_scope_covers_products_below_it() {
        let shirt = line(7, &[12, 3], 9_900);
        assert!(Scope::Categories(vec![3]).covers(&shirt));
        assert!(Scope::Categories(vec![12]).covers(&shirt));
        assert!(!Scope::Categories(vec![4]).covers(&shirt));
        assert!(Scope::Products(vec![7]).covers(&shirt));
        assert!(!Scope::Products(vec![8]).covers(&shirt));
        assert!(Scope::All.covers(&shirt));
    }

    #[test]
    fn an_offer_gives_its_highest_tier_reached() {
        let offer = Offer {
            id: 1,
            scope: Scope::All,
            tiers: vec![
                Tier {
                    threshold: 29_900,
                    off: 3_000,
                },
                Tier {
                    threshold: 59_900,
                    off: 8_000,
                },
            ],
        };
        assert_eq!(offer.saving(29_899), 0);
        assert_eq!(offer.saving(29_900), 3_000);
        assert_eq!(offer.saving(59_899), 3_000);
        assert_eq!(offer.saving(100_000), 8_000);
    }

    #[test]
    fn percentages_round_down_to_the_fen_and_respect_the_cap() {
        let terms = |cap| CouponTerms {
            threshold: 0,
            benefit: Benefit::PercentOff { percent: 15, cap },
            scope: Scope::All,
        };
        // 15% of ¥33.33 is ¥4.9995: ¥4.99.
        assert_eq!(terms(None).items_saving(3_333), 499);
        assert_eq!(terms(Some(400)).items_saving(3_333), 400);
        assert_eq!(terms(Some(400)).items_saving(100), 15);
    }

    #[test]
    fn an_amount_off_never_passes_what_the_lines_are_worth() {
        let terms = CouponTerms {
            threshold: 0,
            benefit: Benefit::AmountOff(2_000),
            scope: Scope::All,
        };
        assert_eq!(terms.items_saving(1_500), 1_500);
        assert_eq!(terms.items_saving(19_900), 2_000);
    }
}
