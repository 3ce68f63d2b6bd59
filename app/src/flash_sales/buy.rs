//! Buying in a flash sale. Attempts that get past the board (running,
//! not sold out) queue per item, and each server settles all those
//! waiting in one write transaction: one conditional update takes as many
//! units as the batch can have, the buyers' counts are raised against
//! their limit in one statement (a round per attempt of the same member),
//! and all the batch's orders are written in four statements. This is the hot-row batching MySQL's Inventory Hint does
//! inside the database, done in the app: the item's row is locked
//! and updated once per batch instead of once per buyer, and every buyer
//! still gets their own answer and their own order.
//!
//! Correctness does not rest on the batching: the unit count is a
//! conditional update (and a CHECK), the member's count another, so any
//! number of servers, batching or not, sell exactly the flash stock.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{DatabaseConnection, DbErr, SqlErr};
use tokio::sync::{mpsc, oneshot};

use super::board::{FlashBoard, LiveItem};
use super::gate::{Admission, FlashGate, GateError};
use super::model::{Phase, Refusal};
use super::repo::FlashRepo;
use super::rounds::next_round;
use crate::members::model::Address;
use crate::members::repo::MemberRepo;
use crate::orders::number::new_order_number;
use crate::orders::pricing::ShippingRule;
use crate::orders::repo::{NewOrder, OrderRepo, ShipTo};
use crate::orders::shipping::ShippingMethod;
use crate::promotions::quote::Quote;

/// The most attempts one transaction settles.
const MAX_BATCH: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum BuyError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What a flash order costs besides its unit, read when its batch runs.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub shipping: ShippingRule,
    pub pay_within: Duration,
}

type Answer = Result<String, BuyError>;

struct Attempt {
    member_id: i64,
    terms: Terms,
    answer: oneshot::Sender<Answer>,
}

pub struct FlashBuyer {
    db: DatabaseConnection,
    board: Arc<FlashBoard>,
    gate: Option<Arc<FlashGate>>,
    batching: bool,
    workers: Mutex<HashMap<i64, Worker>>,
}

/// An item's queue, with the board's item its batches sell.
type Worker = (Arc<LiveItem>, mpsc::UnboundedSender<Attempt>);

impl FlashBuyer {
    /// With `batching` off every attempt runs its own transaction (the
    /// benchmark's baseline).
    pub fn new(db: DatabaseConnection, board: Arc<FlashBoard>, batching: bool) -> Arc<Self> {
        Self::gated(db, board, batching, None)
    }

    /// The same behind a shared gate, when there is one.
    pub fn gated(
        db: DatabaseConnection,
        board: Arc<FlashBoard>,
        batching: bool,
        gate: Option<Arc<FlashGate>>,
    ) -> Arc<Self> {
        Arc::new(Self {
            db,
            board,
            gate,
            batching,
            workers: Mutex::new(HashMap::new()),
        })
    }

    pub fn board(&self) -> &Arc<FlashBoard> {
        &self.board
    }

    pub fn gate(&self) -> Option<&Arc<FlashGate>> {
        self.gate.as_ref()
    }

    /// Re-reads the board and brings the gate in line with it. A gate
    /// that fails is reported, not returned: buyers then go to the
    /// database, which is all the gate ever saves.
    pub async fn refresh(&self, now: DateTime<Utc>) -> Result<(), DbErr> {
        let states = self.board.refresh(now).await?;
        if let Some(gate) = &self.gate
            && let Err(err) = gate.follow(&self.db, &states, now).await
        {
            gate.report(&err);
        }
        Ok(())
    }

    /// Loads the gate from the database, whatever it held (on start).
    pub async fn load_gate(&self, now: DateTime<Utc>) -> Result<(), GateError> {
        let states = self.board.refresh(now).await?;
        match &self.gate {
            Some(gate) => gate.load(&self.db, &states, now).await,
            None => Ok(()),
        }
    }

    /// Buys one unit of the item for the member; answers the new order's
    /// number. Refusals that the board can give cost no database work.
    pub async fn buy(
        &self,
        item_id: i64,
        member_id: i64,
        terms: Terms,
        now: DateTime<Utc>,
    ) -> Result<String, BuyError> {
        let item = self
            .board
            .item(item_id, now)
            .await?
            .ok_or(Refusal::NoSuchItem)?;
        let answer = self.attempt(&item, member_id, terms, now).await;
        item.count(answer.is_ok());
        answer
    }

