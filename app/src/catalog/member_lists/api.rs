//! Favourites and recently viewed, for the logged-in member only.

use leptos::prelude::*;

use crate::catalog::model::ProductCard;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::FAVOURITES_SHOWN, super::repo::MemberListsRepo, crate::auth::request::require_member,
    crate::auth::request::viewer, crate::catalog::repo::CatalogRepo,
    crate::navigation::redirect_plain_form_back, crate::state::AppState,
};

/// Makes the product a favourite of the member (`on`) or not; answers
/// whether it is one now.
#[server(prefix = "/api", endpoint = "favourites/set")]
pub async fn set_favourite(product_id: i64, on: bool) -> Result<bool, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    if on
        && CatalogRepo(&state.db)
            .cards_by_ids(&[product_id])
            .await?
            .is_empty()
    {
        // Only a listed product can become a favourite.
        return Err(AppError::NotFound);
    }
    let now = MemberListsRepo(&state.db)
        .set_favourite(member.id, product_id, on)
        .await?;
    redirect_plain_form_back();
    Ok(now)
}

/// Whether the product is one of the viewer's favourites; false for guests.
#[server(prefix = "/api", endpoint = "favourites/has", input = server_fn::codec::GetUrl)]
pub async fn is_favourite(product_id: i64) -> Result<bool, AppError> {
    let Some(member) = viewer().member else {
        return Ok(false);
    };
    let state = AppState::from_context()?;
    Ok(MemberListsRepo(&state.db)
        .is_favourite(member.id, product_id)
        .await?)
}

#[server(prefix = "/api", endpoint = "favourites", input = server_fn::codec::GetUrl)]
pub async fn get_favourites() -> Result<Vec<ProductCard>, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let ids = MemberListsRepo(&state.db)
        .favourite_ids(member.id, FAVOURITES_SHOWN)
        .await?;
    Ok(CatalogRepo(&state.db).cards_by_ids(&ids).await?)
}

/// What the viewer looked at last; empty for guests.
#[server(prefix = "/api", endpoint = "recently-viewed", input = server_fn::codec::GetUrl)]
pub async fn get_recently_viewed() -> Result<Vec<ProductCard>, AppError> {
    let Some(member) = viewer().member else {
        return Ok(Vec::new());
    };
    let state = AppState::from_context()?;
    let ids = MemberListsRepo(&state.db).recent_ids(member.id).await?;
    Ok(CatalogRepo(&state.db).cards_by_ids(&ids).await?)
}

/// Notes that the viewer, when a member, looked at the product. It runs
/// after the answer is sent: a product page never waits for this write.
#[cfg(feature = "ssr")]
pub fn note_view(state: &AppState, product_id: i64) {
    let Some(member) = viewer().member else {
        return;
    };
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(err) = MemberListsRepo(&db)
            .record_view(member.id, product_id)
            .await
        {
            tracing::warn!(error = %err, "cannot record a product view");
        }
    });
}
