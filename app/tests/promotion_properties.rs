//! Properties of checkout pricing with promotions, over random carts,
//! offers and coupons: the total never goes below zero, the lines' parts
//! always add up to the order's discount, no line is discounted below
//! zero, and the coupon chosen for the shopper saves at least as much as
//! any other they hold.

use app::orders::pricing::ShippingRule;
use app::promotions::quote::{Candidate, Choice, quote};
use app::promotions::rules::{Benefit, CouponTerms, Line, Offer, Scope, Tier};
use app::promotions::split::split;
use proptest::prelude::*;

const NOW: i64 = 1_800_000_000;

fn scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        Just(Scope::All),
        prop::collection::vec(1..5i64, 1..3).prop_map(Scope::Categories),
        prop::collection::vec(1..8i64, 1..4).prop_map(Scope::Products),
    ]
}

fn line() -> impl Strategy<Value = Line> {
    (1..8i64, 1..5i64, 0..2_000_000i64).prop_map(|(product_id, category, amount)| Line {
        product_id,
        categories: vec![category, 100],
        amount,
    })
}

fn offer() -> impl Strategy<Value = Offer> {
    (
        1..100i64,
        scope(),
        prop::collection::vec((0..1_000_000i64, 0..200_000i64), 1..4),
    )
        .prop_map(|(id, scope, tiers)| Offer {
            id,
            scope,
            tiers: tiers
                .into_iter()
                .map(|(threshold, off)| Tier { threshold, off })
                .collect(),
        })
}

fn benefit() -> impl Strategy<Value = Benefit> {
    prop_oneof![
        (0..300_000i64).prop_map(Benefit::AmountOff),
        (1..100u8, prop::option::of(0..100_000i64))
            .prop_map(|(percent, cap)| Benefit::PercentOff { percent, cap }),
        Just(Benefit::FreeShipping),
    ]
}

fn coupons() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec(
        (0..500_000i64, benefit(), scope(), -2..3i64, 1..5i64),
        0..30,
    )
    .prop_map(|terms| {
        terms
            .into_iter()
            .enumerate()
            .map(|(at, (threshold, benefit, scope, start, days))| Candidate {
                id: at as i64 + 1,
                terms: CouponTerms {
                    threshold,
                    benefit,
                    scope,
                },
                starts_at: NOW + start * 3_600,
                ends_at: NOW + days * 86_400 - 2 * 86_400,
            })
            .collect()
    })
}

fn shipping() -> impl Strategy<Value = ShippingRule> {
    (0..2_000i64, 0..500_000i64).prop_map(|(fee, free_from)| ShippingRule { fee, free_from })
}

proptest! {
    #[test]
    fn totals_hold_together_whatever_the_promotions(
        lines in prop::collection::vec(line(), 1..20),
        offers in prop::collection::vec(offer(), 0..3),
        coupons in coupons(),
        shipping in shipping(),
    ) {
        let q = quote(&lines, shipping, &offers, &coupons, NOW, Choice::Best).unwrap();
        prop_assert!(q.total >= 0);
        prop_assert_eq!(q.line_discounts.iter().sum::<i64>(), q.discount);
        // No fen lost or made between what each promotion saves and the lines.
        let offer = q.offer.map_or(0, |(_, saving)| saving);
        let coupon = q.coupon.map_or(0, |(_, saving)| saving) - q.shipping_waived;
        prop_assert_eq!(offer + coupon, q.discount);
        for (part, line) in q.line_discounts.iter().zip(&lines) {
            prop_assert!((0..=line.amount).contains(part), "{} of {}", part, line.amount);
        }
        prop_assert_eq!(q.total, q.items - q.discount + q.shipping);
        prop_assert_eq!(q.shipping + q.shipping_waived, shipping.fee_for(q.items));
    }

    #[test]
    fn the_coupon_chosen_saves_at_least_as_much_as_any_other(
        lines in prop::collection::vec(line(), 1..20),
        offers in prop::collection::vec(offer(), 0..3),
        coupons in coupons(),
        shipping in shipping(),
    ) {
        let best = quote(&lines, shipping, &offers, &coupons, NOW, Choice::Best).unwrap();
        let chosen_saving = best.coupon.map_or(0, |(_, saving)| saving);
        for option in &best.options {
            let Ok(saving) = option.saving else { continue };
            prop_assert!(chosen_saving >= saving);
            // Picking it by hand prices the order with exactly that saving.
            let picked = quote(&lines, shipping, &offers, &coupons, NOW, Choice::Coupon(option.id)).unwrap();
            prop_assert_eq!(picked.coupon, Some((option.id, saving)));
            prop_assert!(picked.total >= best.total);
        }
    }

    #[test]
    fn a_split_adds_up_and_stays_within_each_line(
        discount in -1_000i64..10_000_000,
        amounts in prop::collection::vec(0..3_000_000i64, 0..25),
    ) {
        let parts = split(discount, &amounts);
        let whole: i64 = amounts.iter().sum();
        prop_assert_eq!(parts.iter().sum::<i64>(), discount.clamp(0, whole));
        for (part, amount) in parts.iter().zip(&amounts) {
            prop_assert!((0..=*amount).contains(part));
        }
    }
}
