//! Shopping carts, kept in the database so a cart survives a restart and
//! follows a member from one device to another.
//!
//! A cart belongs to a member or to a guest's browser. The guest's cookie
//! holds a random token; the database holds only its SHA-256, as it does
//! for login sessions. At login the guest's cart is merged into the
//! member's and deleted.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Carts {
    Table,
    Id,
    MemberId,
    GuestTokenHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CartItems {
    Table,
    Id,
    CartId,
    SkuId,
    Quantity,
    Selected,
    /// The SKU's price when it was added, to tell the shopper it changed.
    AddedPrice,
    AddedAt,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Skus {
    Table,
    Id,
}

fn now_default(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
        .default(Expr::current_timestamp())
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Carts::Table)
                    .col(big_pk_auto(Carts::Id))
                    .col(big_integer_null(Carts::MemberId))
                    .col(string_len_null(Carts::GuestTokenHash, 64))
                    .col(now_default(Carts::CreatedAt))
                    .col(now_default(Carts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Carts::Table, Carts::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One cart per member and per guest token. Both databases let a
        // unique index hold many NULLs, so guest carts and member carts
        // share the table.
        for (name, column) in [
            ("idx_carts_member", Carts::MemberId),
            ("idx_carts_guest", Carts::GuestTokenHash),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Carts::Table)
                        .col(column)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        // Abandoned guest carts are pruned by age.
        manager
            .create_index(
                Index::create()
                    .name("idx_carts_updated")
                    .table(Carts::Table)
                    .col(Carts::UpdatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CartItems::Table)
                    .col(big_pk_auto(CartItems::Id))
                    .col(big_integer(CartItems::CartId))
                    .col(big_integer(CartItems::SkuId))
                    .col(integer(CartItems::Quantity))
                    .col(boolean(CartItems::Selected).default(true))
                    .col(big_integer(CartItems::AddedPrice))
                    .col(now_default(CartItems::AddedAt))
                    .check(Expr::col(CartItems::Quantity).gte(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartItems::Table, CartItems::CartId)
                            .to(Carts::Table, Carts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartItems::Table, CartItems::SkuId)
                            .to(Skus::Table, Skus::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One line per SKU: adding it again raises the quantity instead.
        manager
            .create_index(
                Index::create()
                    .name("idx_cart_items_cart_sku")
                    .table(CartItems::Table)
                    .col(CartItems::CartId)
                    .col(CartItems::SkuId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [CartItems::Table.into_iden(), Carts::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
