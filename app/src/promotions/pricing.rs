//! A member's checkout priced with promotions: with the offers running now
//! (from [`super::offer_cache::OfferCache`]) and the coupons the member
//! holds, read from the database, [`quote`](super::quote::quote) does the
//! rest.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::entity::{coupon_template, member_coupon};
use super::model::CouponStatus;
use super::offer_cache::RunningOffers;
use super::quote::{Candidate, Choice, Quote, QuoteError, quote};
use super::repo::{CouponRepo, WalletQuery};
use super::rules::Line;
use crate::cart::model::CartLine;
use crate::catalog::taxonomy::Taxonomy;
use crate::orders::pricing::ShippingRule;

/// How long after its end checkout still lists a coupon as expired.
const SHOW_EXPIRED_DAYS: i64 = 30;

/// A coupon the member holds and has not used.
pub struct Held {
    pub name: String,
    pub candidate: Candidate,
}

pub struct PricedCart {
    pub quote: Quote,
    /// The name of the offer applied.
    pub offer_name: Option<String>,
    /// In the order of `quote.options`; none when priced with no coupon.
    pub held: Vec<Held>,
}

impl PricedCart {
    /// The total before the coupon's saving: what the checkout page shows
    /// next to each coupon's saving, so that the shopper agrees to both.
    pub fn before_coupon(&self) -> i64 {
        self.quote.total + self.quote.coupon.map_or(0, |(_, saving)| saving)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    #[error(transparent)]
    Coupon(#[from] QuoteError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct CartPricing<'a> {
    pub member_id: i64,
    pub lines: &'a [CartLine],
    pub shipping: ShippingRule,
    pub taxonomy: &'a Taxonomy,
    /// The offers running at `now`.
    pub offers: &'a RunningOffers,
    pub now: DateTime<Utc>,
    pub choice: Choice,
}

/// Prices the lines for the member with the offers running and the coupon
/// chosen among those they hold.
pub async fn price_cart<C: ConnectionTrait>(
    db: &C,
    pricing: CartPricing<'_>,
) -> Result<PricedCart, PricingError> {
    let lines = promotion_lines(pricing.taxonomy, pricing.lines);
    // Placing an order without a coupon needs none of them: the page that
    // offered them was priced with them.
    let held = if pricing.choice == Choice::NoCoupon {
        Vec::new()
    } else {
        held_coupons(db, pricing.member_id, pricing.now).await?
    };
    let candidates: Vec<Candidate> = held.iter().map(|h| h.candidate.clone()).collect();
    let quote = quote(
        &lines,
        pricing.shipping,
        &pricing.offers.offers,
        &candidates,
        pricing.now.timestamp(),
        pricing.choice,
    )?;
    let offer_name = quote
        .offer
        .and_then(|(id, _)| pricing.offers.name_of(id))
        .map(str::to_owned);
    Ok(PricedCart {
        quote,
        offer_name,
        held,
    })
}

/// The coupons the member holds unused. Those that ended lately still
/// show, with the reason; older ones would only crowd the page.
async fn held_coupons<C: ConnectionTrait>(
    db: &C,
    member_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Held>, DbErr> {
    Ok(CouponRepo(db)
        .wallet(
            member_id,
            WalletQuery {
                status: CouponStatus::Unused,
                ending_after: Some(now - Duration::days(SHOW_EXPIRED_DAYS)),
                ending_by: None,
            },
        )
        .await?
        .into_iter()
        .filter_map(|(coupon, template)| held(&coupon, &template))
        .collect())
}

fn held(coupon: &member_coupon::Model, template: &coupon_template::Model) -> Option<Held> {
    Some(Held {
        name: template.name.clone(),
        candidate: Candidate {
            id: coupon.id,
            terms: template.terms()?,
            starts_at: coupon.starts_at.timestamp(),
            ends_at: coupon.ends_at.timestamp(),
        },
    })
}

/// The cart lines as promotions see them: each with its product's
/// category and the categories above it.
fn promotion_lines(taxonomy: &Taxonomy, lines: &[CartLine]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| Line {
            product_id: l.product_id,
            categories: taxonomy.lineage(l.category_id),
            amount: l.total(),
        })
        .collect()
}
