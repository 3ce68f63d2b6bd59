//! An order's timeline: each step it takes, written beside its event in
//! the outbox, in the caller's transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};

use super::{NewOrder, OrderRepo};
use crate::orders::entity::{order, order_event};
use crate::orders::status::OrderStatus;
use crate::outbox::event::OrderEvent as OrderEventPayload;
use crate::outbox::repo::OutboxRepo;

impl<C: ConnectionTrait> OrderRepo<'_, C> {
    /// Puts the step on the order's timeline and its event in the outbox,
    /// in the caller's transaction.
    pub(super) async fn record(
        &self,
        order: &order::Model,
        from: Option<OrderStatus>,
        to: OrderStatus,
        actor: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        OutboxRepo(self.0)
            .order_event(&event(order, from, to), at)
            .await?;
        step(order, from, to, actor, reason, at)
            .insert(self.0)
            .await?;
        Ok(())
    }
}

/// Who a new order's first step names: the member who placed it.
pub(super) fn placed_by(new: &NewOrder<'_>) -> String {
    format!("member:{}", new.member_id)
}

/// The first step of a new order's timeline.
pub(super) fn first_step(new: &NewOrder<'_>, order: &order::Model) -> order_event::ActiveModel {
    let actor = placed_by(new);
    step(
        order,
        None,
        OrderStatus::PendingPayment,
        &actor,
        "",
        new.now,
    )
}

pub(super) fn created_event(order: &order::Model) -> OrderEventPayload {
    event(order, None, OrderStatus::PendingPayment)
}

/// One step of an order's timeline.
fn step(
    order: &order::Model,
    from: Option<OrderStatus>,
    to: OrderStatus,
    actor: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> order_event::ActiveModel {
    order_event::ActiveModel {
        order_id: Set(order.id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        actor: Set(actor.to_owned()),
        reason: Set(reason.to_owned()),
        at: Set(at),
        ..Default::default()
    }
}

/// What the outbox says of a step.
fn event(order: &order::Model, from: Option<OrderStatus>, to: OrderStatus) -> OrderEventPayload {
    OrderEventPayload {
        order_id: order.id,
        order_no: order.order_no.clone(),
        member_id: order.member_id,
        total: order.total,
        from,
        to,
    }
}
