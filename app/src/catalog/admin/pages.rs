use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{ImportSkus, SaveSkus, SetProductStatus, find_admin_products, get_admin_product};
use super::model::{AdminProduct, PRODUCTS_PER_PAGE};
use super::product_form_pages::ProductTextsForm;
use super::variants::api::{AddSpecValue, SetSkuStatus};
use super::variants::pages::ProductVariants;
use crate::auth::permission::Permission;
use crate::catalog::status::{ProductStatus, SkuStatus};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::money::format_price;
use crate::staff::pages::Section;
use crate::ui::{ActionError, Notice};

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <ProductList/>
        </Section>
    }
}

fn status_label(locale: Locale, status: ProductStatus) -> String {
    match status {
        ProductStatus::Draft => td_string!(locale, admin.draft),
        ProductStatus::Listed => td_string!(locale, admin.listed),
        ProductStatus::Delisted => td_string!(locale, admin.delisted),
    }
    .to_string()
}

#[component]
fn ProductList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || query.with(|q| q.get("q")).unwrap_or_default();
    let status = move || query.with(|q| q.get("status")).unwrap_or_default();
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(0)
    };
    let results = Resource::new(
        move || (text(), status(), page()),
        |(text, status, page)| find_admin_products(text, status, page),
    );
    let input = "rounded-lg border border-gray-300 px-3 py-2";

    view! {
        <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, admin.products)}</h1>
            <div class="flex gap-2">
                <a href="/admin/products/import" class="rounded-lg border border-gray-300 bg-white px-4 py-2 text-sm hover:border-rose-300">
                    {t!(i18n, admin.import)}
                </a>
                <a href="/admin/products/new" class="rounded-lg bg-gray-900 px-4 py-2 text-sm text-white">
                    {t!(i18n, catalog_admin.new_product)}
                </a>
            </div>
        </div>
        <form method="get" action="/admin/products" class="mb-6 flex max-w-2xl flex-wrap gap-2" role="search">
            <input name="q" type="search" value=text class=format!("{input} min-w-0 flex-1")
                aria-label=move || t_string!(i18n, admin.product_search_placeholder)
                placeholder=move || t_string!(i18n, admin.product_search_placeholder)/>
            <select name="status" class=input aria-label=move || t_string!(i18n, admin.status)>
                <option value="" selected=move || status().is_empty()>{t!(i18n, admin.any_status)}</option>
                {ProductStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=move || status() == s.as_str()>{move || status_label(i18n.get_locale(), s)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, header.search_button)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                results.await.map(|found| {
                    let pages = found.total.div_ceil(PRODUCTS_PER_PAGE).max(1);
                    let current = page();
                    let link = move |to: u32| format!(
                        "/admin/products?q={}&status={}&page={to}",
                        encode(&text()),
                        encode(&status())
                    );
                    view! {
                        <p class="mb-2 text-sm text-gray-600">{t!(i18n, admin.found, count = found.total)}</p>
                        <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="product-table">
                                <thead class="border-b border-gray-200 text-gray-500">
                                    <tr>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.product)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.status)}</th>
                                        <th class="px-4 py-3 text-right font-medium">{t!(i18n, admin.price)}</th>
                                        <th class="px-4 py-3 text-right font-medium">{t!(i18n, admin.stock)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {found.rows.into_iter().map(|row| {
                                        let price = if row.price_min == row.price_max {
                                            format_price(row.price_min)
                                        } else {
                                            format!("{} – {}", format_price(row.price_min), format_price(row.price_max))
                                        };
                                        view! {
                                            <tr class="border-b border-gray-100 last:border-0">
                                                <td class="px-4 py-3">
                                                    <a href=format!("/admin/products/{}", row.id) class="text-rose-700 hover:underline">{row.title}</a>
                                                </td>
                                                <td class="px-4 py-3">{move || status_label(i18n.get_locale(), row.status)}</td>
                                                <td class="px-4 py-3 text-right tabular-nums">{price}</td>
                                                <td class="px-4 py-3 text-right tabular-nums">{row.stock}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="mt-4 flex gap-4 text-sm">
                            {(current > 0).then(|| view! {
                                <a href=link(current - 1) class="text-rose-700 hover:underline">{t!(i18n, admin.previous)}</a>
                            })}
                            {(u64::from(current) + 1 < pages).then(|| view! {
                                <a href=link(current + 1) class="text-rose-700 hover:underline">{t!(i18n, admin.next)}</a>
                            })}
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[component]
pub fn AdminProductPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <ProductEditor/>
        </Section>
    }
}

#[component]
fn ProductEditor() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let save = ServerAction::<SaveSkus>::new();
    let set_status = ServerAction::<SetProductStatus>::new();
    let add_value = ServerAction::<AddSpecValue>::new();
    let set_sku_status = ServerAction::<SetSkuStatus>::new();
    // Reloaded after a successful change only: after a refused one, the
    // forms keep what staff typed, so they fix it instead of retyping.
    let saves = RwSignal::new(0u32);
    let reload = move || saves.update(|n| *n += 1);
    Effect::new(move || {
        if let Some(Ok(_)) = save.value().get() {
            reload();
        }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = add_value.value().get() {
            reload();
        }
    });
    Effect::new(move || {
        if let Some(Ok(())) = set_sku_status.value().get() {
            reload();
        }
    });
    let product = Resource::new(
        move || (id(), saves.get(), set_status.version().get()),
        |(id, _, _)| get_admin_product(id),
    );
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|count| t_string!(i18n, admin.skus_saved, count).to_string())
    };

    view! {
        <a href="/admin/products" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, admin.back_to_products)}</a>
        <Suspense>
            {move || Suspend::new(async move {
                product.await.map(|product| view! {
                    <ProductHeader product=product.clone() set_status/>
                    <div class="mt-6 space-y-3">
                        <ActionError action=save/>
                        <ActionError action=set_status/>
                        {move || saved().map(|text| view! { <Notice text/> })}
                    </div>
                    <ProductTextsForm product=product.clone()/>
                    <SkuGrid product=product.clone() save/>
                    <ProductVariants product add_value set_status=set_sku_status/>
                    <super::images::pages::ProductImages product_id=id()/>
                })
            })}
        </Suspense>
    }
}

