//! The demo shop's promotions: coupons of every kind to claim, one of
//! them scarce, and a store-wide 满减 offer, all running for two months
//! from the day the demo is loaded.

use app::promotions::offer_repo::{NewOffer, OfferRepo};
use app::promotions::repo::{CouponRepo, NewTemplate, Validity};
use app::promotions::rules::{Benefit, CouponTerms, Scope, Tier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// (name, benefit, threshold in fen, quantity, per member, usable days,
/// new members only)
const COUPONS: [(&str, Benefit, i64, i32, i32, u16, bool); 4] = [
    (
        "新人专享 ¥20",
        Benefit::AmountOff(2_000),
        19_900,
        1_000,
        1,
        30,
        true,
    ),
    (
        "9 折券",
        Benefit::PercentOff {
            percent: 10,
            cap: Some(5_000),
        },
        10_000,
        500,
        2,
        7,
        false,
    ),
    ("包邮券", Benefit::FreeShipping, 0, 2_000, 3, 14, false),
    (
        "限量 ¥50 大额券",
        Benefit::AmountOff(5_000),
        49_900,
        20,
        1,
        7,
        false,
    ),
];

pub async fn load<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let (from, until) = (now - Duration::days(1), now + Duration::days(60));
    for (name, benefit, threshold, total_quantity, per_member_limit, days, new_members_only) in
        COUPONS
    {
        CouponRepo(db)
            .create_template(
                NewTemplate {
                    name,
                    terms: CouponTerms {
                        threshold,
                        benefit,
                        scope: Scope::All,
                    },
                    claim_from: from,
                    claim_until: until,
                    validity: Validity::DaysFromClaim(days),
                    total_quantity,
                    per_member_limit,
                    new_members_only,
                },
                now,
            )
            .await?;
    }
    OfferRepo(db)
        .create(
            NewOffer {
                name: "满 ¥299 减 ¥30，满 ¥599 减 ¥80",
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
                starts_at: from,
                ends_at: until,
            },
            now,
        )
        .await?;
    Ok(COUPONS.len())
}
