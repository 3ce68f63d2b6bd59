//! The server functions that list, delete and reorder a product's
//! pictures (permission `catalog`), each change audited.

use leptos::prelude::*;

use super::model::AdminImage;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::Direction, super::repo::ProductImageRepo, crate::audit::repo::AuditRepo,
    crate::auth::permission::Permission, crate::auth::request::require_staff,
    crate::catalog::admin::api::audit, crate::catalog::entity::image, crate::i18n::td_string,
    crate::locale::request_locale, crate::navigation::redirect_plain_form, crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "admin/catalog/images/list", input = server_fn::codec::GetUrl)]
pub async fn list_product_images(product_id: i64) -> Result<Vec<AdminImage>, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    Ok(ProductImageRepo(&state.db).list(product_id).await?)
}

/// Removes the picture from the product. Its files stay on disk: pages
/// other app servers and browsers still hold may show it for a while, and
/// the audit entry names the file, so a mistake can be undone by hand.
#[server(prefix = "/api", endpoint = "admin/catalog/images/delete")]
pub async fn delete_product_image(id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let (removed, title) = locked_image(&tx, id).await?;
    ProductImageRepo(&tx).delete(&removed).await?;
    let summary = format!(
        "{title}: removed image {} {}{}",
        removed.position + 1,
        removed.path,
        alt_note(&removed.alt)
    );
    AuditRepo(&tx)
        .record(audit(
            &me,
            "product.image.delete",
            removed.product_id,
            summary,
        ))
        .await?;
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/products/{}", removed.product_id));
    Ok(())
}

/// Swaps the picture with the one before (`up`) or after (`down`) it.
#[server(prefix = "/api", endpoint = "admin/catalog/images/move")]
pub async fn move_product_image(id: i64, direction: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let direction = Direction::parse(&direction).ok_or_else(|| {
        AppError::BadRequest(td_string!(request_locale(), media.bad_direction).to_string())
    })?;
    let tx = crate::db::begin_write(&state.db).await?;
    let (moved, title) = locked_image(&tx, id).await?;
    if let Some(neighbour) = ProductImageRepo(&tx).swap(&moved, direction).await? {
        let summary = format!(
            "{title}: moved image {} to {}: {}",
            moved.position + 1,
            neighbour.position + 1,
            moved.path
        );
        AuditRepo(&tx)
            .record(audit(&me, "product.image.move", moved.product_id, summary))
            .await?;
        tx.commit().await?;
        state.catalog.invalidate();
    }
    redirect_plain_form(&format!("/admin/products/{}", moved.product_id));
    Ok(())
}

/// The picture and its product's title, with the product locked for the
/// rest of the transaction.
#[cfg(feature = "ssr")]
async fn locked_image(
    tx: &sea_orm::DatabaseTransaction,
    id: i64,
) -> Result<(image::Model, String), AppError> {
    let repo = ProductImageRepo(tx);
    let found = repo.find(id).await?.ok_or(AppError::NotFound)?;
    let title = crate::catalog::admin::repo::AdminCatalogRepo(tx)
        .lock_product(found.product_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Read again under the lock: another change may have moved it meanwhile.
    let found = repo.find(id).await?.ok_or(AppError::NotFound)?;
    Ok((found, title))
}

#[cfg(feature = "ssr")]
fn alt_note(alt: &str) -> String {
    if alt.is_empty() {
        String::new()
    } else {
        format!(" (“{alt}”)")
    }
}