#[component]
fn ProductHeader(
    product: AdminProduct,
    set_status: ServerAction<SetProductStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (next, label) = if product.status == ProductStatus::Listed {
        (ProductStatus::Delisted, t_string!(i18n, admin.delist))
    } else {
        (ProductStatus::Listed, t_string!(i18n, admin.list))
    };
    view! {
        <div class="mt-2 flex flex-wrap items-start justify-between gap-4">
            <div>
                <h1 class="text-2xl font-bold">{product.title.clone()}</h1>
                <p class="mt-1 text-sm text-gray-600">
                    <span data-testid="product-status">{status_label(i18n.get_locale(), product.status)}</span>
                    " · "
                    <a href=format!("/p/{}", product.slug) class="text-rose-700 hover:underline">{format!("/p/{}", product.slug)}</a>
                </p>
            </div>
            <ActionForm action=set_status>
                <input type="hidden" name="id" value=product.id/>
                <input type="hidden" name="status" value=next.as_str()/>
                <button type="submit" class="rounded-lg border border-gray-300 bg-white px-4 py-2 text-sm hover:border-rose-300">{label}</button>
            </ActionForm>
        </div>
    }
}

/// Price, original price and stock of every SKU, saved together. Retired
/// SKUs stay editable, ready for when they are sold again.
#[component]
fn SkuGrid(product: AdminProduct, save: ServerAction<SaveSkus>) -> impl IntoView {
    let i18n = use_i18n();
    let cell = "w-28 rounded-md border border-gray-300 px-2 py-1 text-right tabular-nums";
    let yuan = crate::money::decimal;
    view! {
        <ActionForm action=save attr:class="mt-4" attr:data-testid="sku-grid">
            <input type="hidden" name="product_id" value=product.id/>
            <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                <table class="w-full text-left text-sm">
                    <thead class="border-b border-gray-200 text-gray-500">
                        <tr>
                            <th class="px-4 py-3 font-medium">"#"</th>
                            <th class="px-4 py-3 font-medium">{t!(i18n, admin.sku_code)}</th>
                            <th class="px-4 py-3 font-medium">{t!(i18n, admin.variant)}</th>
                            <th class="px-4 py-3 font-medium">{t!(i18n, admin.price)}</th>
                            <th class="px-4 py-3 font-medium">{t!(i18n, admin.original_price)}</th>
                            <th class="px-4 py-3 font-medium">{t!(i18n, admin.stock)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {product.skus.into_iter().enumerate().map(|(at, sku)| {
                            let name = move |field: &str| format!("skus[{at}][{field}]");
                            let code = sku.code.clone();
                            view! {
                                <tr class="border-b border-gray-100 last:border-0" data-sku=code.clone()>
                                    <td class="px-4 py-2 text-gray-400">{at + 1}</td>
                                    <td class="px-4 py-2 font-mono text-xs">{sku.code}</td>
                                    <td class="px-4 py-2">
                                        {sku.label}
                                        {(sku.status == SkuStatus::Retired).then(|| view! {
                                            <span class="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-500">{t!(i18n, catalog_admin.retired)}</span>
                                        })}
                                    </td>
                                    <td class="px-4 py-2">
                                        <input type="hidden" name=name("id") value=sku.id/>
                                        <input name=name("price") inputmode="decimal" required class=cell value=yuan(sku.price)
                                            aria-label=format!("{} {code}", t_string!(i18n, admin.price))/>
                                    </td>
                                    <td class="px-4 py-2">
                                        <input name=name("original_price") inputmode="decimal" class=cell value=sku.original_price.map(yuan)
                                            aria-label=format!("{} {code}", t_string!(i18n, admin.original_price))/>
                                    </td>
                                    <td class="px-4 py-2">
                                        <input name=name("stock") inputmode="numeric" required class=cell value=sku.stock
                                            aria-label=format!("{} {code}", t_string!(i18n, admin.stock))/>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <button type="submit" class="mt-4 rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, admin.save_skus)}</button>
        </ActionForm>
    }
}

/// `/admin/products/import`: the CSV round trip for prices and stock.
#[component]
pub fn AdminImportPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <ImportForm/>
        </Section>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let import = ServerAction::<ImportSkus>::new();
    let text = RwSignal::new(String::new());
    let imported = move || {
        import
            .value()
            .get()
            .and_then(Result::ok)
            .map(|count| t_string!(i18n, admin.imported, count).to_string())
    };
    let label = "flex flex-col gap-1 text-sm font-medium text-gray-700";

    view! {
        <a href="/admin/products" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, admin.back_to_products)}</a>
        <h1 class="mb-2 mt-2 text-2xl font-bold">{t!(i18n, admin.import)}</h1>
        <p class="mb-4 max-w-2xl text-sm text-gray-600">{t!(i18n, admin.import_blurb)}</p>
        // A file, not a page: the router must not handle this link.
        <a href="/admin/products.csv" rel="external" download="skus.csv" data-testid="export-csv"
            class="inline-block rounded-lg border border-gray-300 bg-white px-4 py-2 text-sm hover:border-rose-300">
            {t!(i18n, admin.export_csv)}
        </a>
        <ActionForm action=import attr:class="mt-6 flex max-w-3xl flex-col gap-4" attr:data-testid="import-form">
            <label class=label>
                {t!(i18n, admin.csv_file)}
                <input type="file" accept=".csv,text/csv" class="text-sm font-normal" on:change=move |ev| read_chosen_file(ev, text)/>
            </label>
            <label class=label>
                {t!(i18n, admin.csv_text)}
                <textarea name="csv" rows="10" required spellcheck="false"
                    class="rounded-lg border border-gray-300 p-2 font-mono text-xs font-normal"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <ActionError action=import/>
            {move || imported().map(|text| view! { <Notice text/> })}
            <div>
                <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, admin.import_csv)}</button>
            </div>
        </ActionForm>
    }
}

/// Puts the chosen file's text in the form, where staff can check it
/// before importing. Without JavaScript, staff paste the text instead.
#[cfg(feature = "hydrate")]
fn read_chosen_file(ev: leptos::ev::Event, text: RwSignal<String>) {
    use leptos::wasm_bindgen::JsCast;

    let Some(file) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Ok(content) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            text.set(content.as_string().unwrap_or_default());
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_chosen_file(_ev: leptos::ev::Event, _text: RwSignal<String>) {}
