use leptos::prelude::*;

use crate::catalog::model::{ProductCard, Rating};
use crate::i18n::{t, use_i18n};
use crate::images::{CARD_WIDTH, rendition_url};
use crate::money::format_price;

/// A price, with the old one crossed out when there is one.
#[component]
pub fn Price(
    price: i64,
    #[prop(default = None)] was: Option<i64>,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let size = if large { "text-3xl" } else { "text-base" };
    view! {
        <span class="inline-flex items-baseline gap-2">
            <span class=format!("{size} font-bold text-rose-600") data-testid="price">{format_price(price)}</span>
            {was.map(|was| view! {
                <s class="text-sm text-gray-400" data-testid="was-price">{format_price(was)}</s>
            })}
        </span>
    }
}

/// Five stars filled to the average, with the number for screen readers.
#[component]
pub fn Stars(rating: Rating) -> impl IntoView {
    let tenths = rating.average_tenths().unwrap_or(0);
    let width = format!("width: {}%", tenths * 2);
    let label = rating.label().unwrap_or_default();
    view! {
        <span class="relative inline-block text-sm leading-none text-gray-300" aria-label=format!("{label} / 5")>
            "★★★★★"
            <span class="absolute inset-0 overflow-hidden whitespace-nowrap text-amber-400" style=width aria-hidden="true">"★★★★★"</span>
        </span>
    }
}

#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5" data-testid="product-grid">
            {products.into_iter().map(|card| view! { <li><ProductTile card/></li> }).collect_view()}
        </ul>
    }
}

#[component]
fn ProductTile(card: ProductCard) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/p/{}", card.slug);
    let rating = card.rating;
    view! {
        <a href=href class="group flex h-full flex-col overflow-hidden rounded-xl border border-gray-200 bg-white hover:shadow-md" data-testid="product-card">
            <div class="aspect-square bg-gray-100">
                {card.image.map(|src| {
                    // A card is 400 px wide at most: a third of the bytes of the page's picture.
                    let src = rendition_url(&src, CARD_WIDTH).unwrap_or(src);
                    view! {
                        <img src=src alt="" loading="lazy" width="400" height="400" class="h-full w-full object-cover"/>
                    }
                })}
            </div>
            <div class="flex flex-1 flex-col gap-1 p-3">
                <h3 class="line-clamp-2 text-sm text-gray-800 group-hover:text-rose-700" data-testid="product-title">{card.title}</h3>
                <div class="mt-auto flex items-center justify-between gap-2">
                    <Price price=card.price/>
                    {(!card.in_stock).then(|| view! {
                        <span class="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-500">{t!(i18n, catalog.sold_out)}</span>
                    })}
                </div>
                <div class="flex items-center gap-2 text-xs text-gray-500">
                    {(rating.count > 0).then(|| view! { <Stars rating/> })}
                    <span>{t!(i18n, catalog.sold_count, count = card.sales_count)}</span>
                </div>
            </div>
        </a>
    }
}
