use crate::catalog::member_lists::pages::FavouriteButton;
use crate::flash_sales::page::FlashBanner;
use crate::group_buys::page::GroupBanner;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::card::{Price, ProductGrid, Stars};
use super::category::Breadcrumbs;
use super::reviews::ReviewSummary;
use super::variants::VariantPicker;
use crate::cart::CartCount;
use crate::cart::api::AddToCart;
use crate::catalog::api::get_product;
use crate::catalog::product::ProductDetail;
use crate::i18n::{t, t_string, use_i18n};
use crate::images::{CARD_WIDTH, rendition_url};
use crate::ui::ActionError;
use crate::ui::{Canonical, PageMeta};

/// Most of one SKU a shopper may put in the cart at once.
pub const MAX_QUANTITY: i64 = 99;

/// `/p/{slug}`: one product. The chosen SKU is `?sku=CODE` in the URL, so
/// every variant has its own link and the picker works without JavaScript.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    let product = Resource::new(slug, get_product);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                product.await.map(|product| view! { <ProductView product/> })
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let product = StoredValue::new(product);
    let selection = Memo::new(move |_| {
        let code = query.with(|q| q.get("sku"));
        product.with_value(|p| p.initial_selection(code.as_deref()))
    });
    let chosen = Memo::new(move |_| product.with_value(|p| p.sku_for(&selection.get()).cloned()));

    let p = product.get_value();
    let canonical = format!("/p/{}", p.slug);
    let description = if p.subtitle.is_empty() {
        p.title.clone()
    } else {
        p.subtitle.clone()
    };
    let og_image = p.images.first().map(|i| i.path.clone());

    view! {
        <PageMeta title=p.title.clone() description/>
        <Canonical path=canonical/>
        <Meta property="og:type" content="product"/>
        {og_image.map(|src| view! { <Meta property="og:image" content=src/> })}
        <script type="application/ld+json" inner_html=p.json_ld.clone()></script>
        <div class="mx-auto max-w-7xl px-4 py-6">
            <Breadcrumbs trail=p.breadcrumbs.clone()/>
            <div class="grid gap-8 md:grid-cols-2">
                <Gallery images=p.images.clone() title=p.title.clone()/>
                <div class="flex flex-col gap-4">
                    <div>
                        {p.brand.clone().map(|brand| view! { <p class="text-sm font-medium text-rose-700">{brand}</p> })}
                        <h1 class="text-2xl font-bold" data-testid="product-title">{p.title.clone()}</h1>
                        {(!p.subtitle.is_empty()).then(|| view! { <p class="mt-1 text-gray-600">{p.subtitle.clone()}</p> })}
                        <p class="mt-2 flex items-center gap-2 text-sm text-gray-500">
                            {(p.rating.count > 0).then(|| view! {
                                <Stars rating=p.rating/>
                                <a href="#reviews" class="hover:text-rose-700">{t!(i18n, catalog.review_count, count = p.rating.count)}</a>
                            })}
                            <span>{t!(i18n, catalog.sold_count, count = p.sales_count)}</span>
                        </p>
                    </div>
                    <div class="rounded-xl bg-rose-50 p-4" data-testid="price-block">
                        {move || match chosen.get() {
                            Some(sku) => view! { <Price price=sku.price was=sku.was_price() large=true/> }.into_any(),
                            None => {
                                let (low, high) = product.with_value(|p| p.price_range()).unwrap_or_default();
                                view! {
                                    <span class="text-3xl font-bold text-rose-600" data-testid="price">
                                        {crate::money::format_price(low)}" – "{crate::money::format_price(high)}
                                    </span>
                                }.into_any()
                            }
                        }}
                    </div>
                    <FlashBanner slug=p.slug.clone()/>
                    <GroupBanner slug=p.slug.clone()/>
                    <VariantPicker product selection/>
                    <Buy chosen/>
                    <FavouriteButton product_id=p.id/>
                </div>
            </div>
            {(!p.description_html.is_empty() || !p.attributes.is_empty()).then(|| view! {
                <section class="mt-10 grid gap-8 md:grid-cols-3">
                    <div class="prose max-w-none md:col-span-2" inner_html=p.description_html.clone()></div>
                    <Attributes attributes=p.attributes.clone()/>
                </section>
            })}
            <ReviewSummary rating=p.rating distribution=p.distribution reviews=p.reviews.clone()/>
            {(!p.related.is_empty()).then(|| view! {
                <section class="mt-10">
                    <h2 class="mb-4 text-xl font-bold">{t!(i18n, catalog.related)}</h2>
                    <ProductGrid products=p.related.clone()/>
                </section>
            })}
        </div>
    }
}

