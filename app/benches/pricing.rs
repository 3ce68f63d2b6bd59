//! How long checkout pricing takes with promotions: a 20-line cart, two
//! store-wide offers and 30 coupons held, every coupon evaluated and the
//! best chosen. Figures for BENCHMARKS.md:
//! `cargo bench -p app --bench pricing`.

use app::orders::pricing::ShippingRule;
use app::promotions::quote::{Candidate, Choice, quote};
use app::promotions::rules::{Benefit, CouponTerms, Line, Offer, Scope, Tier};
use app::promotions::split::split;

const NOW: i64 = 1_800_000_000;

fn main() {
    divan::main();
}

fn cart() -> Vec<Line> {
    (0..20)
        .map(|n| Line {
            product_id: 100 + n,
            categories: vec![10 + n % 5, 1],
            amount: 1_990 + n * 1_337,
        })
        .collect()
}

fn offers() -> Vec<Offer> {
    let tiers = vec![
        Tier {
            threshold: 29_900,
            off: 3_000,
        },
        Tier {
            threshold: 59_900,
            off: 8_000,
        },
    ];
    vec![
        Offer {
            id: 1,
            scope: Scope::All,
            tiers: tiers.clone(),
        },
        Offer {
            id: 2,
            scope: Scope::Categories(vec![11, 12]),
            tiers,
        },
    ]
}

/// Thirty coupons of every kind and scope, some unusable.
fn coupons() -> Vec<Candidate> {
    (0..30)
        .map(|n| {
            let benefit = match n % 3 {
                0 => Benefit::AmountOff(1_000 + n * 100),
                1 => Benefit::PercentOff {
                    percent: 5 + (n % 20) as u8,
                    cap: Some(5_000),
                },
                _ => Benefit::FreeShipping,
            };
            let scope = match n % 4 {
                0 => Scope::All,
                1 => Scope::Categories(vec![10 + n % 5, 99]),
                2 => Scope::Products((100..100 + n % 7 + 1).collect()),
                _ => Scope::Products(vec![999]),
            };
            Candidate {
                id: n + 1,
                terms: CouponTerms {
                    threshold: n * 5_000,
                    benefit,
                    scope,
                },
                starts_at: NOW - 86_400,
                ends_at: NOW + n * 3_600 - 7_200,
            }
        })
        .collect()
}

const SHIPPING: ShippingRule = ShippingRule {
    fee: 1_000,
    free_from: 0,
};

#[divan::bench]
fn best_of_30_coupons_on_20_lines(bencher: divan::Bencher) {
    let (lines, offers, coupons) = (cart(), offers(), coupons());
    bencher.bench(|| {
        quote(
            divan::black_box(&lines),
            SHIPPING,
            &offers,
            &coupons,
            NOW,
            Choice::Best,
        )
    });
}

#[divan::bench]
fn split_a_discount_over_20_lines(bencher: divan::Bencher) {
    let amounts: Vec<i64> = cart().iter().map(|l| l.amount).collect();
    bencher.bench(|| split(divan::black_box(12_345), &amounts));
}
