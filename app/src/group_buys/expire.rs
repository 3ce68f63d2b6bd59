//! Failing groups whose time ran out: the group is marked failed (once,
//! of any number of racing sweepers), its unpaid orders are cancelled,
//! and every paid order is refunded through the payment provider.
//!
//! A paid order takes the same road as a refund staff approve: in the
//! group's transaction it becomes "refund requested" and its payment
//! `refunding`; after the commit the provider is asked, and the order
//! becomes refunded when the provider confirms. A provider that does not
//! answer is asked again by the order jobs (`settle::retry_refunds`), so
//! each payment is refunded once, whatever fails on the way.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::repo::GroupRepo;
use crate::orders::entity::order;
use crate::orders::repo::{OrderRepo, TransitionError};
use crate::orders::status::{OrderEvent, OrderStatus};
use crate::payments::model::PaymentStatus;
use crate::payments::provider::PaymentProvider;
use crate::payments::repo::PaymentRepo;
use crate::payments::settle::{SettleError, refund};

/// Groups failed per run; a backlog is worked through over a few runs.
const BATCH: u64 = 50;

const REASON: &str = "the group did not form in time";

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expired {
    pub groups: u32,
    /// Payments the provider confirmed refunded in this run.
    pub refunded: u32,
}

/// Fails the groups whose time ran out before `now`.
pub async fn fail_expired_groups(
    db: &DatabaseConnection,
    provider: &dyn PaymentProvider,
    now: DateTime<Utc>,
) -> Result<Expired, SettleError> {
    let mut done = Expired::default();
    for group_id in GroupRepo(db).expired(now, BATCH).await? {
        let tx = crate::db::begin_write(db).await?;
        if !GroupRepo(&*tx).fail(group_id, now).await? {
            // Formed or failed meanwhile, here or on another server.
            continue;
        }
        let orders = order::Entity::find()
            .filter(order::Column::GroupId.eq(group_id))
            .order_by_asc(order::Column::Id)
            .all(&*tx)
            .await?;
        let mut owed = Vec::new();
        for row in orders {
            let event = match OrderStatus::parse(&row.status) {
                Some(OrderStatus::PendingPayment) => OrderEvent::Cancel,
                Some(OrderStatus::Paid) => OrderEvent::RequestRefund,
                _ => continue,
            };
            match OrderRepo(&*tx)
                .transition(row.id, event, "system", REASON, now)
                .await
            {
                Ok(_) => {}
                Err(TransitionError::Database(err)) => return Err(err.into()),
                Err(TransitionError::Illegal(_) | TransitionError::NotFound) => continue,
            }
            if event != OrderEvent::RequestRefund {
                continue;
            }
            let payments = PaymentRepo(&*tx);
            let paid = payments
                .of_order(row.id)
                .await?
                .into_iter()
                .find(|p| p.status == PaymentStatus::Succeeded.as_str());
            if let Some(mut paid) = paid
                && payments
                    .mark(
                        paid.id,
                        PaymentStatus::Succeeded,
                        PaymentStatus::Refunding,
                        now,
                    )
                    .await?
            {
                paid.status = PaymentStatus::Refunding.as_str().to_owned();
                owed.push(paid);
            }
        }
        tx.commit().await?;
        done.groups += 1;
        for attempt in owed {
            match refund(db, provider, &attempt, now).await {
                Ok(()) => done.refunded += 1,
                Err(SettleError::Provider(err)) => {
                    tracing::warn!(payment_no = %attempt.payment_no, error = %err, "refund not confirmed yet");
                }
                Err(other) => return Err(other),
            }
        }
    }
    Ok(done)
}
