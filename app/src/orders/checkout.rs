//! Turning a member's cart into an order. The chosen lines are read and
//! priced with the promotions before the write lock is taken; then, in
//! one write transaction, the order is written, the coupon and the stock
//! are taken (each with a conditional update that re-checks what was
//! read) and the lines leave the cart, or nothing happens at all.
//!
//! The shop writes orders through an [`OrderWriter`] that puts checkouts
//! arriving together into one transaction ([`crate::db::group_commit`]), which
//! is where most of an order's cost was: each takes its own stock, and
//! then all are written with one insert per table.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, SqlErr, TransactionTrait};

use super::entity::order;
use super::number::new_order_number;
use super::repo::{NewOrder, OrderRepo, PlaceError, Placed, ShipTo, shared_takes};
use super::shipping::{ShippingMethod, ShippingOption};
use crate::cart::model::CartLine;
use crate::cart::repo::{CartOwner, CartRepo};
use crate::catalog::spec_names::SpecValueNames;
use crate::catalog::taxonomy::Taxonomy;
use crate::db::group_commit::{Answer, Job, Writer, in_savepoint};
use crate::promotions::offer_cache::OfferCache;
use crate::promotions::pricing::{CartPricing, PricingError, price_cart};
use crate::promotions::quote::{Choice, Quote};

pub struct Checkout<'a> {
    pub member_id: i64,
    pub idempotency_key: &'a str,
    pub ship_to: ShipTo,
    pub note: &'a str,
    /// The delivery chosen, priced by today's settings.
    pub shipping: ShippingOption,
    /// Which coupon to use.
    pub coupon: Choice,
    /// The total the page showed before any coupon; with the coupon's
    /// saving, shown beside it, that is what the shopper agreed to pay.
    pub expected_before_coupon: i64,
    /// For coupons and offers scoped to categories.
    pub taxonomy: &'a Taxonomy,
    /// For the lines' variants, which the order keeps.
    pub spec_names: &'a SpecValueNames,
    pub offers: &'a OfferCache,
    /// The cart lines the page showed (their ids): when they have been
    /// ordered from another tab since, that is the refusal to give.
    pub shown_lines: &'a [i64],
    pub pay_within: Duration,
    pub now: DateTime<Utc>,
}

/// Places the order for the member's ticked cart lines. A repeat of the
/// same checkout (double click, retry after a timeout, the page sent again)
/// gets the first order's number, even when the two race: the loser's
/// insert meets the unique key and its transaction is rolled back whole
/// (stock included), or it finds the cart already emptied by the winner;
/// either way it answers with the winner's order. The key is looked up only
/// when placing fails, so a first checkout pays nothing for it.
///
/// Two checkout pages of one cart (two tabs) have two keys; the cart lines
/// they share still go into one order, as each order line claims its cart
/// line under a unique index, and the other checkout is refused. It is
/// told its items were ordered elsewhere, not that the cart is empty, even
/// when it comes after the first order and finds the cart emptied.
pub async fn place_from_cart(
    db: &DatabaseConnection,
    writer: &OrderWriter,
    checkout: Checkout<'_>,
) -> Result<Placed, PlaceError> {
    let key = checkout.idempotency_key;
    let member_id = checkout.member_id;
    let shown_lines = checkout.shown_lines;
    let asked = Asked {
        lines: shown_lines,
        ship_to: checkout.ship_to.clone(),
        shipping: checkout.shipping.method.as_str(),
        note: checkout.note,
    };
    let refused = match place(db, writer, checkout).await {
        Ok(placed) => return Ok(placed),
        Err(refused) => refused,
    };
    match OrderRepo(db).by_key(member_id, key).await? {
        // A repeat of the same checkout gets its order; the same key with
        // other items, address, delivery or note is another request
        // wearing a used key, refused (as Stripe refuses one) so that the
        // shopper is never told the wrong cart was ordered.
        Some(existing) => {
            let placed = OrderRepo(db).cart_lines_of(existing.id).await?;
            let ticked_now = match CartRepo(db).find(&CartOwner::Member(member_id)).await? {
                Some(cart) => CartRepo(db)
                    .lines(cart)
                    .await?
                    .iter()
                    .filter(|line| line.selected)
                    .filter_map(|line| line.line_id)
                    .collect(),
                None => Vec::new(),
            };
            if asked.is_placed_as(&existing, &placed, &ticked_now) {
                Ok(Placed::Existing(existing.order_no))
            } else {
                Err(PlaceError::KeyReused(existing.order_no))
            }
        }
        None if is_unique_violation(&refused) => Err(PlaceError::AlreadyOrdered),
        // Whatever else went wrong (the cart is empty, the total moved),
        // the shopper's first news is where their items went.
        None if OrderRepo(db).ordered_any(member_id, shown_lines).await? => {
            Err(PlaceError::AlreadyOrdered)
        }
        None => Err(refused),
    }
}

