//! A cart line goes into one order at most.
//!
//! Each order line placed from the cart names the cart line it came from,
//! and the unique index makes that name a claim: two checkouts of the same
//! cart (two tabs, each with its own idempotency key) racing for the same
//! lines place one order, and the other is refused, however they are
//! batched and on however many app servers. Cart line ids are never handed
//! out again (`AUTOINCREMENT` on SQLite, a sequence on PostgreSQL), so a
//! line added later never meets an old order's claim. Order lines of flash
//! sales and group buys come from no cart line; both databases let a
//! unique index hold many NULLs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    CartItemId,
}

const INDEX: &str = "order_items_cart_item";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .add_column(big_integer_null(OrderItems::CartItemId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(OrderItems::Table)
                    .col(OrderItems::CartItemId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(OrderItems::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .drop_column(OrderItems::CartItemId)
                    .to_owned(),
            )
            .await
    }
}
