//! What checkout needs from the store's settings: the shipping fee, the
//! items' subtotal from which shipping is free, and how long an unpaid
//! order waits before it is cancelled. The defaults are a typical small
//! shop's: ¥10 shipping, free from ¥99, 30 minutes to pay.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    ShippingFee,
    FreeShippingFrom,
    PaymentTimeoutMinutes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds only one at a time.
        for column in [
            big_integer(StoreSettings::ShippingFee)
                .default(1_000)
                .take(),
            big_integer(StoreSettings::FreeShippingFrom)
                .default(9_900)
                .take(),
            integer(StoreSettings::PaymentTimeoutMinutes)
                .default(30)
                .take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(StoreSettings::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            StoreSettings::ShippingFee,
            StoreSettings::FreeShippingFrom,
            StoreSettings::PaymentTimeoutMinutes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(StoreSettings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
