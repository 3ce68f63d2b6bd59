//! Using promotions on orders, and the store-wide offers themselves.
//!
//! An order remembers the coupon it used (`coupon_id`, a member's coupon)
//! so cancelling it can give the coupon back; each order line keeps its
//! share of the order's discount (`discount`), so a refund of some lines
//! returns what was paid for them.
//!
//! An offer (满减 tiers with no coupon) is stored with its tiers as
//! `threshold:off` pairs, comma-separated, in fen: a handful per offer,
//! always read and written whole.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    CouponId,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Discount,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    Name,
    /// `all`, `categories` or `products`, as for coupon templates.
    ScopeKind,
    ScopeIds,
    /// `29900:3000,59900:8000`: from ¥299 save ¥30, from ¥599 save ¥80.
    Tiers,
    StartsAt,
    EndsAt,
    /// `active` or `paused`.
    Status,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(big_integer_null(Orders::CouponId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .add_column(big_integer(OrderItems::Discount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Offers::Table)
                    .col(big_pk_auto(Offers::Id))
                    .col(string_len(Offers::Name, 80))
                    .col(string_len(Offers::ScopeKind, 20))
                    .col(text(Offers::ScopeIds).default(""))
                    .col(text(Offers::Tiers))
                    .col(timestamp_with_time_zone(Offers::StartsAt))
                    .col(timestamp_with_time_zone(Offers::EndsAt))
                    .col(string_len(Offers::Status, 20).default("active"))
                    .col(
                        timestamp_with_time_zone(Offers::CreatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .col(
                        timestamp_with_time_zone(Offers::UpdatedAt)
                            .default(Expr::current_timestamp()),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Offers::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrderItems::Table)
                    .drop_column(OrderItems::Discount)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::CouponId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
