//! Flash sales (秒杀): sessions with a window, and items each holding
//! flash stock set aside from a SKU's stock when the session is set up
//! and returned, less what sold, once it has ended (`settled`).
//!
//! `sold` can never pass `stock` (a CHECK, besides the conditional update
//! that sells), and each member's units of an item are counted in
//! `flash_purchases`, raised only while under the item's limit. An order
//! line bought in a flash sale names its item (`order_items.flash_item_id`),
//! so cancelling the unpaid order gives the unit back to the session.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    FlashPaymentTimeoutMinutes,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    FlashItemId,
}

#[derive(DeriveIden)]
enum FlashSessions {
    Table,
    Id,
    Title,
    StartsAt,
    EndsAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FlashItems {
    Table,
    Id,
    SessionId,
    SkuId,
    ProductId,
    FlashPrice,
    Stock,
    Sold,
    PerMemberLimit,
    /// The unsold stock went back to the SKU (once, after the end).
    Settled,
}

#[derive(DeriveIden)]
enum FlashPurchases {
    Table,
    ItemId,
    MemberId,
    Bought,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .add_column(integer(StoreSettings::FlashPaymentTimeoutMinutes).default(10))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .add_column(big_integer_null(OrderItems::FlashItemId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlashSessions::Table)
                    .col(big_pk_auto(FlashSessions::Id))
                    .col(string_len(FlashSessions::Title, 80))
                    .col(timestamp_with_time_zone(FlashSessions::StartsAt))
                    .col(timestamp_with_time_zone(FlashSessions::EndsAt))
                    .col(
                        timestamp_with_time_zone(FlashSessions::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        timestamp_with_time_zone(FlashSessions::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .check(Expr::col(FlashSessions::StartsAt).lt(Expr::col(FlashSessions::EndsAt)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlashItems::Table)
                    .col(big_pk_auto(FlashItems::Id))
                    .col(big_integer(FlashItems::SessionId))
                    .col(big_integer(FlashItems::SkuId))
                    .col(big_integer(FlashItems::ProductId))
                    .col(big_integer(FlashItems::FlashPrice))
                    .col(integer(FlashItems::Stock))
                    .col(integer(FlashItems::Sold).default(0))
                    .col(integer(FlashItems::PerMemberLimit).default(1))
                    .col(boolean(FlashItems::Settled).default(false))
                    .check(Expr::col(FlashItems::Sold).lte(Expr::col(FlashItems::Stock)))
                    .check(Expr::col(FlashItems::Sold).gte(0))
                    .check(Expr::col(FlashItems::FlashPrice).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FlashItems::Table, FlashItems::SessionId)
                            .to(FlashSessions::Table, FlashSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("flash_items_session_sku")
                    .table(FlashItems::Table)
                    .col(FlashItems::SessionId)
                    .col(FlashItems::SkuId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FlashPurchases::Table)
                    .col(big_integer(FlashPurchases::ItemId))
                    .col(big_integer(FlashPurchases::MemberId))
                    .col(integer(FlashPurchases::Bought))
                    .primary_key(
                        Index::create()
                            .col(FlashPurchases::ItemId)
                            .col(FlashPurchases::MemberId),
                    )
                    .check(Expr::col(FlashPurchases::Bought).gte(0))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FlashPurchases::Table.into_iden(),
            FlashItems::Table.into_iden(),
            FlashSessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .drop_column(OrderItems::FlashItemId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .drop_column(StoreSettings::FlashPaymentTimeoutMinutes)
                    .to_owned(),
            )
            .await
    }
}
