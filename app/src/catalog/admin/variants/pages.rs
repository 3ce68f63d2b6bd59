//! The "Variants" panel of a product's admin page: a form per spec to add
//! a value, and a list of SKUs to retire or restore.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{AddSpecValue, SetSkuStatus};
use crate::catalog::admin::model::AdminProduct;
use crate::catalog::status::SkuStatus;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::{ActionError, Notice};

#[component]
pub fn ProductVariants(
    product: AdminProduct,
    add_value: ServerAction<AddSpecValue>,
    set_status: ServerAction<SetSkuStatus>,
) -> impl IntoView {
    let i18n = use_i18n();
    let added = move || {
        add_value
            .value()
            .get()
            .and_then(Result::ok)
            .map(|count| t_string!(i18n, catalog_admin.values_added, count).to_string())
    };
    // New SKUs start at the product's lowest price on sale, the likeliest
    // price of one more colour or size.
    let start_price = product
        .skus
        .iter()
        .filter(|s| s.status == SkuStatus::Active)
        .map(|s| s.price)
        .min()
        .map(crate::money::decimal)
        .unwrap_or_default();
    let input = "rounded-lg border border-gray-300 px-3 py-2 font-normal";
    let product_id = product.id;

    view! {
        <section class="mt-8" data-testid="variants">
            <h2 class="text-lg font-semibold">{t!(i18n, catalog_admin.variants)}</h2>
            <p class="mt-1 max-w-3xl text-sm text-gray-600">{t!(i18n, catalog_admin.variants_blurb)}</p>
            <div class="mt-3 space-y-3">
                <ActionError action=add_value/>
                <ActionError action=set_status/>
                {move || added().map(|text| view! { <Notice text/> })}
            </div>
            {product.specs.is_empty().then(|| view! {
                <p class="mt-3 text-sm text-gray-600">{t!(i18n, catalog_admin.single_sku)}</p>
            })}
            <div class="mt-3 grid gap-3 md:grid-cols-2">
                {product.specs.into_iter().map(|spec| {
                    let label = spec.name.clone();
                    let name = spec.name.clone();
                    let price = start_price.clone();
                    view! {
                        <ActionForm action=add_value attr:class="rounded-2xl border border-gray-200 bg-white p-4" attr:data-spec=spec.name>
                            <p class="text-sm font-medium">{name}": "
                                <span class="font-normal text-gray-600">{spec.values.join(", ")}</span>
                            </p>
                            <input type="hidden" name="product_id" value=product_id/>
                            <input type="hidden" name="spec_id" value=spec.id/>
                            <div class="mt-3 flex flex-wrap items-end gap-2 text-sm">
                                <label class="flex min-w-0 flex-1 flex-col gap-1 text-gray-700">
                                    {t!(i18n, catalog_admin.new_value, spec = label)}
                                    <input name="value" required maxlength="40" class=input/>
                                </label>
                                <label class="flex w-32 flex-col gap-1 text-gray-700">
                                    {t!(i18n, catalog_admin.new_value_price)}
                                    <input name="price" required inputmode="decimal" value=price class=format!("{input} text-right tabular-nums")/>
                                </label>
                                <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, catalog_admin.add_value)}</button>
                            </div>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
            <ul class="mt-4 divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm" data-testid="sku-statuses">
                {product.skus.into_iter().map(|sku| {
                    let active = sku.status == SkuStatus::Active;
                    let (next, action) = if active {
                        (SkuStatus::Retired, t_string!(i18n, catalog_admin.retire))
                    } else {
                        (SkuStatus::Active, t_string!(i18n, catalog_admin.restore))
                    };
                    let button_label = format!("{action} {}", sku.code);
                    let code = sku.code.clone();
                    view! {
                        <li class="flex flex-wrap items-center gap-3 px-4 py-2" data-sku=code>
                            <span class="font-mono text-xs">{sku.code}</span>
                            <span class="flex-1" class:text-gray-400=!active>{sku.label}</span>
                            <span data-testid="sku-status" class=if active { "text-emerald-700" } else { "text-gray-500" }>
                                {if active { t!(i18n, catalog_admin.on_sale).into_any() } else { t!(i18n, catalog_admin.retired).into_any() }}
                            </span>
                            <ActionForm action=set_status>
                                <input type="hidden" name="product_id" value=product_id/>
                                <input type="hidden" name="sku_id" value=sku.id/>
                                <input type="hidden" name="status" value=next.as_str()/>
                                <button type="submit" class="rounded-md border border-gray-300 px-3 py-1 hover:border-rose-300"
                                    aria-label=button_label>{action}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
