use leptos::prelude::*;

use crate::catalog::product::{ProductDetail, Selection};

/// One row of choices per spec. Each choice is a link to the SKU it leads
/// to; choices that lead to nothing buyable are greyed out.
#[component]
pub fn VariantPicker(
    product: StoredValue<ProductDetail>,
    selection: Memo<Selection>,
) -> impl IntoView {
    let specs = product.with_value(|p| p.specs.clone());
    view! {
        <div class="flex flex-col gap-3" data-testid="variant-picker">
            {specs.into_iter().enumerate().map(|(spec_at, spec)| view! {
                <fieldset>
                    <legend class="mb-1 text-sm font-medium text-gray-700">{spec.name.clone()}</legend>
                    <div class="flex flex-wrap gap-2">
                        {spec.values.into_iter().map(|value| {
                            let id = value.id;
                            let state = move || {
                                let current = selection.get();
                                product.with_value(|p| {
                                    let next = p.choose(&current, spec_at, id);
                                    let href = p
                                        .complete(&next)
                                        .map(|sku| format!("?sku={}", form_urlencoded::byte_serialize(sku.code.as_bytes()).collect::<String>()))
                                        .unwrap_or_default();
                                    (current.get(spec_at).copied().flatten() == Some(id), p.is_available(&current, spec_at, id), href)
                                })
                            };
                            view! {
                                <a
                                    href=move || state().2
                                    data-testid="variant"
                                    data-spec=spec.name.clone()
                                    data-value=value.value.clone()
                                    aria-current=move || state().0.then_some("true")
                                    data-available=move || state().1.to_string()
                                    class=move || {
                                        let (selected, available, _) = state();
                                        match (selected, available) {
                                            (true, _) => "rounded-lg border-2 border-rose-600 bg-rose-50 px-3 py-1 text-sm font-medium text-rose-700",
                                            (false, true) => "rounded-lg border border-gray-300 bg-white px-3 py-1 text-sm hover:border-rose-500",
                                            (false, false) => "rounded-lg border border-dashed border-gray-300 bg-gray-50 px-3 py-1 text-sm text-gray-400 line-through",
                                        }
                                    }
                                >
                                    {value.value.clone()}
                                </a>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }).collect_view()}
        </div>
    }
}
