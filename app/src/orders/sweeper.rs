//! Cancelling orders left unpaid past their deadline, which returns their
//! stock. Every app server runs it; each order is still cancelled once,
//! because the cancellation is conditional on the order being unpaid at
//! that moment (see `OrderRepo::transition`): a server that comes second
//! finds the order already cancelled and moves on.

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
