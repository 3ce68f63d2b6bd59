//! The catalog's back-office server functions, under `/api/admin/catalog/…`.
//! Each checks the `catalog` permission on the server before anything else.

use leptos::prelude::*;

use super::model::{AdminProduct, AdminProductPage, SkuRowInput};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::{RowProblem, SkuProblem, validate_skus},
    super::repo::{AdminCatalogRepo, SkuEdit, SkuWriteError},
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::request::{client_ip, require_staff},
    crate::auth::viewer::StaffIdentity,
    crate::catalog::model::format_price,
    crate::catalog::status::ProductStatus,
    crate::catalog::write::CatalogWriter,
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::staff::model::Permission,
    crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "admin/catalog/products", input = server_fn::codec::GetUrl)]
pub async fn find_admin_products(
    text: String,
    status: String,
    page: u32,
) -> Result<AdminProductPage, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let status = ProductStatus::parse(&status);
    Ok(AdminCatalogRepo(&state.db)
        .products(&text, status, u64::from(page))
        .await?)
}

#[server(prefix = "/api", endpoint = "admin/catalog/product", input = server_fn::codec::GetUrl)]
pub async fn get_admin_product(id: i64) -> Result<AdminProduct, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    AdminCatalogRepo(&state.db)
        .product(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Saves the SKU grid: every row is checked first, and nothing is written
/// unless all of them are valid.
#[server(prefix = "/api", endpoint = "admin/catalog/skus")]
pub async fn save_skus(product_id: i64, skus: Vec<SkuRowInput>) -> Result<u32, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let changes = validate_skus(&skus)
        .map_err(|problems| AppError::BadRequest(problems_message(locale, &problems)))?;

    let tx = crate::db::begin_write(&state.db).await?;
    let edits = match AdminCatalogRepo(&tx)
        .apply_sku_changes(product_id, &changes)
        .await
    {
        Ok(edits) => edits,
        Err(SkuWriteError::Foreign(_)) => return Err(AppError::NotFound),
        Err(SkuWriteError::Database(err)) => return Err(err.into()),
    };
    if !edits.is_empty() {
        AuditRepo(&tx)
            .record(audit(
                &me,
                "product.skus",
                product_id,
                edits_summary(&edits),
            ))
            .await?;
    }
    tx.commit().await?;
    if !edits.is_empty() {
        state.catalog.invalidate();
    }
    redirect_plain_form(&format!("/admin/products/{product_id}"));
    Ok(u32::try_from(edits.len()).unwrap_or(u32::MAX))
}

#[server(prefix = "/api", endpoint = "admin/catalog/status")]
pub async fn set_product_status(id: i64, status: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let status = ProductStatus::parse(&status)
        .ok_or_else(|| AppError::BadRequest(format!("unknown status `{status}`")))?;
    let tx = crate::db::begin_write(&state.db).await?;
    let product = AdminCatalogRepo(&tx)
        .product(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if product.status != status {
        CatalogWriter(&tx).set_status(id, status).await?;
        let summary = format!(
            "{}: {} → {}",
            product.title,
            product.status.as_str(),
            status.as_str()
        );
        AuditRepo(&tx)
            .record(audit(&me, "product.status", id, summary))
            .await?;
    }
    tx.commit().await?;
    state.catalog.invalidate();
    // Shoppers' searches follow at once, not at the next periodic sync.
    let taxonomy = state.catalog.taxonomy().await?;
    state.search.sync(&state.db, &taxonomy).await?;
    redirect_plain_form(&format!("/admin/products/{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
fn audit(
    me: &StaffIdentity,
    action: &'static str,
    id: i64,
    summary: String,
) -> AuditEntry<'static> {
    AuditEntry {
        staff_id: Some(me.id),
        action,
        entity: "product",
        entity_id: id.to_string(),
        summary,
        ip: client_ip().map(|ip| ip.to_string()),
    }
}

/// `D0001-00 price ¥199.00 → ¥189.00, stock 5 → 8; …`
#[cfg(feature = "ssr")]
fn edits_summary(edits: &[SkuEdit]) -> String {
    let money = |m: Option<i64>| m.map_or_else(|| "—".to_owned(), format_price);
    edits
        .iter()
        .map(|e| {
            let mut parts = Vec::new();
            if e.before.0 != e.after.0 {
                parts.push(format!(
                    "price {} → {}",
                    format_price(e.before.0),
                    format_price(e.after.0)
                ));
            }
            if e.before.1 != e.after.1 {
                parts.push(format!(
                    "original {} → {}",
                    money(e.before.1),
                    money(e.after.1)
                ));
            }
            if e.before.2 != e.after.2 {
                parts.push(format!("stock {} → {}", e.before.2, e.after.2));
            }
            format!("{} {}", e.code, parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(feature = "ssr")]
fn problems_message(locale: Locale, problems: &[RowProblem]) -> String {
    problems
        .iter()
        .map(|p| {
            let row = p.row;
            match p.problem {
                SkuProblem::Price => td_string!(locale, admin.sku_bad_price, row).to_string(),
                SkuProblem::OriginalPrice => {
                    td_string!(locale, admin.sku_bad_original, row).to_string()
                }
                SkuProblem::OriginalBelowPrice => {
                    td_string!(locale, admin.sku_original_below, row).to_string()
                }
                SkuProblem::Stock => td_string!(locale, admin.sku_bad_stock, row).to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
