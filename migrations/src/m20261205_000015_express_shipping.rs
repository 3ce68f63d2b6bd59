//! Express delivery beside standard: the store's express fee (never free;
//! 0 turns express off) and, on every order, the method it ships by.
//! Orders placed before this shipped standard, which is the default.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    ExpressFee,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ShippingMethod,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    // A typical express courier's price for a small parcel: ¥20.
                    .add_column(big_integer(StoreSettings::ExpressFee).default(2_000).take())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(
                        string_len(Orders::ShippingMethod, 16)
                            .default("standard")
                            .take(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::ShippingMethod)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .drop_column(StoreSettings::ExpressFee)
                    .to_owned(),
            )
            .await
    }
}
