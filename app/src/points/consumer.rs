//! Awarding points when an order completes, from the outbox.

use sea_orm::{DatabaseTransaction, DbErr};

use super::model::points_for_order;
use super::repo::PointsRepo;
use crate::orders::status::OrderStatus;
use crate::outbox::entity::outbox;
use crate::outbox::event::OrderEvent;
use crate::outbox::relay::Consumer;

pub struct PointsConsumer;

#[async_trait::async_trait]
impl Consumer for PointsConsumer {
    fn name(&self) -> &'static str {
        "points"
    }

    async fn handle(&self, tx: &DatabaseTransaction, event: &outbox::Model) -> Result<(), DbErr> {
        if event.topic != "order.completed" {
            return Ok(());
        }
        let order: OrderEvent = serde_json::from_str(&event.payload)
            .map_err(|err| DbErr::Custom(format!("outbox event {}: {err}", event.id)))?;
        if order.to != OrderStatus::Completed {
            return Ok(());
        }
        let points = points_for_order(order.total);
        if points == 0 {
            return Ok(());
        }
        // The source is unique: seeing the event again awards nothing more.
        PointsRepo(tx)
            .credit(
                order.member_id,
                points,
                &format!("order:{}:completed", order.order_no),
                &format!("order {}", order.order_no),
                event.created_at,
            )
            .await?;
        Ok(())
    }
}
