//! Server functions for editing categories and brands, under
//! `/api/admin/catalog/…`. Each checks the `catalog` permission first,
//! writes in one transaction with its audit entry, and refreshes the
//! shop's caches and search index before answering.

use leptos::prelude::*;

use super::model::AdminTaxonomy;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::{
        TaxonomyProblem, check_name, check_slug, descendant_depths, placement, reorder,
    },
    super::repo::{CategoryFields, TaxonomyRepo, TaxonomyWriteError},
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::i18n::{Locale, td_string},
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "admin/catalog/taxonomy", input = server_fn::codec::GetUrl)]
pub async fn get_admin_taxonomy() -> Result<AdminTaxonomy, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    Ok(TaxonomyRepo(&state.db).load().await?)
}

/// Creates a category (no `id`) or changes one: names, slug, the
/// "featured on the home page" flag, and its parent (`parent` empty for
/// the top level). A move takes the category's subtree along.
#[server(prefix = "/api", endpoint = "admin/catalog/category/save")]
pub async fn save_category(
    id: Option<i64>,
    parent: String,
    slug: String,
    name_zh: String,
    name_en: String,
    featured: Option<String>,
) -> Result<i64, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let refuse = |problem| AppError::BadRequest(problem_message(locale, problem));
    let fields = (
        check_slug(&slug),
        check_name(&name_zh),
        check_name(&name_en),
    );
    let (slug, name_zh, name_en) = match fields {
        (Ok(slug), Ok(zh), Ok(en)) => (slug, zh, en),
        (Err(problem), _, _) | (_, Err(problem), _) | (_, _, Err(problem)) => {
            return Err(refuse(problem));
        }
    };
    let parent = match parent.trim() {
        "" => None,
        id => Some(
            id.parse::<i64>()
                .map_err(|_| refuse(TaxonomyProblem::UnknownParent))?,
        ),
    };
    let fields = CategoryFields {
        slug: &slug,
        name_zh: &name_zh,
        name_en: &name_en,
        featured: featured.is_some(),
    };

    let tx = crate::db::begin_write(&state.db).await?;
    let repo = TaxonomyRepo(&tx);
    let nodes = repo.nodes().await?;
    let written = match id {
        None => {
            let depth = placement(&nodes, None, parent).map_err(refuse)?;
            let id = repo
                .create_category(parent, depth, &fields)
                .await
                .map_err(|err| write_error(locale, err))?;
            let summary = format!("{name_zh} / {name_en} (/c/{slug})");
            (
                id,
                AuditEntry::by_staff(&me, "category.create", "category", id, summary),
                false,
            )
        }
        Some(id) => {
            let before = repo.category(id).await?.ok_or(AppError::NotFound)?;
            let mut changes = Vec::new();
            if before.parent_id != parent {
                let depth = placement(&nodes, Some(id), parent).map_err(refuse)?;
                let descendants = descendant_depths(&nodes, id, depth);
                repo.move_category(id, parent, depth, &descendants).await?;
                changes.push(format!(
                    "parent {} → {}",
                    before.parent_id.map_or("—".into(), |p| p.to_string()),
                    parent.map_or("—".into(), |p| p.to_string())
                ));
            }
            repo.update_category(id, &fields)
                .await
                .map_err(|err| write_error(locale, err))?;
            let renamed =
                before.slug != slug || before.name_zh != name_zh || before.name_en != name_en;
            for (what, old, new) in [
                ("slug", &before.slug, &slug),
                ("zh", &before.name_zh, &name_zh),
                ("en", &before.name_en, &name_en),
            ] {
                if old != new {
                    changes.push(format!("{what} {old} → {new}"));
                }
            }
            if before.featured != fields.featured {
                changes.push(format!(
                    "featured {} → {}",
                    before.featured, fields.featured
                ));
            }
            if renamed {
                let mut subtree = vec![id];
                subtree.extend(
                    descendant_depths(&nodes, id, 1)
                        .into_iter()
                        .map(|(id, _)| id),
                );
                repo.touch_products_in(&subtree).await?;
            }
            let summary = if changes.is_empty() {
                "no change".to_owned()
            } else {
                changes.join("; ")
            };
            (
                id,
                AuditEntry::by_staff(&me, "category.update", "category", id, summary),
                renamed,
            )
        }
    };
    let (id, entry, reindex) = written;
    AuditRepo(&tx).record(entry).await?;
    tx.commit().await?;
    refresh(&state, reindex).await?;
    redirect_plain_form("/admin/categories");
    Ok(id)
}

/// Moves a category one place up or down among its siblings.
#[server(prefix = "/api", endpoint = "admin/catalog/category/reorder")]
pub async fn reorder_category(id: i64, direction: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        other => return Err(AppError::BadRequest(format!("unknown direction `{other}`"))),
    };
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = TaxonomyRepo(&tx);
    let category = repo.category(id).await?.ok_or(AppError::NotFound)?;
    let siblings = repo.siblings(category.parent_id).await?;
    // Already first (or last): nothing to do, and nothing to audit.
    if let Some(positions) = reorder(&siblings, id, up) {
        repo.set_positions(&positions).await?;
        let summary = format!("{} moved {direction}", category.name_en);
        AuditRepo(&tx)
            .record(AuditEntry::by_staff(
                &me,
                "category.reorder",
                "category",
                id,
                summary,
            ))
            .await?;
    }
    tx.commit().await?;
    refresh(&state, false).await?;
    redirect_plain_form("/admin/categories");
    Ok(())
}

