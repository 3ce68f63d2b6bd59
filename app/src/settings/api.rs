use leptos::prelude::*;

use super::model::StoreSettings;
use crate::error::AppError;

/// The shop's settings, for API clients. (Pages get them with the page
/// itself, see `page_data`.)
#[server(prefix = "/api", endpoint = "settings/store", input = server_fn::codec::GetUrl)]
pub async fn get_store_settings() -> Result<StoreSettings, AppError> {
    let state = crate::state::AppState::from_context()?;
    Ok(state.settings.current())
}

/// The settings the page was served with.
pub fn use_store_settings() -> StoreSettings {
    use_context().unwrap_or_default()
}
