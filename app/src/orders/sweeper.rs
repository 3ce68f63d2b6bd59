//! The order jobs: cancelling orders left unpaid past their deadline
//! (their stock returns), and completing orders shipped long enough ago
//! that the member would have confirmed them.
//!
//! Every app server runs them; each order still moves once, because each
//! move is conditional on the order's status at that moment (see
//! `OrderRepo::transition`): a server that comes second finds the order
//! already moved and goes on to the next.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::order;
use super::repo::{OrderRepo, TransitionError};
use super::status::{OrderEvent, OrderStatus};

/// Orders looked at per run: a backlog is worked through over a few runs
/// instead of in one long burst of transactions.
pub const BATCH: u64 = 200;

/// Cancels up to [`BATCH`] orders whose payment deadline passed before
/// `now`; answers how many this call cancelled.
pub async fn cancel_overdue(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u32, DbErr> {
    let overdue: Vec<i64> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::Status.eq(OrderStatus::PendingPayment.as_str()))
        .filter(order::Column::PayBy.lt(now))
        .order_by_asc(order::Column::PayBy)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    let mut cancelled = 0;
    for id in overdue {
        let tx = crate::db::begin_write(db).await?;
        match OrderRepo(&tx)
            .transition(id, OrderEvent::Cancel, "system", "not paid in time", now)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                cancelled += 1;
            }
            // Paid or cancelled meanwhile, here or on another server.
            Err(TransitionError::Illegal(_) | TransitionError::NotFound) => {}
            Err(TransitionError::Database(err)) => return Err(err),
        }
    }
    Ok(cancelled)
}

/// Completes up to [`BATCH`] orders shipped more than `after` before
/// `now` and still not confirmed (nor waiting on a refund); answers how
/// many this call completed.
pub async fn complete_shipped(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    after: chrono::Duration,
) -> Result<u32, DbErr> {
    let due: Vec<i64> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        // A refused refund leaves a shipped order where it was.
        .filter(order::Column::Status.is_in([
            OrderStatus::Shipped.as_str(),
            OrderStatus::Delivered.as_str(),
            OrderStatus::RefundRejected.as_str(),
        ]))
        // Only orders that shipped have this time.
        .filter(order::Column::ShippedAt.lt(now - after))
        .order_by_asc(order::Column::ShippedAt)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    let mut completed = 0;
    for id in due {
        let tx = crate::db::begin_write(db).await?;
        match OrderRepo(&tx)
            .transition(
                id,
                OrderEvent::Complete,
                "system",
                "completed automatically after shipping",
                now,
            )
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                completed += 1;
            }
            Err(TransitionError::Illegal(_) | TransitionError::NotFound) => {}
            Err(TransitionError::Database(err)) => return Err(err),
        }
    }
    Ok(completed)
}
