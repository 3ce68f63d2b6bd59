//! Writing events into the outbox and reading them back in order.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    InsertMany, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::outbox;
use super::event::OrderEvent;

pub struct OutboxRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> OutboxRepo<'_, C> {
    /// Adds an order event. Pass the transaction that makes the change.
    pub async fn order_event(&self, event: &OrderEvent, at: DateTime<Utc>) -> Result<(), DbErr> {
        row(event, at)?.insert(self.0).await?;
        Ok(())
    }

    /// Up to `limit` events after `after`, oldest first, written no later
    /// than `until`.
    pub async fn after(
        &self,
        after: i64,
        until: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<outbox::Model>, DbErr> {
        outbox::Entity::find()
            .filter(outbox::Column::Id.gt(after))
            .filter(outbox::Column::CreatedAt.lte(until))
            .order_by_asc(outbox::Column::Id)
            .limit(limit)
            .all(self.0)
            .await
    }

    /// Every event about one subject, oldest first (tests and support).
    pub async fn about(&self, subject: &str) -> Result<Vec<outbox::Model>, DbErr> {
        outbox::Entity::find()
            .filter(outbox::Column::Subject.eq(subject))
            .order_by_asc(outbox::Column::Id)
            .all(self.0)
            .await
    }
}

/// Many order events, each with its time, in one insert (a batch of
/// orders), built for the caller to send with the batch's other writes.
pub fn order_events_insert(
    events: &[(OrderEvent, DateTime<Utc>)],
) -> Result<InsertMany<outbox::ActiveModel>, DbErr> {
    let rows = events
        .iter()
        .map(|(event, at)| row(event, *at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(outbox::Entity::insert_many(rows))
}

fn row(event: &OrderEvent, at: DateTime<Utc>) -> Result<outbox::ActiveModel, DbErr> {
    let payload = serde_json::to_string(event)
        .map_err(|err| DbErr::Custom(format!("an order event as JSON: {err}")))?;
    Ok(outbox::ActiveModel {
        topic: Set(event.topic()),
        subject: Set(event.order_no.clone()),
        payload: Set(payload),
        created_at: Set(at),
        ..Default::default()
    })
}
