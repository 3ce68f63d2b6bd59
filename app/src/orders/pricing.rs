//! What an order costs, worked out on the server from today's prices:
//! items, shipping, discounts, total. Plain integer arithmetic in minor
//! units; the checkout page shows exactly what the order will store.

use serde::{Deserialize, Serialize};

/// How shipping is charged: a flat fee, free from a threshold on the items'
/// subtotal (both in minor units; a threshold of 0 means never free).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRule {
    pub fee: i64,
    pub free_from: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreakdown {
    pub items: i64,
    pub shipping: i64,
    /// Coupons and offers, as a positive amount taken off.
    pub discount: i64,
    pub total: i64,
}

impl ShippingRule {
    pub fn fee_for(self, items: i64) -> i64 {
        if self.free_from > 0 && items >= self.free_from {
            0
        } else {
            self.fee
        }
    }

    /// How much more the shopper would need for free shipping, if that
    /// is on offer and not reached yet.
    pub fn short_of_free(self, items: i64) -> Option<i64> {
        (self.free_from > 0 && items < self.free_from).then(|| self.free_from - items)
    }
}

/// The breakdown of lines given as (unit price, quantity). The discount
/// never takes the total below zero.
pub fn price(lines: &[(i64, i64)], shipping: ShippingRule, discount: i64) -> PriceBreakdown {
    let items: i64 = lines
        .iter()
        .map(|&(unit, quantity)| unit.saturating_mul(quantity))
        .sum();
    let shipping = shipping.fee_for(items);
    let discount = discount.clamp(0, items + shipping);
    PriceBreakdown {
        items,
        shipping,
        discount,
        total: items + shipping - discount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: ShippingRule = ShippingRule {
        fee: 1_000,
        free_from: 9_900,
    };

    #[test]
    fn shipping_is_free_from_the_threshold_on() {
        assert_eq!(price(&[(4_900, 2)], RULE, 0).shipping, 1_000);
        let at = price(&[(3_300, 3)], RULE, 0);
        assert_eq!((at.items, at.shipping, at.total), (9_900, 0, 9_900));
        assert_eq!(RULE.short_of_free(9_800), Some(100));
        assert_eq!(RULE.short_of_free(9_900), None);
    }

    #[test]
    fn a_zero_threshold_never_waives_the_fee() {
        let rule = ShippingRule {
            fee: 800,
            free_from: 0,
        };
        assert_eq!(price(&[(1_000_000, 1)], rule, 0).shipping, 800);
        assert_eq!(rule.short_of_free(1), None);
    }

    #[test]
    fn a_discount_never_makes_the_total_negative() {
        let priced = price(&[(500, 1)], RULE, 5_000);
        assert_eq!((priced.discount, priced.total), (1_500, 0));
        assert_eq!(price(&[(500, 1)], RULE, -7).discount, 0);
    }
}
