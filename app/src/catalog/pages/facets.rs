//! Filters, order and pages of a listing. Every control is a link or a GET
//! form carrying the whole query, so each state has its own URL.

use leptos::prelude::*;
use leptos_router::components::Form;

use super::card::ProductGrid;
use crate::catalog::model::{FacetValue, Facets, Listing, ListingQuery, Sort};
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn FacetPanel(facets: Facets, query: ListingQuery, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let brand_links = facets
        .brands
        .into_iter()
        .map(|value| {
            let href = query.toggle_brand(&value.value).href(&path);
            (value, href)
        })
        .collect::<Vec<_>>();
    let spec_groups = facets
        .specs
        .into_iter()
        .map(|facet| {
            let links = facet
                .values
                .into_iter()
                .map(|value| {
                    let href = query.toggle_spec(&facet.name, &value.value).href(&path);
                    (value, href)
                })
                .collect::<Vec<_>>();
            (facet.name, links)
        })
        .collect::<Vec<_>>();
    let stock_href = query.toggle_in_stock().href(&path);

    view! {
        <aside class="space-y-5 lg:w-60 lg:shrink-0" data-testid="facets" aria-label=move || t_string!(i18n, catalog.filters)>
            {query.has_filters().then(|| view! {
                <a href=query.cleared().href(&path) class="text-sm text-rose-700 underline" data-testid="clear-filters">
                    {t!(i18n, catalog.clear_filters)}
                </a>
            })}
            <FacetGroup title=t_string!(i18n, catalog.availability).to_string()>
                <FacetLink
                    value=FacetValue {
                        value: "1".into(),
                        label: t_string!(i18n, catalog.in_stock_only).to_string(),
                        count: facets.in_stock,
                        selected: query.in_stock,
                    }
                    href=stock_href
                    test_id="facet-stock"
                />
            </FacetGroup>
            <PriceFilter query=query.clone() path=path.clone()/>
            {(!brand_links.is_empty()).then(|| view! {
                <FacetGroup title=t_string!(i18n, catalog.brand).to_string()>
                    {brand_links.into_iter().map(|(value, href)| view! {
                        <FacetLink value href test_id="facet-brand"/>
                    }).collect_view()}
                </FacetGroup>
            })}
            {spec_groups.into_iter().map(|(name, links)| view! {
                <FacetGroup title=name>
                    {links.into_iter().map(|(value, href)| view! {
                        <FacetLink value href test_id="facet-spec"/>
                    }).collect_view()}
                </FacetGroup>
            }).collect_view()}
        </aside>
    }
}

#[component]
fn FacetGroup(title: String, children: Children) -> impl IntoView {
    view! {
        <section>
            <h2 class="mb-2 text-sm font-semibold text-gray-900">{title}</h2>
            <ul class="flex flex-wrap gap-2 lg:flex-col lg:gap-1">{children()}</ul>
        </section>
    }
}

/// A filter value as a link that switches it. A value that would show no
/// products is still listed when selected, so it can be switched off.
#[component]
fn FacetLink(value: FacetValue, href: String, test_id: &'static str) -> impl IntoView {
    let dead = value.count == 0 && !value.selected;
    let class = if value.selected {
        "flex items-center gap-2 rounded-md bg-rose-50 px-2 py-1 text-sm font-medium text-rose-700"
    } else if dead {
        "flex items-center gap-2 rounded-md px-2 py-1 text-sm text-gray-400 pointer-events-none"
    } else {
        "flex items-center gap-2 rounded-md px-2 py-1 text-sm text-gray-700 hover:bg-gray-100"
    };
    view! {
        <li>
            <a
                href=href
                class=class
                data-testid=test_id
                data-value=value.value.clone()
                aria-current=value.selected.then_some("true")
                aria-disabled=dead.then_some("true")
                rel="nofollow"
            >
                <span
                    class=if value.selected { "h-3.5 w-3.5 rounded-sm border border-rose-600 bg-rose-600" } else { "h-3.5 w-3.5 rounded-sm border border-gray-400" }
                    aria-hidden="true"
                ></span>
                <span>{value.label}</span>
                <span class="ml-auto text-xs text-gray-400">{value.count}</span>
            </a>
        </li>
    }
}

