//! Changing a product's variants: a new value for one of its specs (with
//! the SKUs it brings), and retiring or restoring a SKU. Run each in a
//! write transaction; both lock the product first, so two staff changing
//! one product's variants take turns and the rules below see what the
//! other committed.

use std::collections::HashSet;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::model::{AdminSpec, VariantProblem, check_new_value, may_retire, new_combinations};
use crate::catalog::admin::product_input::sku_code;
use crate::catalog::admin::repo::AdminCatalogRepo;
use crate::catalog::entity::{product, sku, spec, spec_value};
use crate::catalog::repo::spec_key;
use crate::catalog::status::SkuStatus;
use crate::catalog::write::CatalogWriter;

#[derive(Debug, thiserror::Error)]
pub enum VariantWriteError {
    #[error("no such product, spec or SKU")]
    NotFound,
    #[error("{0:?}")]
    Refused(VariantProblem),
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl From<VariantProblem> for VariantWriteError {
    fn from(problem: VariantProblem) -> Self {
        Self::Refused(problem)
    }
}

/// What was done, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedValue {
    pub product_title: String,
    pub spec: String,
    pub value: String,
    pub codes: Vec<String>,
}

/// A spec with the ids of its values, in display order.
struct StoredSpec {
    spec: AdminSpec,
    value_ids: Vec<i64>,
}

