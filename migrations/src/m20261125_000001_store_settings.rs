//! The shop's own settings: one row, edited by staff, read on every page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    Id,
    Name,
    Currency,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StoreSettings::Table)
                    .col(
                        ColumnDef::new(StoreSettings::Id)
                            .integer()
                            .not_null()
                            .primary_key()
                            // A single-row table: the check keeps it that way.
                            .check(Expr::col(StoreSettings::Id).eq(1)),
                    )
                    .col(
                        ColumnDef::new(StoreSettings::Name)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(StoreSettings::Currency)
                            .string_len(3)
                            .not_null()
                            .default("CNY"),
                    )
                    .col(
                        ColumnDef::new(StoreSettings::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null()
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .exec_stmt(
                Query::insert()
                    .into_table(StoreSettings::Table)
                    .columns([StoreSettings::Id, StoreSettings::Name])
                    .values_panic([1.into(), "Ferris Market".into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StoreSettings::Table).to_owned())
            .await
    }
}