/// Lowest and highest price in yuan. A GET form: the other filters ride
/// along as hidden fields so the new URL keeps them.
#[component]
fn PriceFilter(query: ListingQuery, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let base = ListingQuery {
        min_yuan: None,
        max_yuan: None,
        page: 0,
        ..query.clone()
    };
    let hidden: Vec<(String, String)> = form_urlencoded::parse(base.to_query_string().as_bytes())
        .into_owned()
        .collect();
    let input = "w-full min-w-0 rounded-md border border-gray-300 px-2 py-1 text-sm";
    view! {
        <section>
            <h2 class="mb-2 text-sm font-semibold text-gray-900">{t!(i18n, catalog.price)}</h2>
            <Form method="get" action=path attr:class="flex items-center gap-2" attr:data-testid="price-filter">
                {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <input name="min" type="number" min="0" inputmode="numeric" class=input
                    value=query.min_yuan.map(|v| v.to_string())
                    placeholder=move || t_string!(i18n, catalog.price_min)
                    aria-label=move || t_string!(i18n, catalog.price_min)/>
                <span aria-hidden="true">"–"</span>
                <input name="max" type="number" min="0" inputmode="numeric" class=input
                    value=query.max_yuan.map(|v| v.to_string())
                    placeholder=move || t_string!(i18n, catalog.price_max)
                    aria-label=move || t_string!(i18n, catalog.price_max)/>
                <button type="submit" class="rounded-md bg-gray-900 px-2 py-1 text-sm text-white">{t!(i18n, catalog.apply)}</button>
            </Form>
        </section>
    }
}

#[component]
pub fn SortBar(query: ListingQuery, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |sort: Sort| match sort {
        Sort::Relevance => t_string!(i18n, catalog.sort_relevance),
        Sort::PriceAsc => t_string!(i18n, catalog.sort_price_asc),
        Sort::PriceDesc => t_string!(i18n, catalog.sort_price_desc),
        Sort::Newest => t_string!(i18n, catalog.sort_newest),
        Sort::BestSelling => t_string!(i18n, catalog.sort_sales),
    };
    view! {
        <nav class="mb-3 flex flex-wrap items-center gap-1 text-sm" aria-label=move || t_string!(i18n, catalog.sort_by) data-testid="sort-bar">
            <span class="mr-1 text-gray-500">{t!(i18n, catalog.sort_by)}</span>
            {Sort::ALL.into_iter().map(|sort| {
                let current = query.sort == sort;
                let href = query.with_sort(sort).href(&path);
                view! {
                    <a
                        href=href
                        rel="nofollow"
                        data-sort=sort.as_str()
                        aria-current=current.then_some("true")
                        class=if current { "rounded-full bg-gray-900 px-3 py-1 text-white" } else { "rounded-full px-3 py-1 text-gray-700 hover:bg-gray-100" }
                    >
                        {move || label(sort)}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

#[component]
pub fn Pagination(query: ListingQuery, path: String, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let current = query.page;
    (pages > 1).then(|| {
        let previous = (current > 0).then(|| query.with_page(current - 1).href(&path));
        let next = (current + 1 < pages).then(|| query.with_page(current + 1).href(&path));
        view! {
            <nav class="mt-6 flex items-center justify-center gap-4 text-sm" aria-label=move || t_string!(i18n, catalog.pages) data-testid="pagination">
                {previous.map(|href| view! { <a href=href rel="prev" class="rounded-md border border-gray-300 bg-white px-3 py-1 hover:border-rose-500">{t!(i18n, admin.previous)}</a> })}
                <span class="text-gray-600">{t!(i18n, catalog.page_of, page = current + 1, pages)}</span>
                {next.map(|href| view! { <a href=href rel="next" class="rounded-md border border-gray-300 bg-white px-3 py-1 hover:border-rose-500">{t!(i18n, admin.next)}</a> })}
            </nav>
        }
    })
}

/// Facets beside the sort bar, the products (or a way out of filters that
/// match nothing) and the pages: the body of category and search pages.
#[component]
pub fn ListingBody(listing: Listing, query: ListingQuery, path: String) -> impl IntoView {
    let i18n = use_i18n();
    let pages = listing.page_count();
    view! {
        <div class="flex flex-col gap-6 lg:flex-row">
            <FacetPanel facets=listing.facets query=query.clone() path=path.clone()/>
            <div class="min-w-0 flex-1">
                <SortBar query=query.clone() path=path.clone()/>
                {if listing.products.is_empty() {
                    view! {
                        <p class="rounded-xl bg-white p-8 text-center text-gray-600" data-testid="no-results">
                            {t!(i18n, catalog.no_results)}
                            " "
                            <a href=query.cleared().href(&path) class="text-rose-700 underline">{t!(i18n, catalog.clear_filters)}</a>
                        </p>
                    }
                    .into_any()
                } else {
                    view! { <ProductGrid products=listing.products/> }.into_any()
                }}
                <Pagination query path pages/>
            </div>
        </div>
    }
}
