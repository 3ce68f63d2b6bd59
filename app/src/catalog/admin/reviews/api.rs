//! Review moderation (`/api/admin/catalog/reviews…`, permission `catalog`).

use leptos::prelude::*;

use super::model::AdminReviewPage;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::Visibility,
    super::repo::ReviewModerationRepo,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::navigation::redirect_plain_form_back,
    crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "admin/catalog/reviews", input = server_fn::codec::GetUrl)]
pub async fn find_admin_reviews(
    visibility: String,
    page: u32,
) -> Result<AdminReviewPage, AppError> {
    require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    Ok(ReviewModerationRepo(&state.db)
        .reviews(Visibility::parse(&visibility), u64::from(page))
        .await?)
}

/// Hides a review from shoppers (and from the product's rating), or shows
/// it again. Asking for what already is changes nothing and logs nothing.
#[server(prefix = "/api", endpoint = "admin/catalog/review/hide")]
pub async fn set_review_hidden(id: i64, hidden: bool) -> Result<bool, AppError> {
    let me = require_staff(Permission::Catalog)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let changed = ReviewModerationRepo(&tx).set_hidden(id, hidden).await?;
    if let Some(review) = &changed {
        let excerpt: String = review.body.chars().take(60).collect();
        AuditRepo(&tx)
            .record(AuditEntry::by_staff(
                &me,
                if hidden { "review.hide" } else { "review.show" },
                "review",
                id,
                format!(
                    "product {}, {}★ by {}: {excerpt}",
                    review.product_id, review.rating, review.author_name
                ),
            ))
            .await?;
    }
    tx.commit().await?;
    if changed.is_some() {
        state.catalog.invalidate();
    }
    redirect_plain_form_back();
    Ok(changed.is_some())
}
