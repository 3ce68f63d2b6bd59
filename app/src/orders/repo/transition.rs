//! Moving an order through its state machine: the registered order hooks
//! are asked first and told after, the update is conditional on the
//! status the order has now, and stock goes back on cancel and refund.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::{OrderRepo, TransitionError};
use crate::catalog::entity::sku;
use crate::catalog::write::CatalogWriter;
use crate::db::AnyConnection;
use crate::orders::entity::order;
use crate::orders::hooks::OrderHook;
use crate::orders::status::{IllegalTransition, OrderEvent, OrderFacts, OrderStatus};

impl<C: ConnectionTrait> OrderRepo<'_, C> {
    /// Moves the order by `event` if the state machine allows it from the
    /// status it has *now*: the update is conditional on that status, so of
    /// two racing attempts (a member's click and the timeout sweeper) one
    /// moves the order and the other is refused. A cancellation returns the
    /// stock, once, and so does a refund. Returns the new status.
    pub async fn transition(
        &self,
        order_id: i64,
        event: OrderEvent,
        actor: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<OrderStatus, TransitionError> {
        let row = order::Entity::find_by_id(order_id)
            .one(self.0)
            .await?
            .ok_or(TransitionError::NotFound)?;
        let from = OrderStatus::parse(&row.status).ok_or(TransitionError::NotFound)?;
        let hooks = crate::orders::hooks::registered()?;
        let conn = AnyConnection::new(self.0);
        // Before the order's row: what the hooks lock comes first.
        for hook in hooks {
            if !hook.allows(&conn, &row, event).await? {
                return Err(IllegalTransition { from, event }.into());
            }
        }
        let facts = OrderFacts {
            shipped: row.shipped_at.is_some(),
        };
        let to = from.next(event, facts)?;
        let mut update = order::Entity::update_many()
            .col_expr(order::Column::Status, Expr::value(to.as_str()))
            .col_expr(order::Column::UpdatedAt, Expr::value(now))
            .filter(order::Column::Id.eq(order_id))
            .filter(order::Column::Status.eq(from.as_str()));
        match event {
            OrderEvent::Pay => update = update.col_expr(order::Column::PaidAt, Expr::value(now)),
            OrderEvent::Ship => {
                update = update.col_expr(order::Column::ShippedAt, Expr::value(now));
            }
            _ => {}
        }
        if update.exec(self.0).await?.rows_affected == 0 {
            // Someone else moved it first: refuse from what it is now.
            return Err(IllegalTransition { from, event }.into());
        }
        if matches!(to, OrderStatus::Cancelled | OrderStatus::Refunded) {
            self.return_stock(&row, to, hooks).await?;
        }
        for hook in hooks {
            hook.moved(&conn, &row, to, now).await?;
        }
        self.record(&row, Some(from), to, actor, reason, now)
            .await?;
        Ok(to)
    }

    /// Hands the order to a carrier: the `Ship` step, with the carrier and
    /// tracking number the member sees.
    pub async fn ship(
        &self,
        order_id: i64,
        carrier: &str,
        tracking_no: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<OrderStatus, TransitionError> {
        let to = self
            .transition(
                order_id,
                OrderEvent::Ship,
                actor,
                &format!("{carrier} {tracking_no}"),
                now,
            )
            .await?;
        order::Entity::update_many()
            .col_expr(order::Column::Carrier, Expr::value(carrier))
            .col_expr(order::Column::TrackingNo, Expr::value(tracking_no))
            .filter(order::Column::Id.eq(order_id))
            .exec(self.0)
            .await?;
        Ok(to)
    }

    /// Puts the order's units back: to where a hook says they came from
    /// (an unpaid flash-sale unit to its running sale), else to their SKU.
    async fn return_stock(
        &self,
        order: &order::Model,
        to: OrderStatus,
        hooks: &[Box<dyn OrderHook>],
    ) -> Result<(), DbErr> {
        let conn = AnyConnection::new(self.0);
        let items = self.items(order.id).await?;
        let mut products = Vec::new();
        'items: for item in &items {
            for hook in hooks {
                if hook.takes_back(&conn, order, item, to).await? {
                    continue 'items;
                }
            }
            sku::Entity::update_many()
                .col_expr(
                    sku::Column::Stock,
                    Expr::col(sku::Column::Stock).add(i64::from(item.quantity)),
                )
                .filter(sku::Column::Id.eq(item.sku_id))
                .exec(self.0)
                .await?;
            products.push(item.product_id);
        }
        products.sort_unstable();
        products.dedup();
        for product in products {
            CatalogWriter(self.0).refresh_summary(product).await?;
        }
        Ok(())
    }
}
