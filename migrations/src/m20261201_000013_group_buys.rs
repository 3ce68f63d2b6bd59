//! Group buying (拼团): deals (a SKU at a group price for groups of N),
//! the groups members open on a deal, and who holds a place in each.
//!
//! `taken` counts the places held (paid or waiting for payment) and can
//! never pass `size`: the CHECK backs the conditional update that takes a
//! place, so a group never has more than N members however many race for
//! the last place. `group_members` is keyed by group and member, so a
//! member cannot hold two places in one group. `group_allowances` counts a
//! member's live orders on a deal, raised only while under its limit.
//! An order placed in a group names it (`orders.group_id`): its payment
//! counts towards the group, and it ships only once the group has formed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    GroupId,
}

#[derive(DeriveIden)]
enum GroupDeals {
    Table,
    Id,
    SkuId,
    ProductId,
    GroupPrice,
    GroupSize,
    TimeLimitMinutes,
    PerMemberLimit,
    StartsAt,
    EndsAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupBuys {
    Table,
    Id,
    DealId,
    LeaderId,
    Size,
    Taken,
    Paid,
    /// forming, formed or failed.
    Status,
    ExpiresAt,
    CreatedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    MemberId,
    OrderId,
    JoinedAt,
}

#[derive(DeriveIden)]
enum GroupAllowances {
    Table,
    DealId,
    MemberId,
    Joined,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(big_integer_null(Orders::GroupId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("orders_group")
                    .table(Orders::Table)
                    .col(Orders::GroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupDeals::Table)
                    .col(big_pk_auto(GroupDeals::Id))
                    .col(big_integer(GroupDeals::SkuId))
                    .col(big_integer(GroupDeals::ProductId))
                    .col(big_integer(GroupDeals::GroupPrice))
                    .col(integer(GroupDeals::GroupSize))
                    .col(integer(GroupDeals::TimeLimitMinutes))
                    .col(integer(GroupDeals::PerMemberLimit).default(1))
                    .col(timestamp_with_time_zone(GroupDeals::StartsAt))
                    .col(timestamp_with_time_zone(GroupDeals::EndsAt))
                    .col(
                        timestamp_with_time_zone(GroupDeals::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        timestamp_with_time_zone(GroupDeals::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .check(Expr::col(GroupDeals::GroupPrice).gt(0))
                    .check(Expr::col(GroupDeals::GroupSize).gte(2))
                    .check(Expr::col(GroupDeals::TimeLimitMinutes).gt(0))
                    .check(Expr::col(GroupDeals::PerMemberLimit).gt(0))
                    .check(Expr::col(GroupDeals::StartsAt).lt(Expr::col(GroupDeals::EndsAt)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupBuys::Table)
                    .col(big_pk_auto(GroupBuys::Id))
                    .col(big_integer(GroupBuys::DealId))
                    .col(big_integer(GroupBuys::LeaderId))
                    .col(integer(GroupBuys::Size))
                    .col(integer(GroupBuys::Taken).default(0))
                    .col(integer(GroupBuys::Paid).default(0))
                    .col(string_len(GroupBuys::Status, 16).default("forming"))
                    .col(timestamp_with_time_zone(GroupBuys::ExpiresAt))
                    .col(
                        timestamp_with_time_zone(GroupBuys::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(timestamp_with_time_zone_null(GroupBuys::ClosedAt))
                    .check(Expr::col(GroupBuys::Taken).lte(Expr::col(GroupBuys::Size)))
                    .check(Expr::col(GroupBuys::Taken).gte(0))
                    .check(Expr::col(GroupBuys::Paid).lte(Expr::col(GroupBuys::Taken)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupBuys::Table, GroupBuys::DealId)
                            .to(GroupDeals::Table, GroupDeals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("group_buys_status_expiry")
                    .table(GroupBuys::Table)
                    .col(GroupBuys::Status)
                    .col(GroupBuys::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("group_buys_deal")
                    .table(GroupBuys::Table)
                    .col(GroupBuys::DealId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(big_integer(GroupMembers::GroupId))
                    .col(big_integer(GroupMembers::MemberId))
                    .col(big_integer(GroupMembers::OrderId))
                    .col(timestamp_with_time_zone(GroupMembers::JoinedAt))
                    .primary_key(
                        Index::create()
                            .col(GroupMembers::GroupId)
                            .col(GroupMembers::MemberId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GroupMembers::Table, GroupMembers::GroupId)
                            .to(GroupBuys::Table, GroupBuys::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupAllowances::Table)
                    .col(big_integer(GroupAllowances::DealId))
                    .col(big_integer(GroupAllowances::MemberId))
                    .col(integer(GroupAllowances::Joined))
                    .primary_key(
                        Index::create()
                            .col(GroupAllowances::DealId)
                            .col(GroupAllowances::MemberId),
                    )
                    .check(Expr::col(GroupAllowances::Joined).gte(0))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            GroupAllowances::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            GroupBuys::Table.into_iden(),
            GroupDeals::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("orders_group")
                    .table(Orders::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::GroupId)
                    .to_owned(),
            )
            .await
    }
}
