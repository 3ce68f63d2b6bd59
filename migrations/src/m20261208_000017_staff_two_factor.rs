//! Staff's second factor (RFC 6238): each account's key and the last time
//! step it accepted, its recovery codes (hashes only), and the sign-ins
//! waiting for their code after the password was right.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StaffTwoFactor {
    Table,
    StaffId,
    Secret,
    EnabledAt,
    LastStep,
    PendingSecret,
    RequiredSince,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StaffRecoveryCodes {
    Table,
    Id,
    StaffId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffPendingLogins {
    Table,
    TokenHash,
    StaffId,
    CreatedAt,
    ExpiresAt,
}

fn of_staff(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Staff::Table, Staff::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StaffTwoFactor::Table)
                    .col(big_integer(StaffTwoFactor::StaffId).primary_key())
                    // Base32 of a 160-bit key: 32 characters.
                    .col(string_len_null(StaffTwoFactor::Secret, 64))
                    .col(timestamp_with_time_zone_null(StaffTwoFactor::EnabledAt))
                    .col(big_integer_null(StaffTwoFactor::LastStep))
                    .col(string_len_null(StaffTwoFactor::PendingSecret, 64))
                    .col(timestamp_with_time_zone_null(StaffTwoFactor::RequiredSince))
                    .col(
                        timestamp_with_time_zone(StaffTwoFactor::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(&mut of_staff(
                        StaffTwoFactor::Table,
                        StaffTwoFactor::StaffId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffRecoveryCodes::Table)
                    .col(big_pk_auto(StaffRecoveryCodes::Id))
                    .col(big_integer(StaffRecoveryCodes::StaffId))
                    .col(string_len(StaffRecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(StaffRecoveryCodes::UsedAt))
                    .col(
                        timestamp_with_time_zone(StaffRecoveryCodes::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(&mut of_staff(
                        StaffRecoveryCodes::Table,
                        StaffRecoveryCodes::StaffId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_staff_recovery_codes_code")
                    .table(StaffRecoveryCodes::Table)
                    .col(StaffRecoveryCodes::StaffId)
                    .col(StaffRecoveryCodes::CodeHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffPendingLogins::Table)
                    .col(string_len(StaffPendingLogins::TokenHash, 64).primary_key())
                    .col(big_integer(StaffPendingLogins::StaffId))
                    .col(
                        timestamp_with_time_zone(StaffPendingLogins::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(timestamp_with_time_zone(StaffPendingLogins::ExpiresAt))
                    .foreign_key(&mut of_staff(
                        StaffPendingLogins::Table,
                        StaffPendingLogins::StaffId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_staff_pending_logins_expires")
                    .table(StaffPendingLogins::Table)
                    .col(StaffPendingLogins::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StaffPendingLogins::Table.into_iden(),
            StaffRecoveryCodes::Table.into_iden(),
            StaffTwoFactor::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
