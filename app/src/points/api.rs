//! The member's points, under `/api/points/…`.

use leptos::prelude::*;

use super::model::PointsView;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::repo::PointsRepo, crate::auth::request::require_member, crate::state::AppState};

/// Entries the points page lists.
pub const HISTORY_LENGTH: u64 = 50;

#[server(prefix = "/api", endpoint = "points/mine", input = server_fn::codec::GetUrl)]
pub async fn get_points() -> Result<PointsView, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let repo = PointsRepo(&state.db);
    Ok(PointsView {
        balance: repo.balance(member.id).await?,
        entries: repo.history(member.id, Some(HISTORY_LENGTH)).await?,
    })
}
