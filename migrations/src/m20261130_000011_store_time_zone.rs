//! The store's clock: times on pages are shown at a fixed offset from UTC
//! that staff set. The default is China Standard Time (UTC+8), the demo
//! shop's.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    UtcOffsetMinutes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .add_column(integer(StoreSettings::UtcOffsetMinutes).default(480))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StoreSettings::Table)
                    .drop_column(StoreSettings::UtcOffsetMinutes)
                    .to_owned(),
            )
            .await
    }
}
