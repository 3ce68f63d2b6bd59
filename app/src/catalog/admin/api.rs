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
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::auth::viewer::StaffIdentity,
    crate::catalog::status::ProductStatus,
    crate::catalog::write::CatalogWriter,
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::money::format_price,
    crate::navigation::redirect_plain_form,
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

/// Imports SKU prices and stock from CSV text (an edited export). Every
/// row is checked, against the shop's SKU codes too, before anything is
/// written; then all rows are written in one transaction.
#[server(prefix = "/api", endpoint = "admin/catalog/import")]
pub async fn import_skus(csv: String) -> Result<u32, AppError> {
    use std::collections::HashMap;

    use super::csv::{duplicate_codes, read_import};
    use super::model::SkuChange;

    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let lines = read_import(&csv)
        .map_err(|problem| AppError::BadRequest(file_problem_message(locale, problem)))?;
    let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    let known = AdminCatalogRepo(&state.db).skus_by_code(&codes).await?;

    let mut problems = duplicate_codes(&lines);
    let mut by_product: HashMap<i64, Vec<SkuChange>> = HashMap::new();
    for line in &lines {
        let Some(&(id, product)) = known.get(&line.code) else {
            problems.push(RowProblem {
                row: line.line,
                problem: SkuProblem::UnknownCode,
            });
            continue;
        };
        match validate_skus(std::slice::from_ref(&line.input)) {
            Ok(changes) => by_product
                .entry(product)
                .or_default()
                .extend(changes.into_iter().map(|c| SkuChange { id, ..c })),
            Err(found) => problems.extend(found.into_iter().map(|p| RowProblem {
                row: line.line,
                ..p
            })),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(AppError::BadRequest(problems_message(locale, &problems)));
    }

    let tx = crate::db::begin_write(&state.db).await?;
    let mut edits = Vec::new();
    let mut products: Vec<i64> = by_product.keys().copied().collect();
    products.sort_unstable();
    for product in products {
        let changes = &by_product[&product];
        match AdminCatalogRepo(&tx)
            .apply_sku_changes(product, changes)
            .await
        {
            Ok(done) => edits.extend(done),
            // The codes were just looked up: only a concurrent delete gets here.
            Err(SkuWriteError::Foreign(_)) => return Err(AppError::NotFound),
            Err(SkuWriteError::Database(err)) => return Err(err.into()),
        }
    }
    if !edits.is_empty() {
        let summary = format!(
            "{} SKU(s) from a CSV file of {} row(s): {}",
            edits.len(),
            lines.len(),
            edits_summary(&edits[..edits.len().min(AUDITED_EDITS)])
        );
        AuditRepo(&tx)
            .record(AuditEntry {
                entity: "catalog",
                entity_id: "import".into(),
                ..audit(&me, "product.import", 0, summary)
            })
            .await?;
    }
    tx.commit().await?;
    if !edits.is_empty() {
        state.catalog.invalidate();
    }
    redirect_plain_form("/admin/products/import");
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

/// Changes spelled out in an import's audit entry; the count covers the rest.
#[cfg(feature = "ssr")]
const AUDITED_EDITS: usize = 50;

/// Problems listed in one answer: the first ones are enough to start fixing.
#[cfg(feature = "ssr")]
const SHOWN_PROBLEMS: usize = 20;

#[cfg(feature = "ssr")]
fn file_problem_message(locale: Locale, problem: super::csv::FileProblem) -> String {
    use super::csv::{FileProblem, MAX_IMPORT_LINES};
    match problem {
        FileProblem::Unreadable { line } => {
            td_string!(locale, admin.csv_unreadable, row = line).to_string()
        }
        FileProblem::MissingColumn(column) => {
            td_string!(locale, admin.csv_missing_column, column).to_string()
        }
        FileProblem::TooLong => {
            td_string!(locale, admin.csv_too_long, max = MAX_IMPORT_LINES).to_string()
        }
        FileProblem::Empty => td_string!(locale, admin.csv_empty).to_string(),
    }
}

#[cfg(feature = "ssr")]
pub(super) fn audit(
    me: &StaffIdentity,
    action: &'static str,
    id: i64,
    summary: String,
) -> AuditEntry<'static> {
    AuditEntry::by_staff(me, action, "product", id, summary)
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
    let mut message = problems
        .iter()
        .take(SHOWN_PROBLEMS)
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
                SkuProblem::UnknownCode => {
                    td_string!(locale, admin.sku_unknown_code, row).to_string()
                }
                SkuProblem::DuplicateCode => {
                    td_string!(locale, admin.sku_duplicate_code, row).to_string()
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if problems.len() > SHOWN_PROBLEMS {
        message.push(' ');
        message.push_str(
            &td_string!(
                locale,
                admin.more_problems,
                count = problems.len() - SHOWN_PROBLEMS
            )
            .to_string(),
        );
    }
    message
}
