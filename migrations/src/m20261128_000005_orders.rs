//! Orders: what was bought, at what price, shipped where, and every step
//! of its life.
//!
//! An order copies what it needs from the catalog and the address book
//! (titles, prices, the address) so later edits never change a placed
//! order. Its status changes only through the order state machine, and
//! each change is a row of `order_events`, the timeline shoppers and staff
//! see.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    OrderNo,
    MemberId,
    Status,
    ItemsTotal,
    ShippingFee,
    DiscountTotal,
    Total,
    Recipient,
    Phone,
    Address,
    Note,
    /// The checkout page's key: a repeated submit finds the first order.
    IdempotencyKey,
    PayBy,
    PaidAt,
    ShippedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    SkuId,
    ProductId,
    SkuCode,
    Title,
    Variant,
    Image,
    UnitPrice,
    Quantity,
    LineTotal,
}

#[derive(DeriveIden)]
enum OrderEvents {
    Table,
    Id,
    OrderId,
    FromStatus,
    ToStatus,
    /// `member:{id}`, `staff:{id}` or `system`.
    Actor,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Skus {
    Table,
    Id,
}

fn now_default(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
        .default(Expr::current_timestamp())
        .take()
}

fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(big_pk_auto(Orders::Id))
                    .col(string_len_uniq(Orders::OrderNo, 32))
                    .col(big_integer(Orders::MemberId))
                    .col(string_len(Orders::Status, 24))
                    .col(big_integer(Orders::ItemsTotal))
                    .col(big_integer(Orders::ShippingFee))
                    .col(big_integer(Orders::DiscountTotal))
                    .col(big_integer(Orders::Total))
                    .col(string_len(Orders::Recipient, 40))
                    .col(string_len(Orders::Phone, 20))
                    .col(string_len(Orders::Address, 300))
                    .col(string_len(Orders::Note, 200))
                    .col(string_len(Orders::IdempotencyKey, 64))
                    .col(timestamp_with_time_zone(Orders::PayBy))
                    .col(timestamp_with_time_zone_null(Orders::PaidAt))
                    .col(timestamp_with_time_zone_null(Orders::ShippedAt))
                    .col(now_default(Orders::CreatedAt))
                    .col(now_default(Orders::UpdatedAt))
                    .check(Expr::col(Orders::Total).gte(0))
                    // Members are deactivated, never deleted, while they
                    // have orders: the orders are the shop's records.
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One order per checkout page, however often it is submitted.
        manager
            .create_index(
                Index::create()
                    .name("idx_orders_member_key")
                    .table(Orders::Table)
                    .col(Orders::MemberId)
                    .col(Orders::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The member's list, newest first, by status tab.
        manager
            .create_index(
                Index::create()
                    .name("idx_orders_member_created")
                    .table(Orders::Table)
                    .col(Orders::MemberId)
                    .col(Orders::CreatedAt)
                    .to_owned(),
            )
            .await?;
        // The sweeper looks for unpaid orders past their deadline.
        manager
            .create_index(
                Index::create()
                    .name("idx_orders_status_pay_by")
                    .table(Orders::Table)
                    .col(Orders::Status)
                    .col(Orders::PayBy)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .col(big_pk_auto(OrderItems::Id))
                    .col(big_integer(OrderItems::OrderId))
                    .col(big_integer(OrderItems::SkuId))
                    .col(big_integer(OrderItems::ProductId))
                    .col(string_len(OrderItems::SkuCode, 64))
                    .col(string_len(OrderItems::Title, 120))
                    .col(string_len(OrderItems::Variant, 130))
                    .col(string_len_null(OrderItems::Image, 300))
                    .col(big_integer(OrderItems::UnitPrice))
                    .col(integer(OrderItems::Quantity))
                    .col(big_integer(OrderItems::LineTotal))
                    .check(Expr::col(OrderItems::Quantity).gte(1))
                    .foreign_key(&mut cascade(
                        (OrderItems::Table, OrderItems::OrderId),
                        (Orders::Table, Orders::Id),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderItems::Table, OrderItems::SkuId)
                            .to(Skus::Table, Skus::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_items_order")
                    .table(OrderItems::Table)
                    .col(OrderItems::OrderId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderEvents::Table)
                    .col(big_pk_auto(OrderEvents::Id))
                    .col(big_integer(OrderEvents::OrderId))
                    .col(string_len_null(OrderEvents::FromStatus, 24))
                    .col(string_len(OrderEvents::ToStatus, 24))
                    .col(string_len(OrderEvents::Actor, 40))
                    .col(string_len(OrderEvents::Reason, 300))
                    .col(now_default(OrderEvents::At))
                    .foreign_key(&mut cascade(
                        (OrderEvents::Table, OrderEvents::OrderId),
                        (Orders::Table, Orders::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_order_events_order")
                    .table(OrderEvents::Table)
                    .col(OrderEvents::OrderId)
                    .col(OrderEvents::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OrderEvents::Table.into_iden(),
            OrderItems::Table.into_iden(),
            Orders::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
