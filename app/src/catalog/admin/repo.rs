//! The back office's reads and writes of products and SKUs.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::csv::SkuLine;
use super::model::{
    AdminProduct, AdminProductPage, AdminProductRow, AdminSku, PRODUCTS_PER_PAGE, SkuChange,
};
use super::variants::repo::VariantRepo;
use crate::catalog::entity::{attribute, product, sku, spec_value};
use crate::catalog::repo::variant_label;
use crate::catalog::status::{ProductStatus, SkuStatus};
use crate::catalog::write::CatalogWriter;

/// A SKU's price and stock before and after an edit, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuEdit {
    pub code: String,
    pub before: (i64, Option<i64>, i64),
    pub after: (i64, Option<i64>, i64),
}

#[derive(Debug, thiserror::Error)]
pub enum SkuWriteError {
    /// The grid named a SKU that is not (or no longer) this product's.
    #[error("SKU {0} is not part of this product")]
    Foreign(i64),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct AdminCatalogRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> AdminCatalogRepo<'_, C> {
    /// Products whose title holds `text`, newest first. Staff look for
    /// drafts too, which the search index leaves out, so this is SQL.
    pub async fn products(
        &self,
        text: &str,
        status: Option<ProductStatus>,
        page: u64,
    ) -> Result<AdminProductPage, DbErr> {
        let mut select = product::Entity::find();
        let text = text.trim();
        if !text.is_empty() {
            select = select.filter(product::Column::Title.contains(text));
        }
        if let Some(status) = status {
            select = select.filter(product::Column::Status.eq(status.as_str()));
        }
        let total = select.clone().count(self.0).await?;
        let rows = select
            .order_by_desc(product::Column::Id)
            .offset(page * PRODUCTS_PER_PAGE)
            .limit(PRODUCTS_PER_PAGE)
            .all(self.0)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let stock: HashMap<i64, (i64, i64)> = sku::Entity::find()
            .select_only()
            .column(sku::Column::ProductId)
            // PostgreSQL sums BIGINT as NUMERIC: back to BIGINT for i64.
            .column_as(sku::Column::Stock.sum().cast_as("BIGINT"), "stock")
            .column_as(sku::Column::Id.count(), "skus")
            .filter(sku::Column::ProductId.is_in(ids))
            .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
            .group_by(sku::Column::ProductId)
            .into_tuple::<(i64, Option<i64>, i64)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(id, stock, skus)| (id, (stock.unwrap_or(0), skus)))
            .collect();
        Ok(AdminProductPage {
            total,
            rows: rows
                .into_iter()
                .map(|row| {
                    let (stock, skus) = stock.get(&row.id).copied().unwrap_or_default();
                    AdminProductRow {
                        status: ProductStatus::parse(&row.status).unwrap_or(ProductStatus::Draft),
                        id: row.id,
                        slug: row.slug,
                        title: row.title,
                        price_min: row.price_min,
                        price_max: row.price_max,
                        stock,
                        skus: u32::try_from(skus).unwrap_or(u32::MAX),
                    }
                })
                .collect(),
        })
    }

    /// The product's title, or `None` when there is no such product; on
    /// PostgreSQL it also locks the product's row until the transaction
    /// ends, so changes to one product's pictures or variants take turns
    /// (SQLite's write transactions take turns already).
    pub async fn lock_product(&self, product_id: i64) -> Result<Option<String>, DbErr> {
        let mut select = product::Entity::find_by_id(product_id)
            .select_only()
            .column(product::Column::Title);
        if self.0.get_database_backend() == DbBackend::Postgres {
            select = select.lock_exclusive();
        }
        select.into_tuple::<String>().one(self.0).await
    }

    /// The product that has this slug, if any.
    pub async fn slug_owner(&self, slug: &str) -> Result<Option<i64>, DbErr> {
        product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(product::Column::Slug.eq(slug))
            .into_tuple::<i64>()
            .one(self.0)
            .await
    }

    pub async fn product(&self, id: i64) -> Result<Option<AdminProduct>, DbErr> {
        let Some(row) = product::Entity::find_by_id(id).one(self.0).await? else {
            return Ok(None);
        };
        let values: HashMap<i64, String> = spec_value::Entity::find()
            .filter(spec_value::Column::ProductId.eq(id))
            .all(self.0)
            .await?
            .into_iter()
            .map(|v| (v.id, v.value))
            .collect();
        let mut skus = sku::Entity::find()
            .filter(sku::Column::ProductId.eq(id))
            .order_by_asc(sku::Column::Id)
            .all(self.0)
            .await?;
        skus.sort_by_key(|s| SkuStatus::from_stored(&s.status) != SkuStatus::Active);
        let specs = VariantRepo(self.0).specs(id).await?;
        let attributes = attribute::Entity::find()
            .filter(attribute::Column::ProductId.eq(id))
            .order_by_asc(attribute::Column::Position)
            .all(self.0)
            .await?
            .into_iter()
            .map(|a| (a.name, a.value))
            .collect();
        Ok(Some(AdminProduct {
            status: ProductStatus::parse(&row.status).unwrap_or(ProductStatus::Draft),
            id: row.id,
            slug: row.slug,
            title: row.title,
            subtitle: row.subtitle,
            category_id: row.category_id,
            brand_id: row.brand_id,
            description: row.description,
            attributes,
            specs,
            skus: skus
                .into_iter()
                .map(|s| AdminSku {
                    label: variant_label(&s.spec_key, &values),
                    id: s.id,
                    code: s.code,
                    price: s.price,
                    original_price: s.original_price,
                    stock: s.stock,
                    status: SkuStatus::from_stored(&s.status),
                })
                .collect(),
        }))
    }

    /// Every active SKU with its product, for the CSV export: three
    /// queries whatever the size of the catalog.
    pub async fn sku_lines(&self) -> Result<Vec<SkuLine>, DbErr> {
        let products: HashMap<i64, (String, String)> = product::Entity::find()
            .select_only()
            .columns([
                product::Column::Id,
                product::Column::Slug,
                product::Column::Title,
            ])
            .into_tuple::<(i64, String, String)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(id, slug, title)| (id, (slug, title)))
            .collect();
        let values: HashMap<i64, String> = spec_value::Entity::find()
            .select_only()
            .columns([spec_value::Column::Id, spec_value::Column::Value])
            .into_tuple::<(i64, String)>()
            .all(self.0)
            .await?
            .into_iter()
            .collect();
        let skus = sku::Entity::find()
            .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
            .order_by_asc(sku::Column::ProductId)
            .order_by_asc(sku::Column::Id)
            .all(self.0)
            .await?;
        let money = crate::money::decimal;
        Ok(skus
            .into_iter()
            .map(|s| {
                let (slug, title) = products.get(&s.product_id).cloned().unwrap_or_default();
                SkuLine {
                    product_slug: slug,
                    title,
                    variant: variant_label(&s.spec_key, &values),
                    price: money(s.price),
                    original_price: s.original_price.map(money).unwrap_or_default(),
                    stock: s.stock.to_string(),
                    sku_code: s.code,
                }
            })
            .collect())
    }

    /// The SKU id and product of each code that exists.
    pub async fn skus_by_code(&self, codes: &[&str]) -> Result<HashMap<String, (i64, i64)>, DbErr> {
        let mut found = HashMap::with_capacity(codes.len());
        for chunk in codes.chunks(500) {
            let rows: Vec<(String, i64, i64)> = sku::Entity::find()
                .select_only()
                .columns([sku::Column::Code, sku::Column::Id, sku::Column::ProductId])
                .filter(sku::Column::Code.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(self.0)
                .await?;
            found.extend(
                rows.into_iter()
                    .map(|(code, id, product)| (code, (id, product))),
            );
        }
        Ok(found)
    }

    /// Writes the grid's rows that differ from what is stored and refreshes
    /// the product's listing summary. Run it in a transaction: a row that
    /// is not this product's fails the whole edit.
    pub async fn apply_sku_changes(
        &self,
        product_id: i64,
        changes: &[SkuChange],
    ) -> Result<Vec<SkuEdit>, SkuWriteError> {
        let current: HashMap<i64, sku::Model> = sku::Entity::find()
            .filter(sku::Column::ProductId.eq(product_id))
            .all(self.0)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        let mut edits = Vec::new();
        for change in changes {
            let Some(before) = current.get(&change.id) else {
                return Err(SkuWriteError::Foreign(change.id));
            };
            let old = (before.price, before.original_price, before.stock);
            let new = (change.price, change.original_price, change.stock);
            if old == new {
                continue;
            }
            sku::Entity::update_many()
                .col_expr(sku::Column::Price, Expr::value(change.price))
                .col_expr(
                    sku::Column::OriginalPrice,
                    Expr::value(change.original_price),
                )
                .col_expr(sku::Column::Stock, Expr::value(change.stock))
                .filter(sku::Column::Id.eq(change.id))
                .exec(self.0)
                .await?;
            edits.push(SkuEdit {
                code: before.code.clone(),
                before: old,
                after: new,
            });
        }
        if !edits.is_empty() {
            CatalogWriter(self.0).refresh_summary(product_id).await?;
        }
        Ok(edits)
    }
}
