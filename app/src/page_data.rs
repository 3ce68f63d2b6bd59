//! What the server hands the browser with every page, in one piece: the
//! store's settings and who is looking. Read from memory on the server,
//! written once into the page, read back by hydration, so no component
//! has to wait for a request to show the store name or the account link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::viewer::{Viewer, ViewerSignal};
use crate::settings::StoreSettings;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct PageData {
    settings: StoreSettings,
    viewer: Viewer,
}

/// Provides the settings and the viewer to every component of the page.
pub fn provide_page_data() {
    let data = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            PageData {
                settings: crate::state::AppState::from_context()
                    .map(|state| state.settings.current())
                    .unwrap_or_default(),
                viewer: crate::auth::request::viewer(),
            }
        }
        // Only reached if the server sent nothing, which it always does.
        #[cfg(not(feature = "ssr"))]
        {
            PageData::default()
        }
    })
    .into_inner();
    provide_context(data.settings);
    provide_context(ViewerSignal(RwSignal::new(data.viewer)));
}
