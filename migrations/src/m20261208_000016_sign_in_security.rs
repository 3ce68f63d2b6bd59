//! Sign-in rules the owner sets (session lifetimes, a second factor for
//! all staff) and, on every session, when it was last used, so an idle
//! limit can end it. Sessions from before count as seen at sign-in.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StoreSettings {
    Table,
    StaffIdleMinutes,
    StaffSessionHours,
    MemberIdleDays,
    MemberRememberDays,
    TwoFactorForAllStaff,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    LastSeenAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        // The defaults are the lifetimes sessions had when they were fixed.
        let columns = [
            integer(StoreSettings::StaffIdleMinutes).default(30).take(),
            integer(StoreSettings::StaffSessionHours).default(8).take(),
            integer(StoreSettings::MemberIdleDays).default(14).take(),
            integer(StoreSettings::MemberRememberDays)
                .default(30)
                .take(),
            boolean(StoreSettings::TwoFactorForAllStaff)
                .default(false)
                .take(),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(StoreSettings::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(timestamp_with_time_zone_null(Sessions::LastSeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Sessions::Table)
                    .value(Sessions::LastSeenAt, Expr::col(Sessions::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::LastSeenAt)
                    .to_owned(),
            )
            .await?;
        for column in [
            StoreSettings::TwoFactorForAllStaff,
            StoreSettings::MemberRememberDays,
            StoreSettings::MemberIdleDays,
            StoreSettings::StaffSessionHours,
            StoreSettings::StaffIdleMinutes,
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
