use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

use super::facets::ListingBody;
use super::use_chinese;
use crate::catalog::api::{CategoryPage as PageData, get_category_page, parse_listing_query};
use crate::catalog::model::{CategoryLink, ListingQuery};
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::{Canonical, PageMeta};

/// `/c/{slug}`: a category's products, narrowed by the filters in the URL.
/// Filters are links, so the page works without JavaScript; with it, the
/// router swaps the results in place.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    let page = Resource::new(
        move || (slug(), location.search.get()),
        |(slug, query)| get_category_page(slug, query),
    );

    view! {
        <Transition fallback=ListingSkeleton>
            {move || Suspend::new(async move {
                page.await.map(|data| view! { <CategoryView data/> })
            })}
        </Transition>
    }
}

#[component]
fn CategoryView(data: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    let location = use_location();
    let query = parse_listing_query(&location.search.get_untracked());
    let category = data.category;
    let path = category.href();
    let title = {
        let category = category.clone();
        move || category.name(chinese.get()).to_owned()
    };
    let description = {
        let title = title.clone();
        move || t_string!(i18n, catalog.category_description, name = title()).to_string()
    };
    // Filtered views point search engines at the unfiltered page.
    let canonical = ListingQuery {
        page: query.page,
        ..ListingQuery::default()
    }
    .href(&path);
    let listing = data.listing;

    view! {
        <PageMeta title=title.clone() description/>
        <Canonical path=canonical/>
        <div class="mx-auto max-w-7xl px-4 py-6">
            <Breadcrumbs trail=data.breadcrumbs/>
            <h1 class="mb-1 text-2xl font-bold" data-testid="category-title">{title}</h1>
            <p class="mb-4 text-sm text-gray-500" data-testid="result-count">
                {t!(i18n, catalog.results, count = listing.total)}
            </p>
            {(!data.children.is_empty()).then(|| view! { <SubCategories children=data.children/> })}
            <ListingBody listing query path/>
        </div>
    }
}

#[component]
pub fn Breadcrumbs(trail: Vec<CategoryLink>) -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    let last = trail.len().saturating_sub(1);
    view! {
        <nav aria-label=move || t_string!(i18n, catalog.breadcrumbs) class="mb-3 text-sm text-gray-500">
            <ol class="flex flex-wrap items-center gap-1">
                <li><a href="/" class="hover:text-rose-700">{t!(i18n, catalog.home)}</a></li>
                {trail.into_iter().enumerate().map(|(at, link)| {
                    let href = link.href();
                    let name = move || link.name(chinese.get()).to_owned();
                    view! {
                        <li aria-hidden="true">"/"</li>
                        <li>
                            {if at == last {
                                view! { <span aria-current="page" class="text-gray-800">{name}</span> }.into_any()
                            } else {
                                view! { <a href=href class="hover:text-rose-700">{name}</a> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn SubCategories(children: Vec<CategoryLink>) -> impl IntoView {
    let chinese = use_chinese();
    view! {
        <ul class="mb-4 flex flex-wrap gap-2">
            {children.into_iter().map(|link| {
                let href = link.href();
                view! {
                    <li>
                        <a href=href class="inline-block rounded-full border border-gray-300 bg-white px-3 py-1 text-sm hover:border-rose-500 hover:text-rose-700">
                            {move || link.name(chinese.get()).to_owned()}
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ListingSkeleton() -> impl IntoView {
    view! {
        <div class="mx-auto max-w-7xl animate-pulse px-4 py-6" aria-busy="true">
            <div class="mb-4 h-8 w-48 rounded bg-gray-200"></div>
            <div class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5">
                {(0..10).map(|_| view! { <div class="aspect-[3/4] rounded-xl bg-gray-200"></div> }).collect_view()}
            </div>
        </div>
    }
}
