//! Turning a member's cart into an order. The chosen lines are read and
//! priced with the promotions before the write lock is taken; then, in
//! one write transaction, the lines leave the cart, the order is written,
//! the coupon and the stock are taken (each with a conditional update that
//! re-checks what was read), or nothing happens at all.
//!
//! The shop writes orders through an [`OrderWriter`] that puts checkouts
//! arriving together into one transaction, each in its own savepoint
//! ([`crate::group_commit`]), which is where most of an order's cost was.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction, SqlErr};

use super::number::new_order_number;
use super::pricing::ShippingRule;
use super::repo::{NewOrder, OrderRepo, PlaceError, Placed, ShipTo};
use crate::cart::model::CartLine;
use crate::cart::repo::{CartOwner, CartRepo};
use crate::catalog::taxonomy::Taxonomy;
use crate::group_commit::{GroupCommit, Job};
use crate::promotions::pricing::{CartPricing, PricingError, price_cart};
use crate::promotions::quote::{Choice, Quote};

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
    writer: &OrderWriter,
    checkout: Checkout<'_>,
) -> Result<Placed, PlaceError> {
    let key = checkout.idempotency_key;
    let member_id = checkout.member_id;
    let refused = match place(db, writer, checkout).await {
        Ok(placed) => return Ok(placed),
        Err(refused) => refused,
    };
    match OrderRepo(db).by_key(member_id, key).await? {
        Some(existing) => Ok(Placed::Existing(existing)),
        None => Err(refused),
    }
}

async fn place(
    db: &DatabaseConnection,
    writer: &OrderWriter,
    checkout: Checkout<'_>,
) -> Result<Placed, PlaceError> {
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

    let job = PlaceJob {
        cart_id,
        member_id: checkout.member_id,
        idempotency_key: checkout.idempotency_key.to_owned(),
        order_no: new_order_number(checkout.now),
        lines: chosen,
        quote: priced.quote,
        ship_to: checkout.ship_to,
        note: checkout.note.to_owned(),
        now: checkout.now,
        pay_by: checkout.now + checkout.pay_within,
    };
    writer.write(db, job).await
}

/// How orders reach the database.
pub enum OrderWriter {
    /// Batched with other checkouts of this app server (the shop).
    Batched(GroupCommit<PlaceJob>),
    /// One transaction per order (tests of that path, benchmarks' baseline).
    Alone,
}

impl OrderWriter {
    /// One worker per app server on either database: a batch holds its
    /// SKU rows until it commits, and two overlapping batches taking the
    /// same SKUs in another order would deadlock.
    pub fn batched(db: &DatabaseConnection) -> Self {
        Self::Batched(GroupCommit::start(db.clone(), 1))
    }

    async fn write(&self, db: &DatabaseConnection, job: PlaceJob) -> Result<Placed, PlaceError> {
        match self {
            Self::Batched(queue) => queue.run(job).await,
            Self::Alone => {
                let tx = crate::db::begin_write(db).await?;
                let placed = job.apply(&tx).await?;
                tx.commit().await?;
                Ok(placed)
            }
        }
    }
}

/// The writes of one checkout, everything read and priced beforehand.
pub struct PlaceJob {
    cart_id: Option<i64>,
    member_id: i64,
    idempotency_key: String,
    order_no: String,
    lines: Vec<CartLine>,
    quote: Quote,
    ship_to: ShipTo,
    note: String,
    now: DateTime<Utc>,
    pay_by: DateTime<Utc>,
}

#[async_trait::async_trait]
impl Job for PlaceJob {
    type Done = Placed;
    type Refused = PlaceError;

    async fn apply(&self, tx: &DatabaseTransaction) -> Result<Placed, PlaceError> {
        if let Some(cart_id) = self.cart_id {
            let ordering: Vec<i64> = self.lines.iter().map(|l| l.sku_id).collect();
            CartRepo(tx).remove_lines(cart_id, &ordering).await?;
        }
        OrderRepo(tx)
            .place(NewOrder {
                member_id: self.member_id,
                idempotency_key: &self.idempotency_key,
                order_no: self.order_no.clone(),
                lines: &self.lines,
                quote: &self.quote,
                ship_to: self.ship_to.clone(),
                note: &self.note,
                now: self.now,
                pay_by: self.pay_by,
            })
            .await
    }

    /// A repeated idempotency key is the job's own answer (the caller
    /// then finds the first order); other database errors may be a
    /// deadlock with another server's batch.
    fn retry_alone(refused: &PlaceError) -> bool {
        match refused {
            PlaceError::Database(err) => {
                !matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
            }
            _ => false,
        }
    }
}
