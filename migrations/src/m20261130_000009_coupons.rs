//! Coupons: the templates staff define, and the coupons members claim.
//!
//! A template counts what it has given out (`claimed`) next to what it
//! may give (`total_quantity`); a claim takes one with an update
//! conditional on `claimed < total_quantity`, so no race gives out more.
//! Each claim of a member is numbered (`claim_no`, 1 up to the template's
//! per-member limit) and unique per template and member, so two claims
//! racing from one member cannot both take the same place.
//!
//! A member's coupon carries the window it can be used in, fixed when it
//! is claimed (the template's dates, or N days from claiming), and is
//! `unused` until an order uses it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CouponTemplates {
    Table,
    Id,
    Name,
    /// `amount_off`, `percent_off` or `free_shipping`.
    Kind,
    /// Fen, for `amount_off`.
    AmountOff,
    /// 1–99, for `percent_off`.
    PercentOff,
    /// Fen; the most a `percent_off` coupon takes.
    Cap,
    /// Fen the lines in scope must reach.
    Threshold,
    /// `all`, `categories` or `products`.
    ScopeKind,
    /// The categories' or products' ids, comma-separated.
    ScopeIds,
    ClaimStartsAt,
    ClaimEndsAt,
    /// A fixed window of use, or else `valid_days` from claiming.
    UseStartsAt,
    UseEndsAt,
    ValidDays,
    TotalQuantity,
    Claimed,
    Used,
    PerMemberLimit,
    NewMembersOnly,
    /// `active` or `paused`.
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MemberCoupons {
    Table,
    Id,
    TemplateId,
    MemberId,
    ClaimNo,
    StartsAt,
    EndsAt,
    /// `unused` or `used`; expired is `unused` past `ends_at`.
    Status,
    OrderId,
    UsedAt,
    ClaimedAt,
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
                    .table(CouponTemplates::Table)
                    .col(big_pk_auto(CouponTemplates::Id))
                    .col(string_len(CouponTemplates::Name, 80))
                    .col(string_len(CouponTemplates::Kind, 20))
                    .col(big_integer(CouponTemplates::AmountOff).default(0))
                    .col(small_integer(CouponTemplates::PercentOff).default(0))
                    .col(big_integer_null(CouponTemplates::Cap))
                    .col(big_integer(CouponTemplates::Threshold).default(0))
                    .col(string_len(CouponTemplates::ScopeKind, 20))
                    .col(text(CouponTemplates::ScopeIds).default(""))
                    .col(timestamp_with_time_zone(CouponTemplates::ClaimStartsAt))
                    .col(timestamp_with_time_zone(CouponTemplates::ClaimEndsAt))
                    .col(timestamp_with_time_zone_null(CouponTemplates::UseStartsAt))
                    .col(timestamp_with_time_zone_null(CouponTemplates::UseEndsAt))
                    .col(integer_null(CouponTemplates::ValidDays))
                    .col(integer(CouponTemplates::TotalQuantity))
                    .col(integer(CouponTemplates::Claimed).default(0))
                    .col(integer(CouponTemplates::Used).default(0))
                    .col(integer(CouponTemplates::PerMemberLimit).default(1))
                    .col(boolean(CouponTemplates::NewMembersOnly).default(false))
                    .col(string_len(CouponTemplates::Status, 20).default("active"))
                    .col(
                        timestamp_with_time_zone(CouponTemplates::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        timestamp_with_time_zone(CouponTemplates::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .check(
                        Expr::col(CouponTemplates::Claimed)
                            .lte(Expr::col(CouponTemplates::TotalQuantity)),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MemberCoupons::Table)
                    .col(big_pk_auto(MemberCoupons::Id))
                    .col(big_integer(MemberCoupons::TemplateId))
                    .col(big_integer(MemberCoupons::MemberId))
                    .col(integer(MemberCoupons::ClaimNo))
                    .col(timestamp_with_time_zone(MemberCoupons::StartsAt))
                    .col(timestamp_with_time_zone(MemberCoupons::EndsAt))
                    .col(string_len(MemberCoupons::Status, 20).default("unused"))
                    .col(big_integer_null(MemberCoupons::OrderId))
                    .col(timestamp_with_time_zone_null(MemberCoupons::UsedAt))
                    .col(
                        timestamp_with_time_zone(MemberCoupons::ClaimedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberCoupons::Table, MemberCoupons::TemplateId)
                            .to(CouponTemplates::Table, CouponTemplates::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MemberCoupons::Table, MemberCoupons::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One place per claim number: the per-member limit under races.
        manager
            .create_index(
                Index::create()
                    .name("ux_member_coupons_claim")
                    .table(MemberCoupons::Table)
                    .col(MemberCoupons::TemplateId)
                    .col(MemberCoupons::MemberId)
                    .col(MemberCoupons::ClaimNo)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A member's coupons by tab (unused, used).
        manager
            .create_index(
                Index::create()
                    .name("idx_member_coupons_member")
                    .table(MemberCoupons::Table)
                    .col(MemberCoupons::MemberId)
                    .col(MemberCoupons::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MemberCoupons::Table.into_iden(),
            CouponTemplates::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
