use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_location;

use super::card::ProductGrid;
use super::category::ListingSkeleton;
use super::facets::ListingBody;
use super::use_chinese;
use crate::catalog::api::parse_listing_query;
use crate::catalog::model::{CategoryLink, ListingQuery};
use crate::i18n::{t, t_string, use_i18n};
use crate::search::api::get_search_page;
use crate::search::model::SearchPage as PageData;
use crate::ui::{Canonical, PageMeta};

const PATH: &str = "/search";

/// `/search?q=…`: the products matching the words, best first, narrowed by
/// the same filters as a category page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let page = Resource::new(move || location.search.get(), get_search_page);
    view! {
        <Transition fallback=ListingSkeleton>
            {move || Suspend::new(async move {
                page.await.map(|data| view! { <SearchView data/> })
            })}
        </Transition>
    }
}

#[component]
fn SearchView(data: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = parse_listing_query(&location.search.get_untracked());
    let words = query.text.clone();
    let title = {
        let words = words.clone();
        move || {
            if words.is_empty() {
                t_string!(i18n, search.title).to_string()
            } else {
                t_string!(i18n, search.title_for, words = words.clone()).to_string()
            }
        }
    };
    let description = move || t_string!(i18n, search.description).to_string();
    let canonical = ListingQuery {
        text: words.clone(),
        ..ListingQuery::default()
    }
    .href(PATH);
    let listing = data.listing;
    let path = PATH.to_owned();

    view! {
        <PageMeta title=title.clone() description/>
        // Result pages are endless variations: crawlers should follow, not index, them.
        <Meta name="robots" content="noindex, follow"/>
        <Canonical path=canonical/>
        <div class="mx-auto max-w-7xl px-4 py-6">
            <h1 class="mb-1 text-2xl font-bold" data-testid="search-title">{title}</h1>
            {(listing.total > 0).then(|| view! {
                <p class="mb-4 text-sm text-gray-500" data-testid="result-count">
                    {t!(i18n, catalog.results, count = listing.total)}
                </p>
            })}
            {data.loose.then(|| {
                let words = words.clone();
                view! {
                    <p class="mb-4 rounded-lg bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="loose-match">
                        {t!(i18n, search.loose, words = words)}
                    </p>
                }
            })}
            {if listing.total == 0 && !query.has_filters() {
                view! { <NothingFound words categories=data.categories popular=data.popular/> }.into_any()
            } else {
                view! { <ListingBody listing query path/> }.into_any()
            }}
        </div>
    }
}

/// What a search that found nothing offers instead: advice, categories to
/// browse and the best sellers.
#[component]
fn NothingFound(
    words: String,
    categories: Vec<CategoryLink>,
    popular: Vec<crate::catalog::model::ProductCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    view! {
        <section class="rounded-xl bg-white p-6" data-testid="no-results">
            {(!words.is_empty()).then(|| {
                let words = words.clone();
                view! { <p class="text-lg font-medium">{t!(i18n, search.nothing_for, words = words)}</p> }
            })}
            <p class="mt-1 text-sm text-gray-600">{t!(i18n, search.advice)}</p>
            {(!categories.is_empty()).then(|| view! {
                <ul class="mt-4 flex flex-wrap gap-2" data-testid="suggested-categories">
                    {categories.into_iter().map(|link| {
                        let href = link.href();
                        view! {
                            <li>
                                <a href=href class="inline-block rounded-full border border-gray-300 px-3 py-1 text-sm hover:border-rose-500 hover:text-rose-700">
                                    {move || link.name(chinese.get()).to_owned()}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
        {(!popular.is_empty()).then(|| view! {
            <section class="mt-8" data-testid="popular">
                <h2 class="mb-3 text-lg font-semibold">{t!(i18n, search.popular)}</h2>
                <ProductGrid products=popular/>
            </section>
        })}
    }
}