pub struct VariantRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> VariantRepo<'_, C> {
    /// The product's specs and their values, in display order.
    pub async fn specs(&self, product_id: i64) -> Result<Vec<AdminSpec>, DbErr> {
        Ok(self
            .stored_specs(product_id)
            .await?
            .into_iter()
            .map(|s| s.spec)
            .collect())
    }

    async fn stored_specs(&self, product_id: i64) -> Result<Vec<StoredSpec>, DbErr> {
        let specs = spec::Entity::find()
            .filter(spec::Column::ProductId.eq(product_id))
            .order_by_asc(spec::Column::Position)
            .all(self.0)
            .await?;
        let values = spec_value::Entity::find()
            .filter(spec_value::Column::ProductId.eq(product_id))
            .order_by_asc(spec_value::Column::Position)
            .order_by_asc(spec_value::Column::Id)
            .all(self.0)
            .await?;
        Ok(specs
            .into_iter()
            .map(|s| {
                let mine: Vec<&spec_value::Model> =
                    values.iter().filter(|v| v.spec_id == s.id).collect();
                StoredSpec {
                    value_ids: mine.iter().map(|v| v.id).collect(),
                    spec: AdminSpec {
                        id: s.id,
                        name: s.name,
                        values: mine.iter().map(|v| v.value.clone()).collect(),
                    },
                }
            })
            .collect())
    }

    /// Adds `value` to the spec and one SKU for each combination it makes
    /// with the other specs' values, at `price` with no stock: staff set
    /// stock in the grid once the goods are in.
    pub async fn add_spec_value(
        &self,
        product_id: i64,
        spec_id: i64,
        value: &str,
        price: i64,
    ) -> Result<AddedValue, VariantWriteError> {
        let title = AdminCatalogRepo(self.0)
            .lock_product(product_id)
            .await?
            .ok_or(VariantWriteError::NotFound)?;
        let specs = self.stored_specs(product_id).await?;
        let spec_at = specs
            .iter()
            .position(|s| s.spec.id == spec_id)
            .ok_or(VariantWriteError::NotFound)?;
        let value = check_new_value(&specs[spec_at].spec, value)?;
        let existing = sku::Entity::find()
            .filter(sku::Column::ProductId.eq(product_id))
            .count(self.0)
            .await?;
        let combinations = new_combinations(
            &specs.iter().map(|s| s.spec.clone()).collect::<Vec<_>>(),
            spec_at,
            usize::try_from(existing).unwrap_or(usize::MAX),
        )?;

        let new_value = spec_value::ActiveModel {
            spec_id: Set(spec_id),
            product_id: Set(product_id),
            position: Set(i32::try_from(specs[spec_at].value_ids.len()).unwrap_or(i32::MAX)),
            value: Set(value.clone()),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        let codes = self
            .free_codes(product_id, combinations.len(), existing)
            .await?;
        let rows = combinations.iter().zip(&codes).map(|(values, code)| {
            let ids: Vec<i64> = values
                .iter()
                .zip(&specs)
                .enumerate()
                .map(|(which, (&at, s))| {
                    if which == spec_at {
                        new_value.id
                    } else {
                        s.value_ids[at]
                    }
                })
                .collect();
            sku::ActiveModel {
                product_id: Set(product_id),
                code: Set(code.clone()),
                spec_key: Set(spec_key(&ids)),
                price: Set(price),
                original_price: Set(None),
                stock: Set(0),
                weight_grams: Set(0),
                status: Set(SkuStatus::Active.as_str().to_owned()),
                ..Default::default()
            }
        });
        sku::Entity::insert_many(rows.collect::<Vec<_>>())
            .exec(self.0)
            .await?;
        CatalogWriter(self.0).refresh_summary(product_id).await?;
        Ok(AddedValue {
            product_title: title,
            spec: specs[spec_at].spec.name.clone(),
            value,
            codes,
        })
    }

    /// `count` SKU codes in the product's pattern that no SKU of the shop
    /// has yet: numbering goes on from the product's SKU count, skipping
    /// codes taken (the slug may have changed since the first SKUs).
    async fn free_codes(
        &self,
        product_id: i64,
        count: usize,
        existing: u64,
    ) -> Result<Vec<String>, DbErr> {
        let slug = product::Entity::find_by_id(product_id)
            .select_only()
            .column(product::Column::Slug)
            .into_tuple::<String>()
            .one(self.0)
            .await?
            .unwrap_or_default();
        let mut next = usize::try_from(existing).unwrap_or(0);
        let mut codes = Vec::with_capacity(count);
        while codes.len() < count {
            let candidates: Vec<String> = (next..next + count - codes.len())
                .map(|at| sku_code(&slug, at))
                .collect();
            next += candidates.len();
            let taken: HashSet<String> = sku::Entity::find()
                .select_only()
                .column(sku::Column::Code)
                .filter(sku::Column::Code.is_in(candidates.iter().cloned()))
                .into_tuple::<String>()
                .all(self.0)
                .await?
                .into_iter()
                .collect();
            codes.extend(candidates.into_iter().filter(|c| !taken.contains(c)));
        }
        Ok(codes)
    }

    /// Takes a SKU off sale, or puts it back. Returns the SKU's code, or
    /// `None` when it already had that status.
    pub async fn set_sku_status(
        &self,
        product_id: i64,
        sku_id: i64,
        status: SkuStatus,
    ) -> Result<Option<String>, VariantWriteError> {
        AdminCatalogRepo(self.0)
            .lock_product(product_id)
            .await?
            .ok_or(VariantWriteError::NotFound)?;
        let found = sku::Entity::find_by_id(sku_id)
            .filter(sku::Column::ProductId.eq(product_id))
            .one(self.0)
            .await?
            .ok_or(VariantWriteError::NotFound)?;
        if SkuStatus::from_stored(&found.status) == status {
            return Ok(None);
        }
        if status == SkuStatus::Retired {
            let active = sku::Entity::find()
                .filter(sku::Column::ProductId.eq(product_id))
                .filter(sku::Column::Status.eq(SkuStatus::Active.as_str()))
                .count(self.0)
                .await?;
            may_retire(usize::try_from(active).unwrap_or(usize::MAX))?;
        }
        sku::Entity::update_many()
            .col_expr(sku::Column::Status, Expr::value(status.as_str()))
            .filter(sku::Column::Id.eq(sku_id))
            .exec(self.0)
            .await?;
        CatalogWriter(self.0).refresh_summary(product_id).await?;
        Ok(Some(found.code))
    }
}
