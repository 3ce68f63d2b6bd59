use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::page_data::BaseUrl;

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

/// The page's one official URL, absolute, for search engines and link
/// previews: filtered and tracking variants of a page point here.
#[component]
pub fn Canonical(#[prop(into)] path: String) -> impl IntoView {
    let base = use_context::<BaseUrl>().unwrap_or_default().0;
    let url = format!("{base}{path}");
    view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:url" content=url/>
    }
}
