//! Changing the catalog. Each function runs on the connection or
//! transaction it is given, so a caller can put several changes (and the
//! audit entry) in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

use super::entity::{attribute, brand, category, image, product, review, sku, spec, spec_value};
use super::repo::spec_key;
use super::status::{ProductStatus, SkuStatus};

pub struct NewCategory<'a> {
    pub parent_id: Option<i64>,
    pub slug: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub depth: i16,
    pub position: i32,
    pub featured: bool,
}

/// A product with everything that belongs to it.
pub struct NewProduct {
    pub slug: String,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub title: String,
    pub subtitle: String,
    /// Markdown.
    pub description: String,
    pub status: ProductStatus,
    pub sales_count: i64,
    pub images: Vec<(String, String)>,
    pub attributes: Vec<(String, String)>,
    /// Spec names with their values, in display order.
    pub specs: Vec<(String, Vec<String>)>,
    pub skus: Vec<NewSku>,
    pub listed_at: Option<DateTime<Utc>>,
}

/// What staff edit of an existing product.
pub struct ProductTexts {
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    /// Markdown.
    pub description: String,
    pub category_id: i64,
    pub brand_id: Option<i64>,
    pub attributes: Vec<(String, String)>,
}

pub struct NewSku {
    pub code: String,
    /// The index of its value within each spec, in spec order.
    pub values: Vec<usize>,
    pub price: i64,
    pub original_price: Option<i64>,
    pub stock: i64,
    pub weight_grams: i32,
}

pub struct NewReview<'a> {
    pub product_id: i64,
    pub member_id: Option<i64>,
    pub author_name: &'a str,
    pub rating: i16,
    pub body: &'a str,
    pub created_at: DateTime<Utc>,
}

pub struct CatalogWriter<'c, C>(pub &'c C);

