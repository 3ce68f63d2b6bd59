//! A group order's part in its order's moves: its group decides whether
//! the order may be paid, shipped or refunded on request, and keeps its
//! count of paid places and the member's allowance in step.

use chrono::{DateTime, Utc};
use sea_orm::DbErr;

use super::repo::GroupRepo;
use crate::db::AnyConnection;
use crate::orders::entity::order;
use crate::orders::hooks::OrderHook;
use crate::orders::status::{OrderEvent, OrderStatus};

pub struct GroupBuyHook;

#[async_trait::async_trait]
impl OrderHook for GroupBuyHook {
    async fn allows(
        &self,
        db: &AnyConnection<'_>,
        order: &order::Model,
        event: OrderEvent,
    ) -> Result<bool, DbErr> {
        let Some(group_id) = order.group_id else {
            return Ok(true);
        };
        // Locked before the order's row: see `repo` on lock order.
        Ok(match GroupRepo(db).lock(group_id).await? {
            Some(group) => group.stage.allows(event),
            None => true,
        })
    }

    async fn moved(
        &self,
        db: &AnyConnection<'_>,
        order: &order::Model,
        to: OrderStatus,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let Some(group_id) = order.group_id else {
            return Ok(());
        };
        // Still locked by `allows` in this transaction: the same row.
        if let Some(group) = GroupRepo(db).lock(group_id).await? {
            GroupRepo(db)
                .order_moved(&group, order.member_id, to, now)
                .await?;
        }
        Ok(())
    }
}
