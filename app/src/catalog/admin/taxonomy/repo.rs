//! The back office's reads and writes of categories and brands.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

use super::model::{AdminBrand, AdminCategory, AdminTaxonomy, Node, menu_order};
use crate::catalog::entity::{brand, category, product};
use crate::catalog::write::{CatalogWriter, NewCategory};

/// A category's names, slug and flag, as staff typed them (already checked).
pub struct CategoryFields<'a> {
    pub slug: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub featured: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TaxonomyWriteError {
    #[error("the slug is taken")]
    SlugTaken,
    #[error(transparent)]
    Database(DbErr),
}

impl From<DbErr> for TaxonomyWriteError {
    fn from(err: DbErr) -> Self {
        // Two staff taking the same slug at once: the unique index decides.
        if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
            Self::SlugTaken
        } else {
            Self::Database(err)
        }
    }
}

pub struct TaxonomyRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> TaxonomyRepo<'_, C> {
    pub async fn load(&self) -> Result<AdminTaxonomy, DbErr> {
        let per_category = self.product_counts(product::Column::CategoryId).await?;
        let per_brand = self.product_counts(product::Column::BrandId).await?;
        let categories = category::Entity::find()
            .all(self.0)
            .await?
            .into_iter()
            .map(|c| AdminCategory {
                products: per_category.get(&c.id).copied().unwrap_or(0),
                id: c.id,
                parent_id: c.parent_id,
                slug: c.slug,
                name_zh: c.name_zh,
                name_en: c.name_en,
                depth: c.depth,
                position: c.position,
                featured: c.featured,
            })
            .collect();
        let brands = brand::Entity::find()
            .order_by_asc(brand::Column::Name)
            .all(self.0)
            .await?
            .into_iter()
            .map(|b| AdminBrand {
                products: per_brand.get(&b.id).copied().unwrap_or(0),
                id: b.id,
                slug: b.slug,
                name: b.name,
            })
            .collect();
        Ok(AdminTaxonomy {
            categories: menu_order(categories),
            brands,
        })
    }

    async fn product_counts(&self, column: product::Column) -> Result<HashMap<i64, u64>, DbErr> {
        Ok(product::Entity::find()
            .select_only()
            .column(column)
            .column_as(product::Column::Id.count(), "products")
            .filter(column.is_not_null())
            .group_by(column)
            .into_tuple::<(i64, i64)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(id, count)| (id, u64::try_from(count).unwrap_or(0)))
            .collect())
    }

    pub async fn nodes(&self) -> Result<Vec<Node>, DbErr> {
        Ok(category::Entity::find()
            .all(self.0)
            .await?
            .into_iter()
            .map(|c| Node {
                id: c.id,
                parent_id: c.parent_id,
                depth: c.depth,
            })
            .collect())
    }

    pub async fn category(&self, id: i64) -> Result<Option<category::Model>, DbErr> {
        category::Entity::find_by_id(id).one(self.0).await
    }

    /// Sibling ids under `parent`, in menu order.
    pub async fn siblings(&self, parent: Option<i64>) -> Result<Vec<i64>, DbErr> {
        let select = category::Entity::find()
            .select_only()
            .column(category::Column::Id);
        let select = match parent {
            Some(parent) => select.filter(category::Column::ParentId.eq(parent)),
            None => select.filter(category::Column::ParentId.is_null()),
        };
        select
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Id)
            .into_tuple::<i64>()
            .all(self.0)
            .await
    }

    async fn next_position(&self, parent: Option<i64>) -> Result<i32, DbErr> {
        let count = self.siblings(parent).await?.len();
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }

    /// A new category, last among its siblings.
    pub async fn create_category(
        &self,
        parent_id: Option<i64>,
        depth: i16,
        fields: &CategoryFields<'_>,
    ) -> Result<i64, TaxonomyWriteError> {
        let position = self.next_position(parent_id).await?;
        Ok(CatalogWriter(self.0)
            .create_category(NewCategory {
                parent_id,
                slug: fields.slug,
                name_zh: fields.name_zh,
                name_en: fields.name_en,
                depth,
                position,
                featured: fields.featured,
            })
            .await?)
    }

    pub async fn update_category(
        &self,
        id: i64,
        fields: &CategoryFields<'_>,
    ) -> Result<(), TaxonomyWriteError> {
        category::ActiveModel {
            id: Set(id),
            slug: Set(fields.slug.to_owned()),
            name_zh: Set(fields.name_zh.to_owned()),
            name_en: Set(fields.name_en.to_owned()),
            featured: Set(fields.featured),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    /// Puts `id` last under `parent` at `depth`, and its descendants at
    /// the depths given (see `descendant_depths`).
    pub async fn move_category(
        &self,
        id: i64,
        parent: Option<i64>,
        depth: i16,
        descendants: &[(i64, i16)],
    ) -> Result<(), DbErr> {
        let position = self.next_position(parent).await?;
        category::ActiveModel {
            id: Set(id),
            parent_id: Set(parent),
            depth: Set(depth),
            position: Set(position),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        for &(id, depth) in descendants {
            category::ActiveModel {
                id: Set(id),
                depth: Set(depth),
                ..Default::default()
            }
            .update(self.0)
            .await?;
        }
        Ok(())
    }

    pub async fn set_positions(&self, positions: &[(i64, i32)]) -> Result<(), DbErr> {
        for &(id, position) in positions {
            category::Entity::update_many()
                .col_expr(category::Column::Position, Expr::value(position))
                .filter(category::Column::Id.eq(id))
                .exec(self.0)
                .await?;
        }
        Ok(())
    }

    /// Whether a category has sub-categories or products filed under it.
    pub async fn category_in_use(&self, id: i64) -> Result<bool, DbErr> {
        let children = category::Entity::find()
            .filter(category::Column::ParentId.eq(id))
            .count(self.0)
            .await?;
        let products = product::Entity::find()
            .filter(product::Column::CategoryId.eq(id))
            .count(self.0)
            .await?;
        Ok(children + products > 0)
    }

    pub async fn delete_category(&self, id: i64) -> Result<(), DbErr> {
        category::Entity::delete_by_id(id).exec(self.0).await?;
        Ok(())
    }

    /// Marks the products under these categories changed, so the search
    /// index (which holds their category names) picks them up again.
    pub async fn touch_products_in(&self, category_ids: &[i64]) -> Result<u64, DbErr> {
        let done = product::Entity::update_many()
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::CategoryId.is_in(category_ids.iter().copied()))
            .exec(self.0)
            .await?;
        Ok(done.rows_affected)
    }

    pub async fn touch_products_of_brand(&self, brand_id: i64) -> Result<u64, DbErr> {
        let done = product::Entity::update_many()
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::BrandId.eq(brand_id))
            .exec(self.0)
            .await?;
        Ok(done.rows_affected)
    }

    pub async fn brand(&self, id: i64) -> Result<Option<brand::Model>, DbErr> {
        brand::Entity::find_by_id(id).one(self.0).await
    }

    pub async fn create_brand(&self, slug: &str, name: &str) -> Result<i64, TaxonomyWriteError> {
        Ok(CatalogWriter(self.0).create_brand(slug, name).await?)
    }

    pub async fn update_brand(
        &self,
        id: i64,
        slug: &str,
        name: &str,
    ) -> Result<(), TaxonomyWriteError> {
        brand::ActiveModel {
            id: Set(id),
            slug: Set(slug.to_owned()),
            name: Set(name.to_owned()),
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    pub async fn brand_in_use(&self, id: i64) -> Result<bool, DbErr> {
        Ok(product::Entity::find()
            .filter(product::Column::BrandId.eq(id))
            .count(self.0)
            .await?
            > 0)
    }

    pub async fn delete_brand(&self, id: i64) -> Result<(), DbErr> {
        brand::Entity::delete_by_id(id).exec(self.0).await?;
        Ok(())
    }
}
