//! What the search index is built from: each product's searchable text,
//! read from the catalog tables in a fixed number of queries.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::catalog::entity::{product, spec_value};
use crate::catalog::status::ProductStatus;
use crate::catalog::taxonomy::Taxonomy;

/// Ids per `IN (…)` list: well under every database's parameter limit.
const CHUNK: usize = 500;

/// A product as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub brand: String,
    /// Every category on its path, in both languages.
    pub category: String,
    /// Subtitle and spec values (colours, sizes…).
    pub detail: String,
    /// Only listed products are found; the others are removed from the index.
    pub listed: bool,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    slug: String,
    title: String,
    subtitle: String,
    status: String,
    brand_id: Option<i64>,
    category_id: i64,
    updated_at: DateTime<Utc>,
}

pub struct SearchSource<'c, C>(pub &'c C);

impl<C: ConnectionTrait> SearchSource<'_, C> {
    /// Products changed at or after `since`, or every product.
    pub async fn changed_since(
        &self,
        taxonomy: &Taxonomy,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<SearchDoc>, DbErr> {
        let mut select = product::Entity::find()
            .select_only()
            .columns([
                product::Column::Id,
                product::Column::Slug,
                product::Column::Title,
                product::Column::Subtitle,
                product::Column::Status,
                product::Column::BrandId,
                product::Column::CategoryId,
                product::Column::UpdatedAt,
            ])
            .order_by_asc(product::Column::Id);
        if let Some(since) = since {
            select = select.filter(product::Column::UpdatedAt.gte(since));
        }
        let rows = select.into_model::<Row>().all(self.0).await?;
        let mut specs = self.spec_values(&rows, since.is_none()).await?;

        Ok(rows
            .into_iter()
            .map(|row| {
                let mut detail = row.subtitle;
                for value in specs.remove(&row.id).unwrap_or_default() {
                    detail.push(' ');
                    detail.push_str(&value);
                }
                SearchDoc {
                    brand: row
                        .brand_id
                        .and_then(|id| taxonomy.brand(id))
                        .map(|b| b.name.clone())
                        .unwrap_or_default(),
                    category: taxonomy
                        .path(row.category_id)
                        .into_iter()
                        .map(|c| format!("{} {}", c.name_zh, c.name_en))
                        .collect::<Vec<_>>()
                        .join(" "),
                    detail,
                    listed: row.status == ProductStatus::Listed.as_str(),
                    id: row.id,
                    slug: row.slug,
                    title: row.title,
                    updated_at: row.updated_at,
                }
            })
            .collect())
    }

    /// Spec values by product: in one query for the whole catalog, or in
    /// chunks of ids for a few changed products.
    async fn spec_values(
        &self,
        rows: &[Row],
        everything: bool,
    ) -> Result<HashMap<i64, Vec<String>>, DbErr> {
        let select = || {
            spec_value::Entity::find()
                .select_only()
                .columns([spec_value::Column::ProductId, spec_value::Column::Value])
                .order_by_asc(spec_value::Column::Id)
        };
        let mut pairs: Vec<(i64, String)> = Vec::new();
        if everything {
            pairs = select().into_tuple().all(self.0).await?;
        } else {
            for chunk in rows.chunks(CHUNK) {
                let ids = chunk.iter().map(|r| r.id);
                pairs.extend(
                    select()
                        .filter(spec_value::Column::ProductId.is_in(ids))
                        .into_tuple::<(i64, String)>()
                        .all(self.0)
                        .await?,
                );
            }
        }
        let mut by_product: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, value) in pairs {
            by_product.entry(id).or_default().push(value);
        }
        Ok(by_product)
    }
}
