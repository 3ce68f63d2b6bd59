//! A member's orders as their data export shows them, and forgetting who
//! received them when the account closes.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::OrderRepo;
use crate::orders::entity::{order, order_item};

impl<C: ConnectionTrait> OrderRepo<'_, C> {
    /// Every order of the member, oldest first, each with its lines.
    pub async fn all_of_member(
        &self,
        member_id: i64,
    ) -> Result<Vec<(order::Model, Vec<order_item::Model>)>, DbErr> {
        let orders = order::Entity::find()
            .filter(order::Column::MemberId.eq(member_id))
            .order_by_asc(order::Column::Id)
            .all(self.0)
            .await?;
        let mut items = order_item::Entity::find()
            .filter(order_item::Column::OrderId.is_in(orders.iter().map(|o| o.id)))
            .order_by_asc(order_item::Column::OrderId)
            .order_by_asc(order_item::Column::Id)
            .all(self.0)
            .await?
            .into_iter()
            .peekable();
        // Both come in order id order: each order takes its run of lines.
        let mut by_order = Vec::with_capacity(orders.len());
        for order in orders {
            let mut lines = Vec::new();
            while let Some(line) = items.next_if(|line| line.order_id == order.id) {
                lines.push(line);
            }
            by_order.push((order, lines));
        }
        Ok(by_order)
    }

    /// Blanks the recipient, phone, address and note of every order of the
    /// member. The orders themselves stay (the shop must keep its sales
    /// for the accounting period), no longer saying who or where.
    pub async fn forget_recipient(&self, member_id: i64) -> Result<u64, DbErr> {
        let result = order::Entity::update_many()
            .col_expr(order::Column::Recipient, Expr::value(""))
            .col_expr(order::Column::Phone, Expr::value(""))
            .col_expr(order::Column::Address, Expr::value(""))
            .col_expr(order::Column::Note, Expr::value(""))
            .filter(order::Column::MemberId.eq(member_id))
            .exec(self.0)
            .await?;
        Ok(result.rows_affected)
    }
}
