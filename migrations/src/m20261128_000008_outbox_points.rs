//! The outbox and the points ledger.
//!
//! `outbox` holds the shop's domain events (order created, paid, …),
//! written in the same transaction as the change they describe, so an
//! event exists exactly when its change does. `outbox_consumers` keeps how
//! far each consumer has read; a consumer advances it in the transaction
//! that applies its effects.
//!
//! `points_ledger` is every change of a member's points. `source` names
//! what caused the change (`order:42:completed`) and is unique, so a
//! consumer that sees an event twice cannot award its points twice.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    /// `order.created`, `order.paid`, …
    Topic,
    /// What the event is about (an order number), for subscribers.
    Subject,
    /// JSON.
    Payload,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutboxConsumers {
    Table,
    Name,
    LastId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PointsLedger {
    Table,
    Id,
    MemberId,
    Delta,
    Source,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(big_pk_auto(Outbox::Id))
                    .col(string_len(Outbox::Topic, 40))
                    .col(string_len(Outbox::Subject, 64))
                    .col(text(Outbox::Payload))
                    .col(
                        timestamp_with_time_zone(Outbox::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxConsumers::Table)
                    .col(string_len(OutboxConsumers::Name, 40).primary_key())
                    .col(big_integer(OutboxConsumers::LastId).default(0))
                    .col(
                        timestamp_with_time_zone(OutboxConsumers::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PointsLedger::Table)
                    .col(big_pk_auto(PointsLedger::Id))
                    .col(big_integer(PointsLedger::MemberId))
                    .col(big_integer(PointsLedger::Delta))
                    .col(string_len_uniq(PointsLedger::Source, 80))
                    .col(string_len(PointsLedger::Note, 200))
                    .col(
                        timestamp_with_time_zone(PointsLedger::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PointsLedger::Table, PointsLedger::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A member's history, newest first, and their balance.
        manager
            .create_index(
                Index::create()
                    .name("idx_points_member")
                    .table(PointsLedger::Table)
                    .col(PointsLedger::MemberId)
                    .col(PointsLedger::Id)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PointsLedger::Table.into_iden(),
            OutboxConsumers::Table.into_iden(),
            Outbox::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
