//! Payments and shipping details.
//!
//! `payments` has one row per attempt to pay an order: the payer may fail,
//! come back and try again, so an order can have several. The provider's
//! signed notice settles an attempt; the unique (provider, payment_no)
//! makes a repeated notice find the attempt it already settled.
//!
//! Orders gain the carrier and tracking number staff enter when shipping,
//! and the store gains the number of days after which a shipped order
//! completes by itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    OrderId,
    /// `sandbox`, or a real provider's name.
    Provider,
    /// Our id for the attempt, sent to the provider and back.
    PaymentNo,
    Amount,
    /// `pending`, `succeeded`, `failed`, `refunding`, `refunded`.
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    Carrier,
    TrackingNo,
}

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    AutoCompleteDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(big_pk_auto(Payments::Id))
                    .col(big_integer(Payments::OrderId))
                    .col(string_len(Payments::Provider, 20))
                    .col(string_len(Payments::PaymentNo, 64))
                    .col(big_integer(Payments::Amount))
                    .col(string_len(Payments::Status, 16))
                    .col(
                        timestamp_with_time_zone(Payments::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        timestamp_with_time_zone(Payments::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .check(Expr::col(Payments::Amount).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_provider_no")
                    .table(Payments::Table)
                    .col(Payments::Provider)
                    .col(Payments::PaymentNo)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_order")
                    .table(Payments::Table)
                    .col(Payments::OrderId)
                    .to_owned(),
            )
            .await?;
        // Refunds owed but not yet confirmed by the provider are retried.
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_status")
                    .table(Payments::Table)
                    .col(Payments::Status)
                    .to_owned(),
            )
            .await?;

        // One column per statement: SQLite adds only one at a time.
        for column in [
            string_len(Orders::Carrier, 40).default("").take(),
            string_len(Orders::TrackingNo, 40).default("").take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Orders::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .add_column(integer(StoreSettings::AutoCompleteDays).default(7))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .drop_column(StoreSettings::AutoCompleteDays)
                    .to_owned(),
            )
            .await?;
        for column in [Orders::Carrier, Orders::TrackingNo] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Orders::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Payments::Table).to_owned())
            .await
    }
}
