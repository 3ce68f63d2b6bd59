//! Changing a product's variants after creation (`/api/admin/catalog/variants/…`,
//! permission `catalog`): a new spec value with its SKUs, and retiring or
//! restoring a SKU. Both are audited and refresh the shop at once.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::VariantProblem,
    super::repo::{VariantRepo, VariantWriteError},
    crate::audit::repo::AuditRepo,
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::catalog::admin::api::audit,
    crate::catalog::status::SkuStatus,
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::money::parse_price,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

/// Adds `value` to one of the product's specs. Every new SKU starts at
/// `price` with no stock. Returns how many SKUs were added.
#[server(prefix = "/api", endpoint = "admin/catalog/variants/value")]
pub async fn add_spec_value(
    product_id: i64,
    spec_id: i64,
    value: String,
    price: String,
) -> Result<u32, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let price = parse_price(&price)
        .filter(|p| *p > 0)
        .ok_or_else(|| refused(locale, VariantProblem::Price))?;

    let tx = crate::db::begin_write(&state.db).await?;
    let added = VariantRepo(&tx)
        .add_spec_value(product_id, spec_id, &value, price)
        .await
        .map_err(|err| write_error(locale, err))?;
    let summary = format!(
        "{}: {} + {} ({})",
        added.product_title,
        added.spec,
        added.value,
        added.codes.join(", ")
    );
    AuditRepo(&tx)
        .record(audit(&me, "product.spec_value", product_id, summary))
        .await?;
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/products/{product_id}"));
    Ok(u32::try_from(added.codes.len()).unwrap_or(u32::MAX))
}

/// Takes a SKU off sale (`retired`) or puts it back (`active`).
#[server(prefix = "/api", endpoint = "admin/catalog/variants/status")]
pub async fn set_sku_status(product_id: i64, sku_id: i64, status: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let status = match status.as_str() {
        "active" => SkuStatus::Active,
        "retired" => SkuStatus::Retired,
        other => return Err(AppError::BadRequest(format!("unknown status `{other}`"))),
    };

    let tx = crate::db::begin_write(&state.db).await?;
    let changed = VariantRepo(&tx)
        .set_sku_status(product_id, sku_id, status)
        .await
        .map_err(|err| write_error(locale, err))?;
    if let Some(code) = changed {
        let action = match status {
            SkuStatus::Active => "product.sku_restore",
            SkuStatus::Retired => "product.sku_retire",
        };
        AuditRepo(&tx)
            .record(audit(&me, action, product_id, code))
            .await?;
    }
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/products/{product_id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
fn write_error(locale: Locale, err: VariantWriteError) -> AppError {
    match err {
        VariantWriteError::NotFound => AppError::NotFound,
        VariantWriteError::Refused(problem) => refused(locale, problem),
        VariantWriteError::Database(err) => err.into(),
    }
}

#[cfg(feature = "ssr")]
fn refused(locale: Locale, problem: VariantProblem) -> AppError {
    let message = match problem {
        VariantProblem::Value => td_string!(locale, catalog_admin.bad_spec_value),
        VariantProblem::DuplicateValue => td_string!(locale, catalog_admin.duplicate_spec_value),
        VariantProblem::TooManyValues => td_string!(locale, catalog_admin.too_many_spec_values),
        VariantProblem::TooManySkus => td_string!(locale, catalog_admin.too_many_skus),
        VariantProblem::Price => td_string!(locale, catalog_admin.bad_start_price),
        VariantProblem::LastActiveSku => td_string!(locale, catalog_admin.last_active_sku),
    };
    AppError::BadRequest(message.to_string())
}
