//! What a page tells browsers, search engines and link previews about
//! itself: title, description, canonical URL.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

use crate::settings::api::use_store_settings;

/// The shop's public URL, without a trailing slash (provided with every
/// page by `shell::page_data`).
#[derive(Debug, Clone, Default)]
pub struct BaseUrl(pub String);

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
    let full_title = {
        let store = store.clone();
        Signal::derive(move || format!("{} | {store}", title.get()))
    };
    // leptos_meta keeps each page's title text in a stack that an effect of
    // the whole app reads, and a page's entry can outlive the page: after
    // in-app navigation (filter a category, then open a product) the effect
    // read a title whose page was gone, panicked, and left the app dead.
    // So the text reads the page's values only while they exist.
    let title_text = move || match title.try_get() {
        Some(title) => format!("{title} | {store}"),
        None => store.clone(),
    };
    view! {
        <Title text=title_text/>
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
