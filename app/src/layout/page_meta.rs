use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::settings::api::use_store_settings;

/// The title and description of a page, completed with the store's name.
///
#[component]
pub fn PageMeta(
    /// What this page is, e.g. the product's title.
    #[prop(into)]
    title: Signal<String>,
    /// One or two sentences for search results and link previews.
    #[prop(into)]
    description: Signal<String>,
) -> impl IntoView {
    let store = use_store_settings().name;
    let full_title = Signal::derive(move || format!("{} | {store}", title.get()));
    view! {
        <Title text=full_title/>
        <Meta name="description" content=description/>
        <Meta property="og:title" content=full_title/>
        <Meta property="og:description" content=description/>
    }
}