/// Deletes an empty category; one with products or sub-categories stays.
#[server(prefix = "/api", endpoint = "admin/catalog/category/delete")]
pub async fn delete_category(id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = TaxonomyRepo(&tx);
    let category = repo.category(id).await?.ok_or(AppError::NotFound)?;
    if repo.category_in_use(id).await? {
        return Err(AppError::Conflict(problem_message(
            locale,
            TaxonomyProblem::NotEmpty,
        )));
    }
    repo.delete_category(id).await?;
    let summary = format!(
        "{} / {} (/c/{})",
        category.name_zh, category.name_en, category.slug
    );
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "category.delete",
            "category",
            id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    refresh(&state, false).await?;
    redirect_plain_form("/admin/categories");
    Ok(())
}

/// Creates a brand (no `id`) or renames one.
#[server(prefix = "/api", endpoint = "admin/catalog/brand/save")]
pub async fn save_brand(id: Option<i64>, slug: String, name: String) -> Result<i64, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let refuse = |problem| AppError::BadRequest(problem_message(locale, problem));
    let slug = check_slug(&slug).map_err(refuse)?;
    let name = check_name(&name).map_err(refuse)?;

    let tx = crate::db::begin_write(&state.db).await?;
    let repo = TaxonomyRepo(&tx);
    let (id, entry, reindex) = match id {
        None => {
            let id = repo
                .create_brand(&slug, &name)
                .await
                .map_err(|err| write_error(locale, err))?;
            let summary = format!("{name} ({slug})");
            (
                id,
                AuditEntry::by_staff(&me, "brand.create", "brand", id, summary),
                false,
            )
        }
        Some(id) => {
            let before = repo.brand(id).await?.ok_or(AppError::NotFound)?;
            repo.update_brand(id, &slug, &name)
                .await
                .map_err(|err| write_error(locale, err))?;
            let renamed = before.name != name;
            if renamed {
                repo.touch_products_of_brand(id).await?;
            }
            let summary = format!("{} ({}) → {name} ({slug})", before.name, before.slug);
            (
                id,
                AuditEntry::by_staff(&me, "brand.update", "brand", id, summary),
                renamed,
            )
        }
    };
    AuditRepo(&tx).record(entry).await?;
    tx.commit().await?;
    refresh(&state, reindex).await?;
    redirect_plain_form("/admin/brands");
    Ok(id)
}

/// Deletes a brand no product carries.
#[server(prefix = "/api", endpoint = "admin/catalog/brand/delete")]
pub async fn delete_brand(id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = TaxonomyRepo(&tx);
    let brand = repo.brand(id).await?.ok_or(AppError::NotFound)?;
    if repo.brand_in_use(id).await? {
        return Err(AppError::Conflict(problem_message(
            locale,
            TaxonomyProblem::NotEmpty,
        )));
    }
    repo.delete_brand(id).await?;
    let summary = format!("{} ({})", brand.name, brand.slug);
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "brand.delete",
            "brand",
            id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    refresh(&state, false).await?;
    redirect_plain_form("/admin/brands");
    Ok(())
}

/// Shoppers see the change on their next page; with `reindex`, searches
/// by the new name find the products at once too.
#[cfg(feature = "ssr")]
async fn refresh(state: &AppState, reindex: bool) -> Result<(), AppError> {
    state.catalog.invalidate();
    if reindex {
        let taxonomy = state.catalog.taxonomy().await?;
        state.search.sync(&state.db, &taxonomy).await?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn write_error(locale: Locale, err: TaxonomyWriteError) -> AppError {
    match err {
        TaxonomyWriteError::SlugTaken => {
            AppError::Conflict(problem_message(locale, TaxonomyProblem::SlugTaken))
        }
        TaxonomyWriteError::Database(err) => err.into(),
    }
}

#[cfg(feature = "ssr")]
fn problem_message(locale: Locale, problem: TaxonomyProblem) -> String {
    match problem {
        TaxonomyProblem::Slug => td_string!(locale, catalog_admin.bad_slug),
        TaxonomyProblem::SlugTaken => td_string!(locale, catalog_admin.slug_taken),
        TaxonomyProblem::Name => td_string!(locale, catalog_admin.bad_name),
        TaxonomyProblem::UnknownParent => td_string!(locale, catalog_admin.unknown_parent),
        TaxonomyProblem::TooDeep => td_string!(locale, catalog_admin.too_deep),
        TaxonomyProblem::Cycle => td_string!(locale, catalog_admin.cycle),
        TaxonomyProblem::NotEmpty => td_string!(locale, catalog_admin.not_empty),
    }
    .to_string()
}
