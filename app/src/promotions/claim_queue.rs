//! Claims on one template coalesced in process: every claim waiting when
//! the template's worker comes round goes into one write transaction, so
//! the template's row (the one every claim must update) is updated once
//! per batch instead of once per claim. Each member still gets their own
//! answer, the same as [`CouponRepo::claim`] would give.
//!
//! Correctness does not rest on the batching: the count is still raised
//! by a conditional update that cannot pass the quantity, and claim
//! numbers are still unique per member, so claims from other app servers
//! (each with its own queue) race safely. When a batch meets another
//! server's claim for the same member (a unique violation), it is rolled
//! back and its claims are made one by one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
    SqlErr,
};
use tokio::sync::{mpsc, oneshot};

use super::entity::{coupon_template, member_coupon};
use super::model::TemplateStatus;
use super::repo::{ClaimError, CouponRepo, closed, new_coupon};
use crate::orders::entity::order;

/// The most claims one transaction settles.
const MAX_BATCH: usize = 128;

/// A template's worker ends after this long without a claim, so workers
/// are only kept for templates being claimed now.
const IDLE: Duration = Duration::from_secs(30);

type Answer = Result<member_coupon::Model, ClaimError>;

struct Waiting {
    member_id: i64,
    answer: oneshot::Sender<Answer>,
}

/// One worker per template being claimed, started on its first claim and
/// ended when idle. Only templates that exist get one: the id a claim
/// names is checked first, so made-up ids cost a read and nothing after.
pub struct ClaimQueue {
    db: DatabaseConnection,
    workers: Mutex<HashMap<i64, mpsc::UnboundedSender<Waiting>>>,
}

impl ClaimQueue {
    pub fn new(db: DatabaseConnection) -> Arc<Self> {
        Arc::new(Self {
            db,
            workers: Mutex::new(HashMap::new()),
        })
    }

    /// Claims one coupon of the template for the member, in the next batch.
    pub async fn claim(&self, template_id: i64, member_id: i64) -> Answer {
        let (answer, answered) = oneshot::channel();
        let mut waiting = Waiting { member_id, answer };
        // A worker may end (idle) between being found and being sent to:
        // the claim comes back and goes to a new one.
        for _ in 0..3 {
            let worker = match self.running(template_id) {
                Some(worker) => worker,
                None => self.start(template_id).await?,
            };
            match worker.send(waiting) {
                Ok(()) => return answered.await.map_err(|_| stopped())?,
                Err(mpsc::error::SendError(back)) => waiting = back,
            }
        }
        Err(stopped())
    }

    /// How many templates have a worker now.
    pub fn workers(&self) -> usize {
        self.lock().len()
    }

    fn running(&self, template_id: i64) -> Option<mpsc::UnboundedSender<Waiting>> {
        self.lock()
            .get(&template_id)
            .filter(|sender| !sender.is_closed())
            .cloned()
    }

