//! Handing outbox events to consumers.
//!
//! Each consumer has a place in `outbox_consumers` and reads the events
//! after it in batches. A batch is handled in one transaction that first
//! moves the consumer's place forward, conditionally on it being where the
//! batch started, then applies the batch's effects:
//!
//! - effects inside the database (points, sales counters) happen exactly
//!   once: a crash rolls back the effects and the move together, and of
//!   two app servers taking the same batch the second finds the place
//!   moved and rolls back;
//! - effects outside it (publishing to NATS JetStream, a webhook) are a
//!   [`Publisher`]'s: it sends the batch with no transaction open (so a
//!   slow broker never holds SQLite's one write lock), then the place
//!   moves, conditionally, in a short transaction. Delivery is at least
//!   once (a crash between the two, or two servers sending the same
//!   batch), so each message carries the event id for the receiver to
//!   drop repeats (JetStream's `Nats-Msg-Id`).
//!
//! On PostgreSQL ids are taken when a row is inserted but become visible
//! when its transaction commits, so a reader could see event 8 before a
//! slower transaction commits event 7 and then skip 7 for ever. Events
//! are therefore only read once they are [`SETTLE`] old, far longer than
//! any transaction of this shop. SQLite commits one writer at a time, so
//! ids become visible in order and it needs no wait.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter,
};

use super::entity::{outbox, outbox_consumer};
use super::repo::OutboxRepo;

/// Events a consumer takes in one transaction.
pub const BATCH: u64 = 100;

/// How old an event must be before PostgreSQL readers take it.
pub const SETTLE: Duration = Duration::from_secs(2);

#[async_trait::async_trait]
pub trait Consumer: Send + Sync {
    /// Its place in `outbox_consumers`: never rename a running consumer.
    fn name(&self) -> &'static str;

    /// Applies one event inside the batch's transaction. Events the
    /// consumer has no interest in are simply returned from.
    async fn handle(&self, tx: &DatabaseTransaction, event: &outbox::Model) -> Result<(), DbErr>;
}

/// Sends events to a service outside the shop.
#[async_trait::async_trait]
pub trait Publisher: Send + Sync {
    /// Its place in `outbox_consumers`: never rename a running publisher.
    fn name(&self) -> &'static str;

    /// Sends the batch, oldest first; succeeds once the receiver has
    /// taken every event.
    async fn publish(&self, events: &[outbox::Model]) -> Result<(), String>;
}

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("{0}")]
    Publish(String),
}

/// How long to wait before reading an event on this database.
pub fn settle_for(db: &DatabaseConnection) -> Duration {
    match db.get_database_backend() {
        DbBackend::Sqlite => Duration::ZERO,
        _ => SETTLE,
    }
}

/// Hands `consumer` its next batch; answers how many events it handled
/// (0 when there was nothing new, or another server took the batch).
pub async fn run_once(
    db: &DatabaseConnection,
    consumer: &dyn Consumer,
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, DbErr> {
    let until = now - chrono::Duration::from_std(settle).unwrap_or_default();
    let tx = crate::db::begin_write(db).await?;
    outbox_consumer::Entity::insert(outbox_consumer::ActiveModel {
        name: Set(consumer.name().to_owned()),
        last_id: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(OnConflict::new().do_nothing().to_owned())
    .exec_without_returning(&tx)
    .await?;
    let place = outbox_consumer::Entity::find_by_id(consumer.name().to_owned())
        .one(&tx)
        .await?
        .map_or(0, |row| row.last_id);
    let batch = OutboxRepo(&tx).after(place, until, BATCH).await?;
    let Some(last) = batch.last().map(|event| event.id) else {
        return Ok(0);
    };
    let moved = outbox_consumer::Entity::update_many()
        .col_expr(outbox_consumer::Column::LastId, Expr::value(last))
        .col_expr(outbox_consumer::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_consumer::Column::Name.eq(consumer.name()))
        .filter(outbox_consumer::Column::LastId.eq(place))
        .exec(&tx)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(0);
    }
    for event in &batch {
        consumer.handle(&tx, event).await?;
    }
    tx.commit().await?;
    Ok(batch.len())
}

/// Hands `publisher` its next batch: reads it, sends it with no
/// transaction open, then moves the place if no one else has; answers
/// how many events it sent.
pub async fn publish_once(
    db: &DatabaseConnection,
    publisher: &dyn Publisher,
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, RelayError> {
    let until = now - chrono::Duration::from_std(settle).unwrap_or_default();
    let place = outbox_consumer::Entity::find_by_id(publisher.name().to_owned())
        .one(db)
        .await?
        .map_or(0, |row| row.last_id);
    let batch = OutboxRepo(db).after(place, until, BATCH).await?;
    let Some(last) = batch.last().map(|event| event.id) else {
        return Ok(0);
    };
    publisher
        .publish(&batch)
        .await
        .map_err(RelayError::Publish)?;
    let tx = crate::db::begin_write(db).await?;
    outbox_consumer::Entity::insert(outbox_consumer::ActiveModel {
        name: Set(publisher.name().to_owned()),
        last_id: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(OnConflict::new().do_nothing().to_owned())
    .exec_without_returning(&tx)
    .await?;
    outbox_consumer::Entity::update_many()
        .col_expr(outbox_consumer::Column::LastId, Expr::value(last))
        .col_expr(outbox_consumer::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_consumer::Column::Name.eq(publisher.name()))
        .filter(outbox_consumer::Column::LastId.eq(place))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(batch.len())
}

/// Runs `publisher` until it has nothing left; answers the events sent.
pub async fn drain_publisher(
    db: &DatabaseConnection,
    publisher: &dyn Publisher,
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, RelayError> {
    let mut total = 0;
    loop {
        let sent = publish_once(db, publisher, now, settle).await?;
        total += sent;
        if sent < BATCH as usize {
            return Ok(total);
        }
    }
}

/// Runs `consumer` until it has nothing left; answers the events it
/// handled.
pub async fn drain(
    db: &DatabaseConnection,
    consumer: &dyn Consumer,
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, DbErr> {
    let mut total = 0;
    loop {
        let handled = run_once(db, consumer, now, settle).await?;
        total += handled;
        if handled < BATCH as usize {
            return Ok(total);
        }
    }
}

/// Runs every consumer until none has anything left; answers the events
/// handled in all.
pub async fn drain_all(
    db: &DatabaseConnection,
    consumers: &[&dyn Consumer],
    now: DateTime<Utc>,
    settle: Duration,
) -> Result<usize, DbErr> {
    let mut total = 0;
    for consumer in consumers {
        total += drain(db, *consumer, now, settle).await?;
    }
    Ok(total)
}
