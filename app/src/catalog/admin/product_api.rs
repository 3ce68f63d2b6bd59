//! Creating products and editing their texts (`/api/admin/catalog/product/…`,
//! permission `catalog`). A new product starts as a draft with one SKU per
//! combination of its spec values; staff then set each SKU's price and
//! stock in the grid, add pictures, and list it.

use leptos::prelude::*;

use super::product_input::ProductForm;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::api::audit,
    super::product_input::{
        ProductDetails, ProductProblem, check_details, check_structure, combinations, sku_code,
    },
    super::repo::AdminCatalogRepo,
    crate::audit::repo::AuditRepo,
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::catalog::status::ProductStatus,
    crate::catalog::taxonomy::Taxonomy,
    crate::catalog::write::{CatalogWriter, NewProduct, NewSku, ProductTexts},
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
    sea_orm::SqlErr,
};

#[server(prefix = "/api", endpoint = "admin/catalog/product/create")]
pub async fn create_product(
    form: ProductForm,
    specs: String,
    price: String,
    stock: String,
) -> Result<i64, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let taxonomy = state.catalog.taxonomy().await?;
    let checked = (
        checked_details(&form, &taxonomy),
        check_structure(&specs, &price, &stock),
    );
    let (details, structure) = match checked {
        (Ok(details), Ok(structure)) => (details, structure),
        (details, structure) => {
            let mut problems = details.err().unwrap_or_default();
            problems.extend(structure.err().unwrap_or_default());
            return Err(refused(locale, &problems));
        }
    };
    let slug = details
        .slug
        .clone()
        .unwrap_or_else(|| format!("item-{}", chrono::Utc::now().timestamp_millis()));
    let skus: Vec<NewSku> = combinations(&structure.specs)
        .into_iter()
        .enumerate()
        .map(|(at, values)| NewSku {
            code: sku_code(&slug, at),
            values,
            price: structure.price,
            original_price: None,
            stock: structure.stock,
            weight_grams: 0,
        })
        .collect();

    let tx = crate::db::begin_write(&state.db).await?;
    let repo = AdminCatalogRepo(&tx);
    if repo.slug_owner(&slug).await?.is_some() {
        return Err(refused(locale, &[ProductProblem::SlugTaken]));
    }
    let codes: Vec<&str> = skus.iter().map(|s| s.code.as_str()).collect();
    if !repo.skus_by_code(&codes).await?.is_empty() {
        return Err(refused(locale, &[ProductProblem::SkuCodeTaken]));
    }
    let sku_count = skus.len();
    let summary = format!("{} (/p/{slug}), {sku_count} SKU(s), draft", details.title);
    let created = CatalogWriter(&tx)
        .create_product(NewProduct {
            slug,
            category_id: details.category_id,
            brand_id: details.brand_id,
            title: details.title,
            subtitle: details.subtitle,
            description: details.description,
            status: ProductStatus::Draft,
            sales_count: 0,
            images: Vec::new(),
            attributes: details.attributes,
            specs: structure.specs,
            skus,
            listed_at: None,
        })
        .await;
    let id = match created {
        Ok(id) => id,
        // Another tab took the slug between the check and the insert.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(refused(locale, &[ProductProblem::SlugTaken]));
        }
        Err(err) => return Err(err.into()),
    };
    AuditRepo(&tx)
        .record(audit(&me, "product.create", id, summary))
        .await?;
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/products/{id}"));
    Ok(id)
}

/// Changes a product's texts, category, brand and attributes.
#[server(prefix = "/api", endpoint = "admin/catalog/product/texts")]
pub async fn update_product_texts(id: i64, form: ProductForm) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let taxonomy = state.catalog.taxonomy().await?;
    let details = checked_details(&form, &taxonomy).map_err(|p| refused(locale, &p))?;

    let tx = crate::db::begin_write(&state.db).await?;
    let repo = AdminCatalogRepo(&tx);
    let before = repo.product(id).await?.ok_or(AppError::NotFound)?;
    // A Chinese title gives no slug of its own: the product keeps its URL.
    let slug = details.slug.clone().unwrap_or_else(|| before.slug.clone());
    if repo
        .slug_owner(&slug)
        .await?
        .is_some_and(|owner| owner != id)
    {
        return Err(refused(locale, &[ProductProblem::SlugTaken]));
    }
    let summary = texts_summary(&before, &details, &slug);
    let written = CatalogWriter(&tx)
        .update_texts(
            id,
            ProductTexts {
                slug,
                title: details.title,
                subtitle: details.subtitle,
                description: details.description,
                category_id: details.category_id,
                brand_id: details.brand_id,
                attributes: details.attributes,
            },
        )
        .await;
    match written {
        Ok(()) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(refused(locale, &[ProductProblem::SlugTaken]));
        }
        Err(err) => return Err(err.into()),
    }
    AuditRepo(&tx)
        .record(audit(&me, "product.texts", id, summary))
        .await?;
    tx.commit().await?;
    state.catalog.invalidate();
    // Searches find the new title at once, not at the next periodic sync.
    let taxonomy = state.catalog.taxonomy().await?;
    state.search.sync(&state.db, &taxonomy).await?;
    redirect_plain_form(&format!("/admin/products/{id}"));
    Ok(())
}