    async fn attempt(
        &self,
        item: &Arc<LiveItem>,
        member_id: i64,
        terms: Terms,
        now: DateTime<Utc>,
    ) -> Result<String, BuyError> {
        match item.phase(now) {
            Phase::Upcoming => return Err(Refusal::NotStarted.into()),
            Phase::Ended => return Err(Refusal::Ended.into()),
            Phase::Live => {}
        }
        if item.sold_out() {
            return Err(Refusal::SoldOut.into());
        }
        let Some(gate) = &self.gate else {
            return self.in_database(item, member_id, terms, now).await;
        };
        match gate.admit(item.id, member_id, now).await {
            Ok(Admission::Admitted) => {}
            // Not marked sold out here: the gate's last units may still be
            // on their way through a batch, which the mark would refuse.
            Ok(Admission::Refused(refusal)) => return Err(refusal.into()),
            Ok(Admission::Unknown) => return self.in_database(item, member_id, terms, now).await,
            Err(err) => {
                gate.report(&err.into());
                return self.in_database(item, member_id, terms, now).await;
            }
        }
        let answer = self.in_database(item, member_id, terms, now).await;
        if answer.is_err()
            && let Err(err) = gate.release(item.id, member_id).await
        {
            gate.report(&err.into());
        }
        answer
    }

    /// Sells the member a unit in the database, in the item's next batch.
    async fn in_database(
        &self,
        item: &Arc<LiveItem>,
        member_id: i64,
        terms: Terms,
        now: DateTime<Utc>,
    ) -> Result<String, BuyError> {
        let (answer, answered) = oneshot::channel();
        let attempt = Attempt {
            member_id,
            terms,
            answer,
        };
        if self.batching {
            self.worker(item).send(attempt).map_err(|_| stopped())?;
        } else {
            settle(&self.db, item, vec![attempt], now).await;
        }
        answered.await.map_err(|_| stopped())?
    }

    fn worker(&self, item: &Arc<LiveItem>) -> mpsc::UnboundedSender<Attempt> {
        let mut workers = self.workers.lock().unwrap_or_else(|e| e.into_inner());
        // A worker selling an item the board has since replaced (staff
        // changed its price or limit) is left to drain.
        if let Some((sells, sender)) = workers.get(&item.id)
            && Arc::ptr_eq(sells, item)
            && !sender.is_closed()
        {
            return sender.clone();
        }
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(work(self.db.clone(), Arc::clone(item), receiver));
        workers.insert(item.id, (Arc::clone(item), sender.clone()));
        sender
    }
}

fn stopped() -> BuyError {
    BuyError::Database(DbErr::Custom("the flash-sale queue stopped".into()))
}

async fn work(
    db: DatabaseConnection,
    item: Arc<LiveItem>,
    mut receiver: mpsc::UnboundedReceiver<Attempt>,
) {
    while let Some(first) = receiver.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        // Once sold out, the queue drains without the database.
        if item.sold_out() {
            for attempt in batch {
                let _ = attempt.answer.send(Err(Refusal::SoldOut.into()));
            }
            continue;
        }
        // In a task of its own, so that a panic fails this batch's
        // buyers (their answers are dropped) and not the queue.
        let (db, item) = (db.clone(), Arc::clone(&item));
        let settled = tokio::spawn(async move { settle(&db, &item, batch, Utc::now()).await });
        if let Err(err) = settled.await {
            tracing::error!(error = %err, "a flash-sale batch panicked");
        }
    }
}

/// Settles the attempts in one transaction and answers each.
async fn settle(
    db: &DatabaseConnection,
    item: &LiveItem,
    attempts: Vec<Attempt>,
    now: DateTime<Utc>,
) {
    let buyers: Vec<(i64, Terms)> = attempts.iter().map(|a| (a.member_id, a.terms)).collect();
    match sell(db, item, &buyers, now).await {
        Ok(outcomes) => {
            for (attempt, outcome) in attempts.into_iter().zip(outcomes) {
                let _ = attempt.answer.send(outcome);
            }
        }
        Err(err) => {
            tracing::warn!(error = %err, item = item.id, "a flash-sale batch failed");
            for attempt in attempts {
                let _ = attempt
                    .answer
                    .send(Err(DbErr::Custom(err.to_string()).into()));
            }
        }
    }
}

/// Sells the batch; a clash of order numbers (two servers drawing the
/// same digits in the same millisecond) undoes it all and runs it again,
/// once, with new numbers.
async fn sell(
    db: &DatabaseConnection,
    item: &LiveItem,
    buyers: &[(i64, Terms)],
    now: DateTime<Utc>,
) -> Result<Vec<Answer>, DbErr> {
    match sell_once(db, item, buyers, now).await {
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            sell_once(db, item, buyers, now).await
        }
        sold => sold,
    }
}