/// The big picture and its thumbnails; a thumbnail click swaps the big one.
#[component]
fn Gallery(images: Vec<crate::catalog::product::Image>, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(0usize);
    let images = StoredValue::new(images);
    let main = move || images.with_value(|all| all.get(shown.get()).or(all.first()).cloned());
    view! {
        // `min-w-0`: a long row of thumbnails scrolls inside the gallery
        // instead of widening the page past a phone's screen.
        <div class="flex min-w-0 flex-col gap-3" data-testid="gallery">
            <div class="aspect-square overflow-hidden rounded-2xl bg-gray-100">
                {move || main().map(|image| view! {
                    <img src=image.path.clone() srcset=srcset(&image.path) sizes="(min-width: 768px) 50vw, 100vw"
                        alt=if image.alt.is_empty() { title.clone() } else { image.alt } width="800" height="800" class="h-full w-full object-cover" fetchpriority="high"/>
                })}
            </div>
            <ul class="flex gap-2 overflow-x-auto">
                {move || images.with_value(|all| (all.len() > 1).then(|| all.iter().enumerate().map(|(at, image)| {
                    let src = rendition_url(&image.path, CARD_WIDTH).unwrap_or_else(|| image.path.clone());
                    view! {
                        <li class="shrink-0">
                            <button
                                type="button"
                                class="h-16 w-16 overflow-hidden rounded-lg border-2 aria-[pressed=true]:border-rose-600 border-transparent"
                                aria-pressed=move || (shown.get() == at).to_string()
                                aria-label=move || t_string!(i18n, catalog.show_image, number = at + 1)
                                on:click=move |_| shown.set(at)
                            >
                                <img src=src alt="" width="64" height="64" class="h-full w-full object-cover" loading="lazy"/>
                            </button>
                        </li>
                    }
                }).collect_view()))}
            </ul>
        </div>
    }
}

/// Phones take the 400 px rendition of an uploaded picture; `None` for
/// pictures that have only one size.
fn srcset(path: &str) -> Option<String> {
    let small = rendition_url(path, CARD_WIDTH).filter(|small| small != path)?;
    let shown = path.rsplit_once('-')?.1.strip_suffix(".jpg")?;
    Some(format!("{small} {CARD_WIDTH}w, {path} {shown}w"))
}

/// Quantity and "add to cart" for the chosen SKU; refused when sold out.
#[component]
fn Buy(chosen: Memo<Option<crate::catalog::product::Sku>>) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddToCart>::new();
    let stock = move || chosen.with(|s| s.as_ref().map_or(0, |s| s.stock));
    if let Some(CartCount(count)) = use_context::<CartCount>() {
        Effect::new(move || {
            if let Some(Ok(units)) = add.value().get() {
                count.set(units);
            }
        });
    }
    view! {
        <ActionForm action=add attr:class="flex flex-col gap-3" attr:data-testid="buy-form">
            <input type="hidden" name="sku" value=move || chosen.with(|s| s.as_ref().map(|s| s.code.clone()).unwrap_or_default())/>
            <p class="text-sm text-gray-600" data-testid="stock">
                {move || match stock() {
                    0 => t_string!(i18n, catalog.sold_out).to_string(),
                    n => t_string!(i18n, catalog.in_stock_count, count = n).to_string(),
                }}
            </p>
            <div class="flex items-center gap-3">
                <label for="quantity" class="text-sm text-gray-700">{t!(i18n, catalog.quantity)}</label>
                <input id="quantity" name="quantity" type="number" value="1" min="1"
                    max=move || stock().clamp(1, MAX_QUANTITY).to_string()
                    class="w-20 rounded-lg border border-gray-300 px-2 py-1"/>
            </div>
            <button
                type="submit"
                data-testid="add-to-cart"
                disabled=move || stock() == 0
                class="rounded-full bg-rose-600 px-6 py-3 font-semibold text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:bg-gray-300"
            >
                {move || if stock() == 0 { t_string!(i18n, catalog.sold_out) } else { t_string!(i18n, catalog.add_to_cart) }}
            </button>
            <ActionError action=add/>
            {move || matches!(add.value().get(), Some(Ok(_))).then(|| view! {
                <p class="text-sm text-green-700" role="status" data-testid="added">
                    {t!(i18n, catalog.added)}" "
                    <a href="/cart" class="font-medium underline">{t!(i18n, cart.view_cart)}</a>
                </p>
            })}
        </ActionForm>
    }
}

#[component]
fn Attributes(attributes: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    (!attributes.is_empty()).then(|| view! {
        <div>
            <h2 class="mb-2 font-semibold">{t!(i18n, catalog.attributes)}</h2>
            <table class="w-full text-sm" data-testid="attributes">
                <tbody>
                    {attributes.into_iter().map(|(name, value)| view! {
                        <tr class="border-b border-gray-100">
                            <th scope="row" class="py-2 pr-4 text-left font-normal text-gray-500">{name}</th>
                            <td class="py-2">{value}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    })
}