/// The form's texts checked, with a category and brand the shop has.
#[cfg(feature = "ssr")]
fn checked_details(
    form: &ProductForm,
    taxonomy: &Taxonomy,
) -> Result<ProductDetails, Vec<ProductProblem>> {
    let details = check_details(form)?;
    let mut problems = Vec::new();
    if taxonomy.category(details.category_id).is_none() {
        problems.push(ProductProblem::Category);
    }
    if details
        .brand_id
        .is_some_and(|brand| taxonomy.brand(brand).is_none())
    {
        problems.push(ProductProblem::Brand);
    }
    if problems.is_empty() {
        Ok(details)
    } else {
        Err(problems)
    }
}

/// `title A → B; description changed; …` for the audit log.
#[cfg(feature = "ssr")]
fn texts_summary(
    before: &super::model::AdminProduct,
    after: &ProductDetails,
    slug: &str,
) -> String {
    let mut changes = Vec::new();
    if before.title != after.title {
        changes.push(format!("title {} → {}", before.title, after.title));
    }
    if before.slug != slug {
        changes.push(format!("slug {} → {slug}", before.slug));
    }
    if before.subtitle != after.subtitle {
        changes.push("subtitle changed".to_owned());
    }
    if before.description != after.description {
        changes.push("description changed".to_owned());
    }
    if before.category_id != after.category_id {
        changes.push(format!(
            "category {} → {}",
            before.category_id, after.category_id
        ));
    }
    if before.brand_id != after.brand_id {
        changes.push(format!(
            "brand {:?} → {:?}",
            before.brand_id, after.brand_id
        ));
    }
    if before.attributes != after.attributes {
        changes.push("attributes changed".to_owned());
    }
    if changes.is_empty() {
        "no change".to_owned()
    } else {
        changes.join("; ")
    }
}

#[cfg(feature = "ssr")]
fn refused(locale: Locale, problems: &[ProductProblem]) -> AppError {
    let message = problems
        .iter()
        .map(|&problem| match problem {
            ProductProblem::Title => td_string!(locale, catalog_admin.bad_title).to_string(),
            ProductProblem::Subtitle => td_string!(locale, catalog_admin.bad_subtitle).to_string(),
            ProductProblem::Slug => td_string!(locale, catalog_admin.bad_slug).to_string(),
            ProductProblem::SlugTaken => td_string!(locale, catalog_admin.slug_taken).to_string(),
            ProductProblem::Category => td_string!(locale, catalog_admin.bad_category).to_string(),
            ProductProblem::Brand => td_string!(locale, catalog_admin.bad_brand).to_string(),
            ProductProblem::Description => {
                td_string!(locale, catalog_admin.bad_description).to_string()
            }
            ProductProblem::Attribute(line) => {
                td_string!(locale, catalog_admin.bad_attribute, line).to_string()
            }
            ProductProblem::TooManyAttributes => {
                td_string!(locale, catalog_admin.too_many_attributes).to_string()
            }
            ProductProblem::Spec(line) => {
                td_string!(locale, catalog_admin.bad_spec, line).to_string()
            }
            ProductProblem::TooManySpecs => {
                td_string!(locale, catalog_admin.too_many_specs).to_string()
            }
            ProductProblem::TooManySkus => {
                td_string!(locale, catalog_admin.too_many_skus).to_string()
            }
            ProductProblem::Price => td_string!(locale, catalog_admin.bad_start_price).to_string(),
            ProductProblem::Stock => td_string!(locale, catalog_admin.bad_start_stock).to_string(),
            ProductProblem::SkuCodeTaken => {
                td_string!(locale, catalog_admin.sku_code_taken).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    AppError::BadRequest(message)
}