/// Takes as many units as there are buyers (or as are left), counts
/// them against the buyers' limits in rounds until the units are sold or
/// every buyer is answered, and writes all their orders together; buyers
/// left over are told it is sold out. Answers each buyer's outcome; nothing is
/// answered before the commit.
async fn sell_once(
    db: &DatabaseConnection,
    item: &LiveItem,
    buyers: &[(i64, Terms)],
    now: DateTime<Utc>,
) -> Result<Vec<Answer>, DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let wanted = i32::try_from(buyers.len()).unwrap_or(i32::MAX);
    let taken = FlashRepo(&*tx).take(item.id, wanted, now).await?;
    let granted = usize::try_from(taken.granted).unwrap_or(0);
    let addresses = if granted > 0 {
        let members: Vec<i64> = buyers.iter().map(|&(member, _)| member).collect();
        MemberRepo(&*tx).first_addresses(&members).await?
    } else {
        HashMap::new()
    };
    // Each buyer's sale, by its place in `sales`, or why not.
    let mut outcomes: Vec<Option<Result<usize, Refusal>>> = vec![None; buyers.len()];
    let mut waiting = Vec::with_capacity(buyers.len());
    for (attempt, (member_id, _)) in buyers.iter().enumerate() {
        outcomes[attempt] = if !taken.running {
            Some(Err(Refusal::Ended))
        } else if granted == 0 {
            Some(Err(Refusal::SoldOut))
        } else if !addresses.contains_key(member_id) {
            Some(Err(Refusal::NoAddress))
        } else {
            waiting.push(attempt);
            None
        };
    }
    let mut numbers = HashSet::new();
    let mut sales = Vec::with_capacity(granted);
    while sales.len() < granted && !waiting.is_empty() {
        let member_of = |attempt: usize| buyers[attempt].0;
        let round = next_round(&mut waiting, member_of, granted - sales.len());
        let members: Vec<i64> = round.iter().map(|&attempt| member_of(attempt)).collect();
        let counted = FlashRepo(&*tx)
            .count_purchases(item.id, &members, item.per_member_limit)
            .await?;
        let mut at_limit = HashSet::new();
        for attempt in round {
            let (member_id, terms) = buyers[attempt];
            outcomes[attempt] = Some(if counted.contains(&member_id) {
                let order_no = fresh_number(&mut numbers, now);
                sales.push(Sale::new(
                    item,
                    member_id,
                    &addresses[&member_id],
                    terms,
                    order_no,
                    now,
                ));
                Ok(sales.len() - 1)
            } else {
                at_limit.insert(member_id);
                Err(Refusal::LimitReached)
            });
        }
        // Their later attempts would only be refused again.
        waiting.retain(|&attempt| {
            let over = at_limit.contains(&member_of(attempt));
            if over {
                outcomes[attempt] = Some(Err(Refusal::LimitReached));
            }
            !over
        });
    }
    let orders: Vec<NewOrder<'_>> = sales.iter().map(|sale| sale.order(item, now)).collect();
    OrderRepo(&*tx).place_flash_many(&orders, item.id).await?;
    // Units taken for buyers who were refused (the limit, no address).
    let unused = taken.granted - i32::try_from(sales.len()).unwrap_or(i32::MAX);
    if unused > 0 {
        FlashRepo(&*tx).put_back(item.id, unused).await?;
    }
    tx.commit().await?;
    if taken.running && taken.left + unused == 0 {
        item.mark_sold_out();
    }
    Ok(outcomes
        .into_iter()
        .map(|outcome| match outcome {
            Some(Ok(sale)) => Ok(sales[sale].order_no.clone()),
            Some(Err(refusal)) => Err(refusal.into()),
            // Still waiting when the units ran out.
            None => Err(Refusal::SoldOut.into()),
        })
        .collect())
}

/// A unit sold in a batch, with what its order needs.
struct Sale {
    member_id: i64,
    order_no: String,
    idempotency_key: String,
    quote: Quote,
    ship_to: ShipTo,
    pay_by: DateTime<Utc>,
}

impl Sale {
    fn new(
        item: &LiveItem,
        member_id: i64,
        address: &Address,
        terms: Terms,
        order_no: String,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            member_id,
            idempotency_key: format!("flash:{}:{order_no}", item.id),
            order_no,
            quote: Quote::single_line(item.line.price, terms.shipping),
            ship_to: ShipTo {
                recipient: address.recipient.clone(),
                phone: address.phone.clone(),
                address: address.one_line(),
            },
            pay_by: now + terms.pay_within,
        }
    }

    fn order<'a>(&'a self, item: &'a LiveItem, now: DateTime<Utc>) -> NewOrder<'a> {
        NewOrder {
            member_id: self.member_id,
            idempotency_key: &self.idempotency_key,
            order_no: self.order_no.clone(),
            lines: std::slice::from_ref(&item.line),
            quote: &self.quote,
            ship_to: self.ship_to.clone(),
            shipping: ShippingMethod::Standard,
            note: "",
            now,
            pay_by: self.pay_by,
        }
    }
}

/// An order number no other order of this batch has: the database's
/// unique index would otherwise fail the whole batch.
fn fresh_number(taken: &mut HashSet<String>, now: DateTime<Utc>) -> String {
    loop {
        let number = new_order_number(now);
        if taken.insert(number.clone()) {
            return number;
        }
    }
}