    /// A worker for a template that exists; `NotFound` before anything is
    /// spawned or kept otherwise.
    async fn start(&self, template_id: i64) -> Result<mpsc::UnboundedSender<Waiting>, ClaimError> {
        if CouponRepo(&self.db).template(template_id).await?.is_none() {
            return Err(ClaimError::NotFound);
        }
        let mut workers = self.lock();
        workers.retain(|_, sender| !sender.is_closed());
        if let Some(sender) = workers.get(&template_id) {
            return Ok(sender.clone());
        }
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(work(self.db.clone(), template_id, receiver));
        workers.insert(template_id, sender.clone());
        Ok(sender)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, mpsc::UnboundedSender<Waiting>>> {
        self.workers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn stopped() -> ClaimError {
    ClaimError::Database(DbErr::Custom("the claim queue stopped".into()))
}

async fn work(
    db: DatabaseConnection,
    template_id: i64,
    mut waiting: mpsc::UnboundedReceiver<Waiting>,
) {
    // Ends when idle: dropping the receiver closes the sender kept in the
    // queue's map, which the next start prunes.
    while let Ok(Some(first)) = tokio::time::timeout(IDLE, waiting.recv()).await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let members: Vec<i64> = batch.iter().map(|w| w.member_id).collect();
        let answers = settle(&db, template_id, &members, Utc::now()).await;
        for (waiting, answer) in batch.into_iter().zip(answers) {
            // A claimant who gave up (closed the page) needs no answer.
            let _ = waiting.answer.send(answer);
        }
    }
}

/// The batch in one transaction; if another server's claim for one of
/// these members got in between, each claim on its own.
async fn settle(
    db: &DatabaseConnection,
    template_id: i64,
    members: &[i64],
    now: DateTime<Utc>,
) -> Vec<Answer> {
    match claim_batch(db, template_id, members, now).await {
        Ok(answers) => answers,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            let mut answers = Vec::with_capacity(members.len());
            for &member in members {
                answers.push(claim_one(db, template_id, member, now).await);
            }
            answers
        }
        Err(err) => {
            tracing::error!(error = %err, template_id, "a batch of claims failed");
            members
                .iter()
                .map(|_| Err(ClaimError::Database(DbErr::Custom(err.to_string()))))
                .collect()
        }
    }
}

async fn claim_one(
    db: &DatabaseConnection,
    template_id: i64,
    member: i64,
    now: DateTime<Utc>,
) -> Answer {
    let tx = crate::db::begin_write(db).await?;
    match CouponRepo(&tx).claim(template_id, member, now).await {
        Ok(coupon) => {
            tx.commit().await?;
            Ok(coupon)
        }
        Err(refused) => {
            tx.rollback().await?;
            Err(refused)
        }
    }
}

/// Settles the claims of `members` (one entry per claim, in arrival
/// order) in one write transaction: the same checks and answers as one
/// claim each, with the template's count raised once for all it gives.
async fn claim_batch(
    db: &DatabaseConnection,
    template_id: i64,
    members: &[i64],
    now: DateTime<Utc>,
) -> Result<Vec<Answer>, DbErr> {
    let tx = crate::db::begin_write(db).await?;
    let Some(template) = coupon_template::Entity::find_by_id(template_id)
        .one(&tx)
        .await?
    else {
        return Ok(members.iter().map(|_| Err(ClaimError::NotFound)).collect());
    };
    if let Some(closed) = closed(&template, now, true) {
        return Ok(members.iter().map(|_| Err(closed.into())).collect());
    }

    let mut held = held_counts(&tx, template_id, members).await?;
    let ordered: Vec<i64> = if template.new_members_only {
        order::Entity::find()
            .select_only()
            .column(order::Column::MemberId)
            .filter(order::Column::MemberId.is_in(members.iter().copied()))
            .distinct()
            .into_tuple()
            .all(&tx)
            .await?
    } else {
        Vec::new()
    };

    // Who may have one, in order, with the claim number each would take.
    let mut answers: Vec<Option<Answer>> = Vec::with_capacity(members.len());
    let mut wanting: Vec<(usize, i64, i32)> = Vec::new();
    for (at, &member) in members.iter().enumerate() {
        let count = held.entry(member).or_insert(0);
        if ordered.contains(&member) {
            answers.push(Some(Err(ClaimError::NewMembersOnly)));
        } else if *count >= template.per_member_limit {
            answers.push(Some(Err(ClaimError::LimitReached(
                template.per_member_limit,
            ))));
        } else {
            *count += 1;
            wanting.push((at, member, *count));
            answers.push(None);
        }
    }

    let given = take_from_quantity(&tx, template_id, wanting.len(), now).await?;
    let (giving, too_late) = wanting.split_at(given);
    for &(at, _, _) in too_late {
        answers[at] = Some(Err(ClaimError::AllClaimed));
    }
    if !giving.is_empty() {
        let rows = giving
            .iter()
            .map(|&(_, member, claim_no)| new_coupon(&template, member, claim_no, now));
        let inserted = member_coupon::Entity::insert_many(rows)
            .exec_with_returning(&tx)
            .await?;
        for (&(at, _, _), coupon) in giving.iter().zip(inserted) {
            answers[at] = Some(Ok(coupon));
        }
    }
    tx.commit().await?;
    Ok(answers
        .into_iter()
        .map(|answer| answer.unwrap_or(Err(ClaimError::AllClaimed)))
        .collect())
}

/// How many coupons each of these members holds of the template.
async fn held_counts<C: ConnectionTrait>(
    db: &C,
    template_id: i64,
    members: &[i64],
) -> Result<HashMap<i64, i32>, DbErr> {
    Ok(member_coupon::Entity::find()
        .select_only()
        .column(member_coupon::Column::MemberId)
        .column_as(member_coupon::Column::Id.count(), "held")
        .filter(member_coupon::Column::TemplateId.eq(template_id))
        .filter(member_coupon::Column::MemberId.is_in(members.iter().copied()))
        .group_by(member_coupon::Column::MemberId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(member, held)| (member, i32::try_from(held).unwrap_or(i32::MAX)))
        .collect())
}

/// Raises the template's count by as many of `wanted` as its quantity
/// still allows, with a conditional update that can never pass it however
/// other servers race; answers how many it took.
async fn take_from_quantity<C: ConnectionTrait>(
    db: &C,
    template_id: i64,
    wanted: usize,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let wanted = i32::try_from(wanted).unwrap_or(i32::MAX);
    // Another server may take some between the read and the update: try
    // again with what is left then, a few times.
    for _ in 0..8 {
        let Some(template) = coupon_template::Entity::find_by_id(template_id)
            .one(db)
            .await?
        else {
            return Ok(0);
        };
        let asking = Ord::min(wanted, template.total_quantity - template.claimed);
        if asking <= 0 || template.status != TemplateStatus::Active.as_str() {
            return Ok(0);
        }
        let taken = coupon_template::Entity::update_many()
            .col_expr(
                coupon_template::Column::Claimed,
                Expr::col(coupon_template::Column::Claimed).add(asking),
            )
            .col_expr(coupon_template::Column::UpdatedAt, Expr::value(now))
            .filter(coupon_template::Column::Id.eq(template_id))
            .filter(
                Expr::col(coupon_template::Column::Claimed)
                    .add(asking)
                    .lte(Expr::col(coupon_template::Column::TotalQuantity)),
            )
            .filter(coupon_template::Column::Status.eq(TemplateStatus::Active.as_str()))
            .exec(db)
            .await?;
        if taken.rows_affected > 0 {
            return Ok(usize::try_from(asking).unwrap_or(0));
        }
    }
    Ok(0)
}