impl<C: ConnectionTrait> CatalogWriter<'_, C> {
    pub async fn create_category(&self, new: NewCategory<'_>) -> Result<i64, DbErr> {
        let row = category::ActiveModel {
            parent_id: Set(new.parent_id),
            slug: Set(new.slug.to_owned()),
            name_zh: Set(new.name_zh.to_owned()),
            name_en: Set(new.name_en.to_owned()),
            depth: Set(new.depth),
            position: Set(new.position),
            featured: Set(new.featured),
            ..Default::default()
        };
        Ok(row.insert(self.0).await?.id)
    }

    pub async fn create_brand(&self, slug: &str, name: &str) -> Result<i64, DbErr> {
        let row = brand::ActiveModel {
            slug: Set(slug.to_owned()),
            name: Set(name.to_owned()),
            ..Default::default()
        };
        Ok(row.insert(self.0).await?.id)
    }

    /// Inserts a product, its images, attributes, specs and SKUs. Run it in
    /// a transaction: a product without its SKUs must never be visible.
    pub async fn create_product(&self, new: NewProduct) -> Result<i64, DbErr> {
        let now = Utc::now();
        let product = product::ActiveModel {
            slug: Set(new.slug),
            category_id: Set(new.category_id),
            brand_id: Set(new.brand_id),
            title: Set(new.title),
            subtitle: Set(new.subtitle),
            description: Set(new.description),
            status: Set(new.status.as_str().to_owned()),
            sales_count: Set(new.sales_count),
            created_at: Set(now),
            updated_at: Set(now),
            listed_at: Set(new.listed_at),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        let id = product.id;

        if !new.images.is_empty() {
            image::Entity::insert_many(new.images.into_iter().enumerate().map(
                |(at, (path, alt))| image::ActiveModel {
                    product_id: Set(id),
                    position: Set(position(at)),
                    path: Set(path),
                    alt: Set(alt),
                    ..Default::default()
                },
            ))
            .exec(self.0)
            .await?;
        }
        self.insert_attributes(id, new.attributes).await?;

        // Value ids per spec, to turn each SKU's value indexes into its key.
        let mut value_ids: Vec<Vec<i64>> = Vec::with_capacity(new.specs.len());
        for (at, (name, values)) in new.specs.into_iter().enumerate() {
            let spec_id = spec::ActiveModel {
                product_id: Set(id),
                position: Set(position(at)),
                name: Set(name),
                ..Default::default()
            }
            .insert(self.0)
            .await?
            .id;
            let mut ids = Vec::with_capacity(values.len());
            for (at, value) in values.into_iter().enumerate() {
                let value = spec_value::ActiveModel {
                    spec_id: Set(spec_id),
                    product_id: Set(id),
                    position: Set(position(at)),
                    value: Set(value),
                    ..Default::default()
                }
                .insert(self.0)
                .await?;
                ids.push(value.id);
            }
            value_ids.push(ids);
        }

        let mut skus = Vec::with_capacity(new.skus.len());
        for new_sku in new.skus {
            let ids: Vec<i64> = new_sku
                .values
                .iter()
                .zip(&value_ids)
                .map(|(&at, ids)| {
                    ids.get(at).copied().ok_or_else(|| {
                        DbErr::Custom(format!(
                            "SKU {} names a spec value that does not exist",
                            new_sku.code
                        ))
                    })
                })
                .collect::<Result<_, _>>()?;
            skus.push(sku::ActiveModel {
                product_id: Set(id),
                code: Set(new_sku.code),
                spec_key: Set(spec_key(&ids)),
                price: Set(new_sku.price),
                original_price: Set(new_sku.original_price),
                stock: Set(new_sku.stock),
                weight_grams: Set(new_sku.weight_grams),
                status: Set(SkuStatus::Active.as_str().to_owned()),
                ..Default::default()
            });
        }
        if !skus.is_empty() {
            sku::Entity::insert_many(skus).exec(self.0).await?;
        }
        self.refresh_summary(id).await?;
        Ok(id)
    }

    /// Recomputes what listings sort and filter on (lowest and highest
    /// price, whether anything is in stock) from the product's active SKUs.
    /// Called after every change to a SKU, in the same transaction.
    pub async fn refresh_summary(&self, product_id: i64) -> Result<(), DbErr> {
        let skus = sku::Entity::find()
            .filter(sku::Column::ProductId.eq(product_id))
            .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
            .all(self.0)
            .await?;
        let min = skus.iter().map(|s| s.price).min().unwrap_or(0);
        let max = skus.iter().map(|s| s.price).max().unwrap_or(0);
        let in_stock = skus.iter().any(|s| s.stock > 0);
        product::Entity::update_many()
            .col_expr(product::Column::PriceMin, Expr::value(min))
            .col_expr(product::Column::PriceMax, Expr::value(max))
            .col_expr(product::Column::InStock, Expr::value(in_stock))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(product_id))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Lists, delists or drafts a product. Listing it for the first time
    /// stamps `listed_at`, which "newest" sorts by.
    pub async fn set_status(&self, product_id: i64, status: ProductStatus) -> Result<(), DbErr> {
        let now = Utc::now();
        let mut update = product::Entity::update_many()
            .col_expr(product::Column::Status, Expr::value(status.as_str()))
            .col_expr(product::Column::UpdatedAt, Expr::value(now))
            .filter(product::Column::Id.eq(product_id));
        if status == ProductStatus::Listed {
            update = update.col_expr(
                product::Column::ListedAt,
                Func::coalesce([Expr::col(product::Column::ListedAt), Expr::value(now)]).into(),
            );
        }
        update.exec(self.0).await?;
        Ok(())
    }

    pub async fn set_title(&self, product_id: i64, title: &str) -> Result<(), DbErr> {
        product::Entity::update_many()
            .col_expr(product::Column::Title, Expr::value(title))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(product_id))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Replaces a product's texts, filing and attributes. Specs and SKUs
    /// stay: orders refer to SKUs, so they are never rebuilt behind them.
    pub async fn update_texts(&self, product_id: i64, texts: ProductTexts) -> Result<(), DbErr> {
        product::Entity::update_many()
            .col_expr(product::Column::Slug, Expr::value(texts.slug))
            .col_expr(product::Column::Title, Expr::value(texts.title))
            .col_expr(product::Column::Subtitle, Expr::value(texts.subtitle))
            .col_expr(product::Column::Description, Expr::value(texts.description))
            .col_expr(product::Column::CategoryId, Expr::value(texts.category_id))
            .col_expr(product::Column::BrandId, Expr::value(texts.brand_id))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(product_id))
            .exec(self.0)
            .await?;
        attribute::Entity::delete_many()
            .filter(attribute::Column::ProductId.eq(product_id))
            .exec(self.0)
            .await?;
        self.insert_attributes(product_id, texts.attributes).await
    }

    /// Adds `attributes` to a product, in the order given.
    async fn insert_attributes(
        &self,
        product_id: i64,
        attributes: Vec<(String, String)>,
    ) -> Result<(), DbErr> {
        if attributes.is_empty() {
            return Ok(());
        }
        attribute::Entity::insert_many(attributes.into_iter().enumerate().map(
            |(at, (name, value))| attribute::ActiveModel {
                product_id: Set(product_id),
                position: Set(position(at)),
                name: Set(name),
                value: Set(value),
                ..Default::default()
            },
        ))
        .exec(self.0)
        .await?;
        Ok(())
    }

    /// Adds a visible review and counts it into the product's rating.
    pub async fn add_review(&self, new: NewReview<'_>) -> Result<i64, DbErr> {
        let row = review::ActiveModel {
            product_id: Set(new.product_id),
            member_id: Set(new.member_id),
            author_name: Set(new.author_name.to_owned()),
            rating: Set(new.rating),
            body: Set(new.body.to_owned()),
            hidden: Set(false),
            created_at: Set(new.created_at),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        product::Entity::update_many()
            .col_expr(
                product::Column::RatingSum,
                Expr::col(product::Column::RatingSum).add(i64::from(new.rating)),
            )
            .col_expr(
                product::Column::ReviewCount,
                Expr::col(product::Column::ReviewCount).add(1),
            )
            .filter(product::Column::Id.eq(new.product_id))
            .exec(self.0)
            .await?;
        Ok(row.id)
    }
}

fn position(at: usize) -> i32 {
    i32::try_from(at).unwrap_or(i32::MAX)
}
