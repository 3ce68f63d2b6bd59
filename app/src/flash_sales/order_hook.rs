//! A flash-sale order's part in its order's moves: an unpaid unit goes
//! back to its sale while the sale runs, so another member can buy it.

use sea_orm::DbErr;

use super::repo::FlashRepo;
use crate::db::AnyConnection;
use crate::orders::entity::{order, order_item};
use crate::orders::hooks::OrderHook;
use crate::orders::status::OrderStatus;

pub struct FlashSaleHook;

#[async_trait::async_trait]
impl OrderHook for FlashSaleHook {
    async fn takes_back(
        &self,
        db: &AnyConnection<'_>,
        order: &order::Model,
        item: &order_item::Model,
        to: OrderStatus,
    ) -> Result<bool, DbErr> {
        // A refunded flash unit was paid for: it goes back to the SKU.
        match item.flash_item_id {
            Some(flash_item) if to == OrderStatus::Cancelled => {
                FlashRepo(db)
                    .give_back(flash_item, order.member_id, item.quantity)
                    .await
            }
            _ => Ok(false),
        }
    }
}
