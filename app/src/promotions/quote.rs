//! What a checkout costs with promotions, and which coupon to use.
//!
//! The order in which promotions apply (the stacking rules):
//!
//! 1. The items, at today's prices.
//! 2. The store-wide offer: of those running, the one saving the most
//!    (one per order; on a tie, the older offer), on the lines in its
//!    scope at full price.
//! 3. At most one coupon. Its threshold, and its percentage, look at the
//!    lines in its scope *after* the offer's part has come off them, so
//!    the two never count the same yuan twice.
//! 4. Shipping, from the store's rule on the items' full price (as the
//!    cart page promises it); a free-shipping coupon waives it.
//!
//! Unless the shopper picks one, the coupon is the one that saves the
//! most; on a tie, the one that expires first (so it is not wasted), then
//! the oldest. Each discount is split over the lines it looked at (see
//! [`super::split`]), so the lines' parts add up to the order's discount.

use serde::{Deserialize, Serialize};

use super::rules::{Benefit, CouponTerms, Line, Offer};
use super::split::split;
use crate::orders::pricing::{PriceBreakdown, ShippingRule};

/// A coupon the member holds and has not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub terms: CouponTerms,
    /// Usable from `starts_at` until before `ends_at` (Unix seconds).
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Why a coupon cannot be used on this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unusable {
    NotYet,
    Expired,
    NothingInScope,
    /// The lines in scope are `short` below the threshold.
    BelowThreshold {
        short: i64,
    },
    /// A free-shipping coupon on an order that ships free anyway.
    NothingToWaive,
}

/// Each coupon held, with what it would save on this order or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponOption {
    pub id: i64,
    pub saving: Result<i64, Unusable>,
}

/// Which coupon the shopper wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The one that saves the most, if any saves anything.
    Best,
    Coupon(i64),
    NoCoupon,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("coupon {0} is not one of the member's")]
    UnknownCoupon(i64),
    #[error("coupon {0} cannot be used: {1:?}")]
    Unusable(i64, Unusable),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub items: i64,
    /// The offer applied and what it saves.
    pub offer: Option<(i64, i64)>,
    /// The coupon used and what it saves, shipping waived included.
    pub coupon: Option<(i64, i64)>,
    /// Shipping charged, after any waiver.
    pub shipping: i64,
    pub shipping_waived: i64,
    /// Taken off the items by the offer and the coupon together.
    pub discount: i64,
    pub total: i64,
    /// Each line's part of `discount`, in the order of the lines given.
    pub line_discounts: Vec<i64>,
    /// Every coupon held, usable or not, in the order given.
    pub options: Vec<CouponOption>,
}

impl Quote {
    /// One line at a price the promotions do not touch (a flash or group
    /// price): no offer, no coupon, the shipping rule's fee.
    pub fn single_line(price: i64, shipping: ShippingRule) -> Self {
        let fee = shipping.fee_for(price);
        Self {
            items: price,
            offer: None,
            coupon: None,
            shipping: fee,
            shipping_waived: 0,
            discount: 0,
            total: price + fee,
            line_discounts: vec![0],
            options: Vec::new(),
        }
    }

    /// The order's price as it is stored and shown: shipping after any
    /// waiver, the discount on the items.
    pub fn breakdown(&self) -> PriceBreakdown {
        PriceBreakdown {
            items: self.items,
            shipping: self.shipping,
            discount: self.discount,
            total: self.total,
        }
    }
}

/// Prices the lines with the best of `offers` and the coupon `choice`
/// names among `coupons`, at `now` (Unix seconds).
pub fn quote(
    lines: &[Line],
    shipping: ShippingRule,
    offers: &[Offer],
    coupons: &[Candidate],
    now: i64,
    choice: Choice,
) -> Result<Quote, QuoteError> {
    let items: i64 = lines.iter().map(|l| l.amount).sum();
    let fee = shipping.fee_for(items);

    let offer = best_offer(lines, offers);
    let mut line_discounts = match offer {
        Some((at, saving)) => {
            let scope = &offers[at].scope;
            let weights: Vec<i64> = lines
                .iter()
                .map(|l| if scope.covers(l) { l.amount } else { 0 })
                .collect();
            split(saving, &weights)
        }
        None => vec![0; lines.len()],
    };
    let after_offer: Vec<i64> = lines
        .iter()
        .zip(&line_discounts)
        .map(|(l, d)| l.amount - d)
        .collect();

    let options: Vec<CouponOption> = coupons
        .iter()
        .map(|c| CouponOption {
            id: c.id,
            saving: coupon_saving(c, lines, &after_offer, fee, now),
        })
        .collect();
    let chosen = match choice {
        Choice::NoCoupon => None,
        Choice::Best => best_coupon(coupons, &options),
        Choice::Coupon(id) => {
            let at = coupons
                .iter()
                .position(|c| c.id == id)
                .ok_or(QuoteError::UnknownCoupon(id))?;
            options[at]
                .saving
                .map_err(|why| QuoteError::Unusable(id, why))?;
            Some(at)
        }
    };

    let mut coupon = None;
    let mut shipping_waived = 0;
    if let Some(at) = chosen {
        let terms = &coupons[at].terms;
        let weights: Vec<i64> = lines
            .iter()
            .zip(&after_offer)
            .map(|(l, a)| if terms.scope.covers(l) { *a } else { 0 })
            .collect();
        let off = terms.items_saving(weights.iter().sum());
        for (total, part) in line_discounts.iter_mut().zip(split(off, &weights)) {
            *total += part;
        }
        if terms.benefit == Benefit::FreeShipping {
            shipping_waived = fee;
        }
        coupon = Some((coupons[at].id, off + shipping_waived));
    }

    let discount: i64 = line_discounts.iter().sum();
    let shipping = fee - shipping_waived;
    Ok(Quote {
        items,
        offer: offer.map(|(at, saving)| (offers[at].id, saving)),
        coupon,
        shipping,
        shipping_waived,
        discount,
        total: items - discount + shipping,
        line_discounts,
        options,
    })
}