/// What a checkout asked for, to tell a repeat of it from another request
/// that reuses its key.
struct Asked<'a> {
    lines: &'a [i64],
    ship_to: ShipTo,
    shipping: &'static str,
    note: &'a str,
}

impl Asked<'_> {
    /// Whether `order`, placed from the cart lines `placed`, is what this
    /// checkout asked for. The lines are those the page listed; a request
    /// that did not list them asks for the lines ticked in the cart, which
    /// a repeat finds gone into the order (or none at all).
    fn is_placed_as(&self, order: &order::Model, placed: &[i64], ticked_now: &[i64]) -> bool {
        let same_lines = if self.lines.is_empty() {
            ticked_now.iter().all(|line| placed.contains(line))
        } else {
            self.lines.iter().all(|line| placed.contains(line))
                && placed.iter().all(|line| self.lines.contains(line))
        };
        same_lines
            && order.recipient == self.ship_to.recipient
            && order.phone == self.ship_to.phone
            && order.address == self.ship_to.address
            && order.shipping_method == self.shipping
            && order.note == self.note
    }
}

/// With no order under the checkout's key, what a unique index refused is
/// a cart line another order claimed (an order number repeating, time to
/// the millisecond plus eight random digits, is not worth a word).
fn is_unique_violation(refused: &PlaceError) -> bool {
    matches!(
        refused,
        PlaceError::Database(err)
            if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
    )
}

async fn place(
    db: &DatabaseConnection,
    writer: &OrderWriter,
    checkout: Checkout<'_>,
) -> Result<Placed, PlaceError> {
    // Read before the write lock is taken: `OrderRepo::place` checks again,
    // in its conditional updates, everything it relies on from these lines.
    let (cart_id, lines) = CartRepo(db)
        .lines_of_named(&CartOwner::Member(checkout.member_id), checkout.spec_names)
        .await?;
    let chosen: Vec<_> = lines.into_iter().filter(|l| l.selected).collect();
    if chosen.is_empty() {
        return Err(PlaceError::Empty);
    }
    let offers = checkout.offers.running(db, checkout.now).await?;
    let pricing = |choice| CartPricing {
        member_id: checkout.member_id,
        lines: &chosen,
        shipping: checkout.shipping.rule,
        taxonomy: checkout.taxonomy,
        offers: &offers,
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
        shipping: checkout.shipping.method,
        note: checkout.note.to_owned(),
        now: checkout.now,
        pay_by: checkout.now + checkout.pay_within,
    };
    writer.write(db, job).await
}

/// Every job of a batch is answered above; this would be a bug.
fn unanswered() -> PlaceError {
    PlaceError::Database(DbErr::Custom(
        "a checkout of the batch was not answered".into(),
    ))
}

/// How orders reach the database: the shop batches them.
pub type OrderWriter = Writer<PlaceJob>;

/// The writes of one checkout, everything read and priced beforehand.
pub struct PlaceJob {
    cart_id: Option<i64>,
    member_id: i64,
    idempotency_key: String,
    order_no: String,
    lines: Vec<CartLine>,
    quote: Quote,
    ship_to: ShipTo,
    shipping: ShippingMethod,
    note: String,
    now: DateTime<Utc>,
    pay_by: DateTime<Utc>,
}

impl PlaceJob {
    fn new_order(&self) -> NewOrder<'_> {
        NewOrder {
            member_id: self.member_id,
            idempotency_key: &self.idempotency_key,
            order_no: self.order_no.clone(),
            lines: &self.lines,
            quote: &self.quote,
            ship_to: self.ship_to.clone(),
            shipping: self.shipping,
            note: &self.note,
            now: self.now,
            pay_by: self.pay_by,
        }
    }

    /// Whether [`OrderRepo::take_stock_together`] took this order's stock,
    /// and if so the product it sold out, if it did: only a one-line order
    /// on sale was counted in (see [`shared_takes`]).
    fn taken_together(&self, left: &HashMap<i64, i64>) -> Option<Vec<i64>> {
        let [line] = self.lines.as_slice() else {
            return None;
        };
        let left = *left.get(&line.sku_id).filter(|_| line.on_sale)?;
        Some(if left == 0 {
            vec![line.product_id]
        } else {
            Vec::new()
        })
    }

    /// Takes this order's stock in `tx`; a line that cannot be had gives
    /// back the lines taken before it.
    async fn take_stock(&self, tx: &DatabaseTransaction) -> Result<Vec<i64>, PlaceError> {
        let new = self.new_order();
        if self.lines.len() == 1 {
            return OrderRepo(tx).take_cart_stock(&new).await;
        }
        let savepoint = tx.begin().await?;
        let taken = OrderRepo(&savepoint).take_cart_stock(&new).await;
        match taken {
            Ok(_) => savepoint.commit().await?,
            Err(_) => savepoint.rollback().await?,
        }
        taken
    }
}

