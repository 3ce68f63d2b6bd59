//! Keeping each product's sales count (the "best sellers" sort) from the
//! outbox: units count when an order is paid and stop counting when it is
//! refunded. The relay applies a batch exactly once, so plain increments
//! are safe here.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};

use super::entity::product;
use crate::orders::entity::order_item;
use crate::orders::status::OrderStatus;
use crate::outbox::entity::outbox;
use crate::outbox::event::OrderEvent;
use crate::outbox::relay::Consumer;

pub struct SalesCounter;

#[async_trait::async_trait]
impl Consumer for SalesCounter {
    fn name(&self) -> &'static str {
        "sales_count"
    }

    async fn handle(&self, tx: &DatabaseTransaction, event: &outbox::Model) -> Result<(), DbErr> {
        let sign = match event.topic.as_str() {
            "order.paid" => 1,
            "order.refunded" => -1,
            _ => return Ok(()),
        };
        let order: OrderEvent = serde_json::from_str(&event.payload)
            .map_err(|err| DbErr::Custom(format!("outbox event {}: {err}", event.id)))?;
        if !matches!(order.to, OrderStatus::Paid | OrderStatus::Refunded) {
            return Ok(());
        }
        let items = order_item::Entity::find()
            .filter(order_item::Column::OrderId.eq(order.order_id))
            .all(tx)
            .await?;
        for item in items {
            product::Entity::update_many()
                .col_expr(
                    product::Column::SalesCount,
                    Expr::col(product::Column::SalesCount).add(sign * i64::from(item.quantity)),
                )
                .filter(product::Column::Id.eq(item.product_id))
                .exec(tx)
                .await?;
        }
        Ok(())
    }
}