/// The offer saving the most (its index and saving); none saves nothing.
fn best_offer(lines: &[Line], offers: &[Offer]) -> Option<(usize, i64)> {
    let mut best: Option<(usize, i64)> = None;
    for (at, offer) in offers.iter().enumerate() {
        let eligible: i64 = lines
            .iter()
            .filter(|l| offer.scope.covers(l))
            .map(|l| l.amount)
            .sum();
        let saving = offer.saving(eligible);
        let older = best.is_some_and(|(b, s)| s == saving && offers[b].id > offer.id);
        if saving > 0 && (best.is_none_or(|(_, s)| saving > s) || older) {
            best = Some((at, saving));
        }
    }
    best
}

/// What the coupon saves on lines worth `after_offer`, or why it cannot.
fn coupon_saving(
    coupon: &Candidate,
    lines: &[Line],
    after_offer: &[i64],
    fee: i64,
    now: i64,
) -> Result<i64, Unusable> {
    if now < coupon.starts_at {
        return Err(Unusable::NotYet);
    }
    if now >= coupon.ends_at {
        return Err(Unusable::Expired);
    }
    let terms = &coupon.terms;
    let mut in_scope = false;
    let mut eligible = 0;
    for (line, amount) in lines.iter().zip(after_offer) {
        if terms.scope.covers(line) {
            in_scope = true;
            eligible += amount;
        }
    }
    if !in_scope {
        return Err(Unusable::NothingInScope);
    }
    if eligible < terms.threshold {
        return Err(Unusable::BelowThreshold {
            short: terms.threshold - eligible,
        });
    }
    if terms.benefit == Benefit::FreeShipping {
        return if fee > 0 {
            Ok(fee)
        } else {
            Err(Unusable::NothingToWaive)
        };
    }
    Ok(terms.items_saving(eligible))
}

