//! The order centre's part of a member's data (see `crate::personal_data`):
//! every order with its lines; on closing, the orders stay without the
//! person's name, phone and address.

use sea_orm::DbErr;
use serde_json::json;

use super::repo::OrderRepo;
use crate::db::AnyConnection;
use crate::money::decimal;
use crate::personal_data::PersonalData;

pub struct OrderData;

#[async_trait::async_trait]
impl PersonalData for OrderData {
    fn section(&self) -> &'static str {
        "orders"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let orders = OrderRepo(db).all_of_member(member_id).await?;
        Ok(orders
            .into_iter()
            .map(|(order, lines)| {
                json!({
                    "order_no": order.order_no,
                    "status": order.status,
                    "placed_at": order.created_at.to_rfc3339(),
                    "paid_at": order.paid_at.map(|at| at.to_rfc3339()),
                    "shipped_at": order.shipped_at.map(|at| at.to_rfc3339()),
                    "recipient": order.recipient,
                    "phone": order.phone,
                    "address": order.address,
                    "note": order.note,
                    "shipping": order.shipping_method,
                    "carrier": order.carrier,
                    "tracking_no": order.tracking_no,
                    "items_total": decimal(order.items_total),
                    "shipping_fee": decimal(order.shipping_fee),
                    "discount": decimal(order.discount_total),
                    "total": decimal(order.total),
                    "lines": lines.into_iter().map(|line| json!({
                        "product": line.title,
                        "variant": line.variant,
                        "sku": line.sku_code,
                        "unit_price": decimal(line.unit_price),
                        "quantity": line.quantity,
                        "line_total": decimal(line.line_total),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect())
    }

    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
        OrderRepo(db).forget_recipient(member_id).await.map(drop)
    }
}
