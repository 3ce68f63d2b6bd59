//! Turning a member's cart into an order. The chosen lines are read and
//! priced with the promotions before the write lock is taken; then, in
//! one write transaction, the lines leave the cart, the order is written,
//! the coupon and the stock are taken (each with a conditional update that
//! re-checks what was read), or nothing happens at all.

use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

use super::number::order_number;
use super::pricing::ShippingRule;
use super::repo::{NewOrder, OrderRepo, PlaceError, Placed, ShipTo};
use crate::cart::repo::{CartOwner, CartRepo};
use crate::catalog::taxonomy::Taxonomy;
use crate::promotions::pricing::{CartPricing, PricingError, price_cart};
use crate::promotions::quote::Choice;

pub struct Checkout<'a> {
    pub member_id: i64,
    pub idempotency_key: &'a str,
    pub ship_to: ShipTo,
    pub note: &'a str,
    pub shipping: ShippingRule,
    /// Which coupon to use.
    pub coupon: Choice,
    /// The total the page showed before any coupon; with the coupon's
    /// saving, shown beside it, that is what the shopper agreed to pay.
    pub expected_before_coupon: i64,
    /// For coupons and offers scoped to categories.
    pub taxonomy: &'a Taxonomy,
    pub pay_within: Duration,
    pub now: DateTime<Utc>,
}

/// Places the order for the member's ticked cart lines. A repeat of the
/// same checkout (double click, retry after a timeout, a second tab) gets
/// the first order's number, even when the two race: the loser's insert
/// meets the unique key and its transaction is rolled back whole (stock
/// included), or it finds the cart already emptied by the winner; either
/// way it answers with the winner's order. The key is looked up only when
/// placing fails, so a first checkout pays nothing for it.
pub async fn place_from_cart(
    db: &DatabaseConnection,
    checkout: Checkout<'_>,
) -> Result<Placed, PlaceError> {
    let key = checkout.idempotency_key;
    let member_id = checkout.member_id;
    let refused = match place(db, checkout).await {
        Ok(placed) => return Ok(placed),
        Err(refused) => refused,
    };
    match OrderRepo(db).by_key(member_id, key).await? {
        Some(existing) => Ok(Placed::Existing(existing)),
        None => Err(refused),
    }
}

async fn place(db: &DatabaseConnection, checkout: Checkout<'_>) -> Result<Placed, PlaceError> {
    // Read before the write lock is taken: `OrderRepo::place` checks again,
    // in its conditional updates, everything it relies on from these lines.
    let carts = CartRepo(db);
    let cart_id = carts.find(&CartOwner::Member(checkout.member_id)).await?;
    let lines = match cart_id {
        Some(id) => carts.lines(id).await?,
        None => Vec::new(),
    };
    let chosen: Vec<_> = lines.into_iter().filter(|l| l.selected).collect();
    if chosen.is_empty() {
        return Err(PlaceError::Empty);
    }
    let pricing = |choice| CartPricing {
        member_id: checkout.member_id,
        lines: &chosen,
        shipping: checkout.shipping,
        taxonomy: checkout.taxonomy,
        now: checkout.now,
        choice,
    };
    let priced = match price_cart(db, pricing(checkout.coupon)).await {
        Ok(priced) => priced,
        // A coupon refused because prices moved under it: say the prices
        // moved, which is what the shopper needs to know first.
        Err(PricingError::Coupon(refused)) => {
            let plain = price_cart(db, pricing(Choice::NoCoupon)).await?;
            if plain.before_coupon() != checkout.expected_before_coupon {
                return Err(PlaceError::PriceChanged(plain.quote.breakdown()));
            }
            return Err(PlaceError::Coupon(refused));
        }
        Err(err) => return Err(err.into()),
    };
    if priced.before_coupon() != checkout.expected_before_coupon {
        return Err(PlaceError::PriceChanged(priced.quote.breakdown()));
    }

    let tx = crate::db::begin_write(db).await?;
    if let Some(cart_id) = cart_id {
        let ordering: Vec<i64> = chosen.iter().map(|l| l.sku_id).collect();
        CartRepo(&tx).remove_lines(cart_id, &ordering).await?;
    }
    let placed = OrderRepo(&tx)
        .place(NewOrder {
            member_id: checkout.member_id,
            idempotency_key: checkout.idempotency_key,
            order_no: order_number(checkout.now, random_u64()),
            lines: &chosen,
            quote: &priced.quote,
            ship_to: checkout.ship_to,
            note: checkout.note,
            now: checkout.now,
            pay_by: checkout.now + checkout.pay_within,
        })
        .await?;
    tx.commit().await?;
    Ok(placed)
}

fn random_u64() -> u64 {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    OsRng.next_u64()
}