/// The usable coupon saving the most: on a tie the one ending first, then
/// the oldest. None when no coupon saves anything.
fn best_coupon(coupons: &[Candidate], options: &[CouponOption]) -> Option<usize> {
    options
        .iter()
        .enumerate()
        .filter_map(|(at, o)| o.saving.ok().filter(|s| *s > 0).map(|s| (at, s)))
        .min_by_key(|&(at, saving)| (-saving, coupons[at].ends_at, coupons[at].id))
        .map(|(at, _)| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promotions::rules::{Scope, Tier};

    const SHIPPING: ShippingRule = ShippingRule {
        fee: 1_000,
        free_from: 9_900,
    };
    const NOW: i64 = 1_800_000_000;

    fn line(product_id: i64, category: i64, amount: i64) -> Line {
        Line {
            product_id,
            categories: vec![category],
            amount,
        }
    }

    fn coupon(id: i64, threshold: i64, benefit: Benefit, scope: Scope) -> Candidate {
        Candidate {
            id,
            terms: CouponTerms {
                threshold,
                benefit,
                scope,
            },
            starts_at: NOW - 60,
            ends_at: NOW + 86_400,
        }
    }

    fn tiers() -> Offer {
        Offer {
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
        }
    }

    #[test]
    fn the_coupon_that_saves_most_is_chosen() {
        let lines = [line(1, 10, 20_000)];
        let coupons = [
            coupon(1, 19_900, Benefit::AmountOff(2_000), Scope::All),
            coupon(
                2,
                0,
                Benefit::PercentOff {
                    percent: 15,
                    cap: Some(2_500),
                },
                Scope::All,
            ),
            coupon(3, 0, Benefit::FreeShipping, Scope::All),
        ];
        let q = quote(&lines, SHIPPING, &[], &coupons, NOW, Choice::Best).unwrap();
        assert_eq!(
            q.coupon,
            Some((2, 2_500)),
            "15% of ¥200 is ¥30, capped at ¥25"
        );
        assert_eq!((q.discount, q.shipping, q.total), (2_500, 0, 17_500));
        // Free shipping saves nothing when the order ships free anyway.
        assert_eq!(q.options[2].saving, Err(Unusable::NothingToWaive));
    }

    #[test]
    fn the_coupon_threshold_counts_the_lines_after_the_offer() {
        // ¥320 reaches the ¥299 tier (−¥30): ¥290 left, under ¥299.
        let lines = [line(1, 10, 32_000)];
        let coupons = [coupon(1, 29_900, Benefit::AmountOff(2_000), Scope::All)];
        let q = quote(&lines, SHIPPING, &[tiers()], &coupons, NOW, Choice::Best).unwrap();
        assert_eq!(q.offer, Some((1, 3_000)));
        assert_eq!(q.coupon, None);
        assert_eq!(
            q.options[0].saving,
            Err(Unusable::BelowThreshold { short: 900 })
        );
        assert_eq!(q.total, 29_000);
    }

    #[test]
    fn an_offer_and_a_coupon_stack_and_split_over_their_own_lines() {
        let lines = [line(1, 10, 40_000), line(2, 20, 20_000)];
        let coupons = [coupon(
            7,
            10_000,
            Benefit::AmountOff(1_000),
            Scope::Categories(vec![20]),
        )];
        let q = quote(&lines, SHIPPING, &[tiers()], &coupons, NOW, Choice::Best).unwrap();
        // ¥600 reaches the ¥599 tier: ¥80, split 2:1.
        assert_eq!(q.offer, Some((1, 8_000)));
        assert_eq!(q.coupon, Some((7, 1_000)));
        assert_eq!(q.line_discounts, [5_333, 2_667 + 1_000]);
        assert_eq!((q.discount, q.total), (9_000, 51_000));
    }

    #[test]
    fn free_shipping_waives_the_fee_and_touches_no_line() {
        let lines = [line(1, 10, 5_000)];
        let coupons = [coupon(4, 0, Benefit::FreeShipping, Scope::All)];
        let q = quote(&lines, SHIPPING, &[], &coupons, NOW, Choice::Best).unwrap();
        assert_eq!((q.shipping, q.shipping_waived, q.discount), (0, 1_000, 0));
        assert_eq!(q.coupon, Some((4, 1_000)));
        assert_eq!(q.line_discounts, [0]);
        assert_eq!(q.total, 5_000);
    }

    #[test]
    fn unusable_coupons_say_why() {
        let lines = [line(1, 10, 5_000)];
        let mut early = coupon(1, 0, Benefit::AmountOff(100), Scope::All);
        early.starts_at = NOW + 1;
        let mut late = coupon(2, 0, Benefit::AmountOff(100), Scope::All);
        late.ends_at = NOW;
        let elsewhere = coupon(3, 0, Benefit::AmountOff(100), Scope::Products(vec![9]));
        let q = quote(
            &lines,
            SHIPPING,
            &[],
            &[early, late, elsewhere],
            NOW,
            Choice::Best,
        )
        .unwrap();
        let reasons: Vec<_> = q.options.iter().map(|o| o.saving).collect();
        assert_eq!(
            reasons,
            [
                Err(Unusable::NotYet),
                Err(Unusable::Expired),
                Err(Unusable::NothingInScope)
            ]
        );
        assert_eq!(q.coupon, None);
    }

    #[test]
    fn a_chosen_coupon_must_be_usable_and_held() {
        let lines = [line(1, 10, 5_000)];
        let coupons = [coupon(1, 9_000, Benefit::AmountOff(500), Scope::All)];
        assert_eq!(
            quote(&lines, SHIPPING, &[], &coupons, NOW, Choice::Coupon(1)),
            Err(QuoteError::Unusable(
                1,
                Unusable::BelowThreshold { short: 4_000 }
            ))
        );
        assert_eq!(
            quote(&lines, SHIPPING, &[], &coupons, NOW, Choice::Coupon(2)),
            Err(QuoteError::UnknownCoupon(2))
        );
        let none = quote(&lines, SHIPPING, &[], &coupons, NOW, Choice::NoCoupon).unwrap();
        assert_eq!((none.coupon, none.total), (None, 6_000));
    }

    #[test]
    fn on_a_tie_the_coupon_ending_first_is_used() {
        let lines = [line(1, 10, 5_000)];
        let mut later = coupon(1, 0, Benefit::AmountOff(500), Scope::All);
        later.ends_at = NOW + 10 * 86_400;
        let sooner = coupon(2, 0, Benefit::AmountOff(500), Scope::All);
        let q = quote(&lines, SHIPPING, &[], &[later, sooner], NOW, Choice::Best).unwrap();
        assert_eq!(q.coupon, Some((2, 500)));
    }
}