#[async_trait::async_trait]
impl Job for PlaceJob {
    const KIND: &'static str = "order";
    type Done = Placed;
    type Refused = PlaceError;

    /// The cart's lines go last: every checkout locks the idempotency
    /// key, then the stock, then the cart lines its order lines claim,
    /// then the cart, so that two sends of one page or two tabs (one
    /// batched, one alone) wait for each other instead of deadlocking.
    async fn apply(&self, tx: &DatabaseTransaction) -> Result<Placed, PlaceError> {
        let placed = OrderRepo(tx).place(self.new_order()).await?;
        if let Some(cart_id) = self.cart_id {
            let ordered: Vec<i64> = self.lines.iter().map(|l| l.sku_id).collect();
            CartRepo(tx).remove_lines(cart_id, &ordered).await?;
        }
        Ok(placed)
    }

    /// The orders are written with one insert per table and their lines
    /// leave the carts in one delete, instead of some nine statements per
    /// order. Their stock is taken between the insert of the orders' rows
    /// and the rest, as a lone checkout takes it after its row: one
    /// statement for the one-line orders, then one per line for the others
    /// (or for all of a SKU that had not enough for all); the rows of
    /// those refused are deleted. The writes after the stock, whose
    /// results nobody reads, go to the database together
    /// ([`crate::db::sent_together::SentTogether`]). An order with a coupon
    /// takes it by the order's id, so it is placed whole on its own, in a
    /// savepoint.
    async fn apply_batch(
        tx: &DatabaseTransaction,
        jobs: &[&Self],
    ) -> Result<Vec<Answer<Self>>, DbErr> {
        let mut answers: Vec<Option<Answer<Self>>> = Vec::with_capacity(jobs.len());
        for job in jobs {
            answers.push(match job.quote.coupon {
                Some(_) => Some(in_savepoint(tx, *job).await?),
                None => None,
            });
        }
        let plain: Vec<usize> = (0..jobs.len()).filter(|&i| answers[i].is_none()).collect();
        let news: Vec<NewOrder<'_>> = plain.iter().map(|&i| jobs[i].new_order()).collect();
        let rows = OrderRepo(tx).insert_cart_orders(&news).await?;

        // One-line orders take their stock together, a statement for all;
        // the rest, and those whose SKU had not enough for all, one by one.
        let one_line = plain
            .iter()
            .filter_map(|&i| match jobs[i].lines.as_slice() {
                [line] => Some(line),
                _ => None,
            });
        let left = OrderRepo(tx)
            .take_stock_together(&shared_takes(one_line))
            .await?;

        // The jobs whose stock was taken, with the products they sold out.
        let mut placing = Vec::new();
        let (mut placed_news, mut placed_rows, mut refused_rows) =
            (Vec::new(), Vec::new(), Vec::new());
        for ((&i, new), row) in plain.iter().zip(news).zip(rows) {
            let taken = match jobs[i].taken_together(&left) {
                Some(sold_out) => Ok(sold_out),
                None => jobs[i].take_stock(tx).await,
            };
            match taken {
                Ok(sold_out) => {
                    placing.push((i, sold_out));
                    placed_news.push(new);
                    placed_rows.push(row);
                }
                // On PostgreSQL the transaction is now unusable.
                Err(PlaceError::Database(err)) => return Err(err),
                Err(refused) => {
                    answers[i] = Some(Err(refused));
                    refused_rows.push(row.id);
                }
            }
        }
        let mut rest =
            OrderRepo(tx).finishing_cart_orders(&placed_news, &placed_rows, refused_rows)?;
        let ordered: Vec<(i64, Vec<i64>)> = placing
            .iter()
            .filter_map(|&(i, _)| {
                let skus = jobs[i].lines.iter().map(|l| l.sku_id).collect();
                jobs[i].cart_id.map(|cart_id| (cart_id, skus))
            })
            .collect();
        rest.extend(CartRepo(tx).removing_lines_of(&ordered));
        rest.execute(tx).await?;

        for ((i, sold_out), new) in placing.into_iter().zip(placed_news) {
            answers[i] = Some(Ok(new.placed(&sold_out)));
        }
        Ok(answers
            .into_iter()
            .map(|answer| answer.unwrap_or_else(|| Err(unanswered())))
            .collect())
    }

    /// A repeated idempotency key is the job's own answer (the caller
    /// then finds the first order); other database errors may be a
    /// deadlock with another server's batch.
    fn retry_alone(refused: &PlaceError) -> bool {
        matches!(refused, PlaceError::Database(_)) && !is_unique_violation(refused)
    }
}
