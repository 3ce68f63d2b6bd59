//! The product centre: categories, brands, products (SPU) with images,
//! attributes and spec dimensions, SKUs, reviews, favourites and recently
//! viewed products.
//!
//! Listing pages filter and sort on columns kept on `products` itself
//! (`price_min`, `in_stock`, `sales_count`, `listed_at`), which the catalog
//! repository recomputes from the SKUs whenever they change, so a category
//! page never joins SKUs to sort.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Categories {
    Table,
    Id,
    ParentId,
    Slug,
    NameZh,
    NameEn,
    Depth,
    Position,
    Featured,
}

#[derive(DeriveIden)]
enum Brands {
    Table,
    Id,
    Slug,
    Name,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Slug,
    CategoryId,
    BrandId,
    Title,
    Subtitle,
    Description,
    Status,
    SalesCount,
    PriceMin,
    PriceMax,
    InStock,
    RatingSum,
    ReviewCount,
    CreatedAt,
    UpdatedAt,
    ListedAt,
}

#[derive(DeriveIden)]
enum ProductImages {
    Table,
    Id,
    ProductId,
    Position,
    Path,
    Alt,
}

#[derive(DeriveIden)]
enum ProductAttributes {
    Table,
    Id,
    ProductId,
    Position,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum ProductSpecs {
    Table,
    Id,
    ProductId,
    Position,
    Name,
}

#[derive(DeriveIden)]
enum SpecValues {
    Table,
    Id,
    SpecId,
    ProductId,
    Position,
    Value,
}

#[derive(DeriveIden)]
enum Skus {
    Table,
    Id,
    ProductId,
    Code,
    SpecKey,
    Price,
    OriginalPrice,
    Stock,
    WeightGrams,
    Status,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    ProductId,
    MemberId,
    AuthorName,
    Rating,
    Body,
    Hidden,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Favourites {
    Table,
    MemberId,
    ProductId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RecentlyViewed {
    Table,
    MemberId,
    ProductId,
    ViewedAt,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

fn now_default(col: impl IntoIden) -> ColumnDef {
    timestamp_with_time_zone(col)
        .default(Expr::current_timestamp())
        .take()
}

/// A foreign key whose rows are deleted with the row they belong to.
fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A plain (non-unique) index over the given columns, in order.
macro_rules! index {
    ($manager:expr, $name:expr, $table:expr, [$($col:expr),+ $(,)?]) => {
        $manager
            .create_index(Index::create().name($name).table($table)$(.col($col))+.to_owned())
    };
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(big_pk_auto(Categories::Id))
                    .col(big_integer_null(Categories::ParentId))
                    .col(string_len_uniq(Categories::Slug, 80))
                    .col(string_len(Categories::NameZh, 60))
                    .col(string_len(Categories::NameEn, 60))
                    .col(small_integer(Categories::Depth))
                    .col(integer(Categories::Position).default(0))
                    .col(boolean(Categories::Featured).default(false))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Categories::Table, Categories::ParentId)
                            .to(Categories::Table, Categories::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_categories_parent",
            Categories::Table,
            [Categories::ParentId, Categories::Position]
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Brands::Table)
                    .col(big_pk_auto(Brands::Id))
                    .col(string_len_uniq(Brands::Slug, 80))
                    .col(string_len(Brands::Name, 60))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(big_pk_auto(Products::Id))
                    .col(string_len_uniq(Products::Slug, 120))
                    .col(big_integer(Products::CategoryId))
                    .col(big_integer_null(Products::BrandId))
                    .col(string_len(Products::Title, 120))
                    .col(string_len(Products::Subtitle, 200).default(""))
                    .col(text(Products::Description).default(""))
                    .col(string_len(Products::Status, 16).default("draft"))
                    .col(big_integer(Products::SalesCount).default(0))
                    .col(big_integer(Products::PriceMin).default(0))
                    .col(big_integer(Products::PriceMax).default(0))
                    .col(boolean(Products::InStock).default(false))
                    .col(big_integer(Products::RatingSum).default(0))
                    .col(integer(Products::ReviewCount).default(0))
                    .col(now_default(Products::CreatedAt))
                    .col(now_default(Products::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Products::ListedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::CategoryId)
                            .to(Categories::Table, Categories::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Products::Table, Products::BrandId)
                            .to(Brands::Table, Brands::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One index per way a listing is sorted; each starts with the
        // columns every listing filters on.
        for (name, sort) in [
            ("idx_products_category_sales", Products::SalesCount),
            ("idx_products_category_price", Products::PriceMin),
            ("idx_products_category_listed", Products::ListedAt),
        ] {
            index!(
                manager,
                name,
                Products::Table,
                [Products::CategoryId, Products::Status, sort]
            )
            .await?;
        }
        index!(
            manager,
            "idx_products_status_listed",
            Products::Table,
            [Products::Status, Products::ListedAt]
        )
        .await?;
        index!(
            manager,
            "idx_products_status_sales",
            Products::Table,
            [Products::Status, Products::SalesCount]
        )
        .await?;
        index!(
            manager,
            "idx_products_brand",
            Products::Table,
            [Products::BrandId, Products::Status]
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductImages::Table)
                    .col(big_pk_auto(ProductImages::Id))
                    .col(big_integer(ProductImages::ProductId))
                    .col(integer(ProductImages::Position))
                    .col(string_len(ProductImages::Path, 200))
                    .col(string_len(ProductImages::Alt, 200).default(""))
                    .foreign_key(&mut fk(
                        (ProductImages::Table, ProductImages::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_product_images_product",
            ProductImages::Table,
            [ProductImages::ProductId, ProductImages::Position]
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductAttributes::Table)
                    .col(big_pk_auto(ProductAttributes::Id))
                    .col(big_integer(ProductAttributes::ProductId))
                    .col(integer(ProductAttributes::Position))
                    .col(string_len(ProductAttributes::Name, 60))
                    .col(string_len(ProductAttributes::Value, 200))
                    .foreign_key(&mut fk(
                        (ProductAttributes::Table, ProductAttributes::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_product_attributes_product",
            ProductAttributes::Table,
            [ProductAttributes::ProductId, ProductAttributes::Position]
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductSpecs::Table)
                    .col(big_pk_auto(ProductSpecs::Id))
                    .col(big_integer(ProductSpecs::ProductId))
                    .col(integer(ProductSpecs::Position))
                    .col(string_len(ProductSpecs::Name, 40))
                    .foreign_key(&mut fk(
                        (ProductSpecs::Table, ProductSpecs::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_product_specs_product",
            ProductSpecs::Table,
            [ProductSpecs::ProductId, ProductSpecs::Position]
        )
        .await?;

        // `product_id` is repeated here so the spec facet of a listing is
        // one join away from the products it counts.
        manager
            .create_table(
                Table::create()
                    .table(SpecValues::Table)
                    .col(big_pk_auto(SpecValues::Id))
                    .col(big_integer(SpecValues::SpecId))
                    .col(big_integer(SpecValues::ProductId))
                    .col(integer(SpecValues::Position))
                    .col(string_len(SpecValues::Value, 40))
                    .foreign_key(&mut fk(
                        (SpecValues::Table, SpecValues::SpecId),
                        (ProductSpecs::Table, ProductSpecs::Id),
                    ))
                    .foreign_key(&mut fk(
                        (SpecValues::Table, SpecValues::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_spec_values_product",
            SpecValues::Table,
            [SpecValues::ProductId, SpecValues::SpecId]
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Skus::Table)
                    .col(big_pk_auto(Skus::Id))
                    .col(big_integer(Skus::ProductId))
                    .col(string_len_uniq(Skus::Code, 64))
                    // The SKU's spec value ids in spec order, joined by '-':
                    // one SKU per combination, enforced below.
                    .col(string_len(Skus::SpecKey, 120))
                    .col(big_integer(Skus::Price))
                    .col(big_integer_null(Skus::OriginalPrice))
                    .col(big_integer(Skus::Stock).default(0))
                    .col(integer(Skus::WeightGrams).default(0))
                    .col(string_len(Skus::Status, 16).default("active"))
                    .check(Expr::col(Skus::Stock).gte(0))
                    .check(Expr::col(Skus::Price).gte(0))
                    .foreign_key(&mut fk(
                        (Skus::Table, Skus::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_skus_product_combination")
                    .table(Skus::Table)
                    .col(Skus::ProductId)
                    .col(Skus::SpecKey)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(big_pk_auto(Reviews::Id))
                    .col(big_integer(Reviews::ProductId))
                    .col(big_integer_null(Reviews::MemberId))
                    .col(string_len(Reviews::AuthorName, 40))
                    .col(small_integer(Reviews::Rating))
                    .col(string_len(Reviews::Body, 1000))
                    .col(boolean(Reviews::Hidden).default(false))
                    .col(now_default(Reviews::CreatedAt))
                    .check(Expr::col(Reviews::Rating).between(1, 5))
                    .foreign_key(&mut fk(
                        (Reviews::Table, Reviews::ProductId),
                        (Products::Table, Products::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index!(
            manager,
            "idx_reviews_product",
            Reviews::Table,
            [Reviews::ProductId, Reviews::Hidden, Reviews::CreatedAt]
        )
        .await?;

        for (index_name, table, member, product, at) in [
            (
                "idx_favourites_member_time",
                Favourites::Table.into_iden(),
                Favourites::MemberId.into_iden(),
                Favourites::ProductId.into_iden(),
                Favourites::CreatedAt.into_iden(),
            ),
            (
                "idx_recently_viewed_member_time",
                RecentlyViewed::Table.into_iden(),
                RecentlyViewed::MemberId.into_iden(),
                RecentlyViewed::ProductId.into_iden(),
                RecentlyViewed::ViewedAt.into_iden(),
            ),
        ] {
            manager
                .create_table(
                    Table::create()
                        .table(table.clone())
                        .col(big_integer(member.clone()))
                        .col(big_integer(product.clone()))
                        .col(now_default(at.clone()))
                        .primary_key(Index::create().col(member.clone()).col(product.clone()))
                        .foreign_key(&mut fk(
                            (table.clone(), member.clone()),
                            (Members::Table, Members::Id),
                        ))
                        .foreign_key(&mut fk(
                            (table.clone(), product),
                            (Products::Table, Products::Id),
                        ))
                        .to_owned(),
                )
                .await?;
            index!(manager, index_name, table, [member, at]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RecentlyViewed::Table.into_iden(),
            Favourites::Table.into_iden(),
            Reviews::Table.into_iden(),
            Skus::Table.into_iden(),
            SpecValues::Table.into_iden(),
            ProductSpecs::Table.into_iden(),
            ProductAttributes::Table.into_iden(),
            ProductImages::Table.into_iden(),
            Products::Table.into_iden(),
            Brands::Table.into_iden(),
            Categories::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
