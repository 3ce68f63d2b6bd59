//! The cart's part of a member's data (see `crate::personal_data`): what
//! is in their cart; it goes when the account closes.

use sea_orm::DbErr;
use serde_json::json;

use super::repo::{CartOwner, CartRepo};
use crate::db::AnyConnection;
use crate::money::decimal;
use crate::personal_data::PersonalData;

pub struct CartData;

#[async_trait::async_trait]
impl PersonalData for CartData {
    fn section(&self) -> &'static str {
        "cart"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let (_, lines) = CartRepo(db).lines_of(&CartOwner::Member(member_id)).await?;
        Ok(lines
            .into_iter()
            .map(|line| {
                json!({
                    "product": line.title,
                    "variant": line.variant,
                    "sku": line.sku_code,
                    "quantity": line.quantity,
                    "price_when_added": decimal(line.added_price),
                })
            })
            .collect())
    }

    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
        CartRepo(db).delete_member_cart(member_id).await
    }
}
