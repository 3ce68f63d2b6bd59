//! `/admin/products/new` and the details form on a product's admin page:
//! titles, filing, description and attributes. Specs are set once, when the
//! product is created; prices and stock live in the SKU grid.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::model::AdminProduct;
use super::product_api::{CreateProduct, UpdateProductTexts};
use super::product_input::attributes_text;
use super::taxonomy::api::get_admin_taxonomy;
use super::taxonomy::model::AdminTaxonomy;
use crate::auth::permission::Permission;
use crate::i18n::{t, use_i18n};
use crate::staff::pages::Section;
use crate::ui::ActionError;

const INPUT: &str = "rounded-lg border border-gray-300 px-3 py-2 text-sm font-normal";
const LABEL: &str = "flex flex-col gap-1 text-sm font-medium text-gray-700";
const HINT: &str = "text-xs font-normal text-gray-500";

#[component]
pub fn AdminNewProductPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Catalog>
            <NewProductForm/>
        </Section>
    }
}

#[component]
fn NewProductForm() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateProduct>::new();
    let taxonomy = Resource::new(|| (), |_| get_admin_taxonomy());
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/admin/products/{id}"), Default::default());
        }
    });
    view! {
        <a href="/admin/products" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, admin.back_to_products)}</a>
        <h1 class="mb-1 mt-2 text-2xl font-bold">{t!(i18n, catalog_admin.new_product)}</h1>
        <p class="mb-6 max-w-2xl text-sm text-gray-600">{t!(i18n, catalog_admin.new_product_blurb)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                taxonomy.await.map(|taxonomy| view! {
                    <ActionForm action=create attr:class="max-w-3xl space-y-4 rounded-2xl border border-gray-200 bg-white p-6" attr:data-testid="new-product-form">
                        <DetailFields taxonomy product=None/>
                        <label class=LABEL>
                            {t!(i18n, catalog_admin.specs)}
                            <textarea name="specs" rows="3" class=INPUT placeholder="颜色: 黑色, 白色\nSize: S, M, L"></textarea>
                            <span class=HINT>{t!(i18n, catalog_admin.specs_hint)}</span>
                        </label>
                        <div class="grid gap-4 sm:grid-cols-2">
                            <label class=LABEL>
                                {t!(i18n, catalog_admin.start_price)}
                                <input name="price" required inputmode="decimal" class=INPUT placeholder="199.00"/>
                            </label>
                            <label class=LABEL>
                                {t!(i18n, catalog_admin.start_stock)}
                                <input name="stock" required inputmode="numeric" class=INPUT value="0"/>
                            </label>
                        </div>
                        <ActionError action=create/>
                        <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, catalog_admin.create_product)}</button>
                    </ActionForm>
                })
            })}
        </Suspense>
    }
}

/// The details of an existing product, folded away until staff open them.
#[component]
pub fn ProductTextsForm(product: AdminProduct) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProductTexts>::new();
    let taxonomy = Resource::new(|| (), |_| get_admin_taxonomy());
    let saved = move || matches!(update.value().get(), Some(Ok(())));
    let id = product.id;
    view! {
        <details class="mt-6 rounded-2xl border border-gray-200 bg-white" data-testid="product-details">
            <summary class="cursor-pointer px-4 py-3 font-semibold">{t!(i18n, catalog_admin.details)}</summary>
            <Suspense>
                {move || {
                    let product = product.clone();
                    Suspend::new(async move {
                        taxonomy.await.map(|taxonomy| view! {
                            <ActionForm action=update attr:class="space-y-4 border-t border-gray-100 p-4">
                                <input type="hidden" name="id" value=id/>
                                <DetailFields taxonomy product=Some(product)/>
                                <ActionError action=update/>
                                <Show when=saved>
                                    <p role="status" data-testid="form-notice" class="text-sm text-emerald-700">{t!(i18n, catalog_admin.details_saved)}</p>
                                </Show>
                                <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, catalog_admin.save)}</button>
                            </ActionForm>
                        })
                    })
                }}
            </Suspense>
        </details>
    }
}

/// Title, subtitle, slug, category, brand, description and attributes,
/// named `form[…]` for the server functions' `form` argument.
#[component]
fn DetailFields(taxonomy: AdminTaxonomy, product: Option<AdminProduct>) -> impl IntoView {
    let i18n = use_i18n();
    let text = |get: fn(&AdminProduct) -> String| product.as_ref().map(get).unwrap_or_default();
    let category = product.as_ref().map(|p| p.category_id);
    let brand = product.as_ref().and_then(|p| p.brand_id);
    view! {
        <label class=LABEL>
            {t!(i18n, catalog_admin.title)}
            <input name="form[title]" required maxlength="120" class=INPUT value=text(|p| p.title.clone())/>
        </label>
        <label class=LABEL>
            {t!(i18n, catalog_admin.subtitle)}
            <input name="form[subtitle]" maxlength="200" class=INPUT value=text(|p| p.subtitle.clone())/>
        </label>
        <label class=LABEL>
            {t!(i18n, catalog_admin.slug)}
            <input name="form[slug]" maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" class=format!("{INPUT} font-mono")
                value=text(|p| p.slug.clone()) placeholder="aurora-buds-2"/>
            <span class=HINT>{t!(i18n, catalog_admin.slug_hint)}</span>
        </label>
        <div class="grid gap-4 sm:grid-cols-2">
            <label class=LABEL>
                {t!(i18n, catalog_admin.category)}
                <select name="form[category]" required class=INPUT>
                    <option value="">{t!(i18n, catalog_admin.choose)}</option>
                    {taxonomy.categories.into_iter().map(|c| {
                        let label = format!("{}{} · {}", "— ".repeat(usize::try_from(c.depth - 1).unwrap_or(0)), c.name_zh, c.name_en);
                        view! { <option value=c.id selected=category == Some(c.id)>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class=LABEL>
                {t!(i18n, catalog_admin.brand)}
                <select name="form[brand]" class=INPUT>
                    <option value="">{t!(i18n, catalog_admin.no_brand)}</option>
                    {taxonomy.brands.into_iter().map(|b| view! {
                        <option value=b.id selected=brand == Some(b.id)>{b.name}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <label class=LABEL>
            {t!(i18n, catalog_admin.description)}
            <textarea name="form[description]" rows="8" class=INPUT>{text(|p| p.description.clone())}</textarea>
            <span class=HINT>{t!(i18n, catalog_admin.description_hint)}</span>
        </label>
        <label class=LABEL>
            {t!(i18n, catalog_admin.attributes)}
            <textarea name="form[attributes]" rows="4" class=INPUT placeholder="产地: 深圳\nWeight: 45 g">
                {text(|p| attributes_text(&p.attributes))}
            </textarea>
            <span class=HINT>{t!(i18n, catalog_admin.attributes_hint)}</span>
        </label>
    }
}
