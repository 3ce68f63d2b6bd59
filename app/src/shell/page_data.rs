//! What the server hands the browser with every page, in one piece: the
//! store's settings, who is looking and what their cart holds. Read from memory on the server,
//! written once into the page, read back by hydration, so no component
//! has to wait for a request to show the store name or the account link.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::viewer::{Viewer, ViewerSignal};
use crate::cart::CartCount;
#[cfg(feature = "ssr")]
use crate::cart::CartUnits;
use crate::catalog::model::CategoryNode;
use crate::settings::StoreSettings;
use crate::ui::BaseUrl;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct PageData {
    settings: StoreSettings,
    viewer: Viewer,
    /// The public URL of the shop, for canonical links.
    base_url: String,
    /// The top two levels of categories, for the header menu.
    menu: Vec<CategoryNode>,
    /// Units in the viewer's cart, for the header's badge.
    cart_units: i64,
}

/// The categories the header menu lists.
#[derive(Debug, Clone, Default)]
pub struct CategoryMenu(pub Vec<CategoryNode>);

/// Provides the settings and the viewer to every component of the page.
pub fn provide_page_data() {
    let data = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            // No state (and no request) when the server lists its routes
            // at start by rendering the app once: defaults are right then.
            let state = use_context::<crate::state::AppState>();
            PageData {
                settings: state
                    .as_ref()
                    .map(|state| state.settings.current())
                    .unwrap_or_default(),
                viewer: crate::auth::request::viewer(),
                base_url: state
                    .as_ref()
                    .map(|state| state.site.base_url.clone())
                    .unwrap_or_default(),
                menu: state
                    .map(|state| menu(state.catalog.taxonomy_now().tree()))
                    .unwrap_or_default(),
                cart_units: use_context::<http::request::Parts>()
                    .and_then(|parts| parts.extensions.get::<CartUnits>().copied())
                    .unwrap_or_default()
                    .0,
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
    provide_context(BaseUrl(data.base_url));
    provide_context(CategoryMenu(data.menu));
    provide_context(ViewerSignal(RwSignal::new(data.viewer)));
    provide_context(CartCount(RwSignal::new(data.cart_units)));
}

/// The tree cut to two levels: the third is reached from the category pages.
#[cfg(feature = "ssr")]
fn menu(mut tree: Vec<CategoryNode>) -> Vec<CategoryNode> {
    for top in &mut tree {
        for sub in &mut top.children {
            sub.children.clear();
        }
    }
    tree
}
