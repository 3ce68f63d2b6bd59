//! Applying a provider's notice, and giving money back.
//!
//! A notice is applied in one write transaction: the attempt moves from
//! pending conditionally, so of ten deliveries of the same notice, racing
//! or not, one pays the order (and writes its `order.paid` event) and the
//! nine others find it settled and change nothing. A notice whose amount
//! is not the order's is refused whole.
//!
//! A payment can arrive for an order that can no longer take it: the
//! order was cancelled by the timeout a moment before, or a second attempt
//! was paid after the first. The money is then owed back: the attempt is
//! marked `refunding` with the notice, and [`refund`] asks the provider
//! after the commit, never inside a transaction. A refund the provider
//! could not confirm stays `refunding` and the order sweeper retries it.

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};

use super::entity::payment;
use super::model::{Notice, Outcome, PaymentStatus};
use super::provider::{CallbackError, PaymentProvider, ProviderError};
use super::repo::PaymentRepo;
use crate::orders::entity::order;
use crate::orders::repo::{OrderRepo, TransitionError};
use crate::orders::status::{OrderEvent, OrderStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// This notice paid the order.
    Paid,
    /// The payer's attempt failed; the order still waits for payment.
    Failed,
    /// The same notice was applied before: nothing changed.
    AlreadySettled,
    /// Paid, but the order could not take it: the money goes back.
    Refunded,
}

#[derive(Debug, thiserror::Error)]
pub enum SettleError {
    #[error(transparent)]
    Callback(#[from] CallbackError),
    #[error("no such payment")]
    UnknownPayment,
    #[error("the amount is not the order's")]
    WrongAmount,
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Everything a callback does: checks the signature, applies the notice,
/// and refunds a payment the order could not take.
pub async fn handle_callback(
    db: &DatabaseConnection,
    provider: &dyn PaymentProvider,
    headers: &http::HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Settled, SettleError> {
    let notice = provider.verify(headers, body, now)?;
    let settled = apply(db, provider.name(), &notice, now).await?;
    if settled == Settled::Refunded
        && let Some(attempt) = PaymentRepo(db)
            .find(provider.name(), &notice.payment_no)
            .await?
    {
        refund(db, provider, &attempt, now).await?;
    }
    Ok(settled)
}

/// Applies a notice whose signature was checked.
pub async fn apply(
    db: &DatabaseConnection,
    provider: &str,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<Settled, SettleError> {
    let tx = crate::db::begin_write(db).await?;
    let payments = PaymentRepo(&tx);
    let attempt = payments
        .find(provider, &notice.payment_no)
        .await?
        .ok_or(SettleError::UnknownPayment)?;
    let order = order::Entity::find_by_id(attempt.order_id)
        .one(&tx)
        .await?
        .ok_or(SettleError::UnknownPayment)?;
    if order.order_no != notice.order_no {
        return Err(SettleError::UnknownPayment);
    }
    if notice.amount != attempt.amount || notice.amount != order.total {
        return Err(SettleError::WrongAmount);
    }
    let to = match notice.outcome {
        Outcome::Succeeded => PaymentStatus::Succeeded,
        Outcome::Failed => PaymentStatus::Failed,
    };
    if !payments
        .mark(attempt.id, PaymentStatus::Pending, to, now)
        .await?
    {
        return Ok(Settled::AlreadySettled);
    }
    if notice.outcome == Outcome::Failed {
        tx.commit().await?;
        return Ok(Settled::Failed);
    }
    let actor = format!("payment:{provider}");
    let reason = format!("paid, {provider} {}", notice.payment_no);
    let settled = match OrderRepo(&tx)
        .transition(order.id, OrderEvent::Pay, &actor, &reason, now)
        .await
    {
        Ok(_) => Settled::Paid,
        Err(TransitionError::Illegal(_)) => {
            payments
                .mark(
                    attempt.id,
                    PaymentStatus::Succeeded,
                    PaymentStatus::Refunding,
                    now,
                )
                .await?;
            tracing::warn!(
                order_no = %order.order_no,
                payment_no = %notice.payment_no,
                status = %order.status,
                "a payment arrived for an order that cannot take it: refunding"
            );
            Settled::Refunded
        }
        Err(TransitionError::NotFound) => return Err(SettleError::UnknownPayment),
        Err(TransitionError::Database(err)) => return Err(err.into()),
    };
    tx.commit().await?;
    Ok(settled)
}

/// Gives a `refunding` attempt's money back through the provider, then
/// marks it refunded; an order waiting for its refund to be approved
/// becomes refunded in the same transaction. Safe to repeat.
pub async fn refund(
    db: &DatabaseConnection,
    provider: &dyn PaymentProvider,
    attempt: &payment::Model,
    now: DateTime<Utc>,
) -> Result<(), SettleError> {
    provider.refund(&attempt.payment_no, attempt.amount).await?;
    let tx = crate::db::begin_write(db).await?;
    if !PaymentRepo(&tx)
        .mark(
            attempt.id,
            PaymentStatus::Refunding,
            PaymentStatus::Refunded,
            now,
        )
        .await?
    {
        return Ok(());
    }
    let order = order::Entity::find_by_id(attempt.order_id).one(&tx).await?;
    if order.is_some_and(|o| o.status == OrderStatus::RefundRequested.as_str()) {
        match OrderRepo(&tx)
            .transition(
                attempt.order_id,
                OrderEvent::ApproveRefund,
                &format!("payment:{}", provider.name()),
                "refund confirmed by the provider",
                now,
            )
            .await
        {
            Ok(_) | Err(TransitionError::Illegal(_)) => {}
            Err(TransitionError::NotFound) => return Err(SettleError::UnknownPayment),
            Err(TransitionError::Database(err)) => return Err(err.into()),
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Retries refunds the provider has not confirmed; answers how many went
/// through.
pub async fn retry_refunds(
    db: &DatabaseConnection,
    provider: &dyn PaymentProvider,
    now: DateTime<Utc>,
) -> Result<u32, SettleError> {
    let mut done = 0;
    for attempt in PaymentRepo(db).refunding(50).await? {
        if attempt.provider != provider.name() {
            continue;
        }
        match refund(db, provider, &attempt, now).await {
            Ok(()) => done += 1,
            Err(SettleError::Provider(err)) => {
                tracing::warn!(payment_no = %attempt.payment_no, error = %err, "refund not confirmed yet");
            }
            Err(other) => return Err(other),
        }
    }
    Ok(done)
}
