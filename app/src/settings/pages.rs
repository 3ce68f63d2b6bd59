//! `/admin/settings`: the order rules (shipping fee and free-shipping
//! threshold, time to pay, automatic completion) and the store's clock,
//! permission `settings`.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{SaveOrderRules, SaveUtcOffset, get_order_rules, get_utc_offset};
use super::model::{OrderRules, UtcOffset};
use crate::auth::permission::Permission;
use crate::i18n::{t, use_i18n};
use crate::money::decimal;
use crate::staff::pages::Section;
use crate::ui::ActionError;

#[component]
pub fn AdminSettingsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Settings>
            <OrderRulesForm/>
            <TimeZoneForm/>
        </Section>
    }
}

#[component]
fn OrderRulesForm() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrderRules>::new();
    let rules = Resource::new(move || save.version().get(), |_| get_order_rules());
    let input = "w-32 rounded-md border border-gray-300 px-2 py-1";
    view! {
        <h1 class="mb-4 text-2xl font-bold">{t!(i18n, settings_admin.title)}</h1>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                rules.await.map(|rules| {
                    view! {
                        <ActionForm action=save attr:class="flex max-w-lg flex-col gap-3 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="order-rules">
                            <h2 class="font-semibold">{t!(i18n, settings_admin.orders)}</h2>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.shipping_fee)}
                                <input name="shipping_fee" inputmode="decimal" required class=input value=decimal(rules.shipping_fee)/>
                            </label>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.free_from)}
                                <input name="free_shipping_from" inputmode="decimal" required class=input value=decimal(rules.free_shipping_from)/>
                            </label>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.express_fee)}
                                <input name="express_fee" inputmode="decimal" required class=input value=decimal(rules.express_fee)/>
                            </label>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.timeout)}
                                <input name="payment_timeout_minutes" type="number" min="1" max=OrderRules::MAX_TIMEOUT_MINUTES required class=input value=rules.payment_timeout_minutes/>
                            </label>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.flash_timeout)}
                                <input name="flash_payment_timeout_minutes" type="number" min="1" max=OrderRules::MAX_TIMEOUT_MINUTES required class=input value=rules.flash_payment_timeout_minutes/>
                            </label>
                            <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.auto_complete)}
                                <input name="auto_complete_days" type="number" min="1" max=OrderRules::MAX_AUTO_COMPLETE_DAYS required class=input value=rules.auto_complete_days/>
                            </label>
                            <p class="text-xs text-gray-500">{t!(i18n, settings_admin.applies_from_now)}</p>
                            <button type="submit" class="w-fit rounded-md bg-gray-900 px-3 py-1.5 text-white" data-testid="save-order-rules">{t!(i18n, settings_admin.save)}</button>
                            <ActionError action=save/>
                            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="text-emerald-700" data-testid="saved">{t!(i18n, settings_admin.saved)}</p> })}
                        </ActionForm>
                    }
                })
            })}
        </Suspense>
    }
}

/// The offset from UTC at which every page shows times.
#[component]
fn TimeZoneForm() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveUtcOffset>::new();
    let offset = Resource::new(move || save.version().get(), |_| get_utc_offset());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                offset.await.map(|minutes| view! {
                    <ActionForm action=save attr:class="mt-4 flex max-w-lg flex-col gap-3 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="time-zone">
                        <h2 class="font-semibold">{t!(i18n, settings_admin.clock)}</h2>
                        <label class="flex items-center justify-between gap-3">{t!(i18n, settings_admin.utc_offset)}
                            <input name="utc_offset" required class="w-32 rounded-md border border-gray-300 px-2 py-1" value=UtcOffset::show(minutes)/>
                        </label>
                        <p class="text-xs text-gray-500">{t!(i18n, settings_admin.utc_offset_hint)}</p>
                        <button type="submit" class="w-fit rounded-md bg-gray-900 px-3 py-1.5 text-white">{t!(i18n, settings_admin.save)}</button>
                        <ActionError action=save/>
                    </ActionForm>
                })
            })}
        </Suspense>
    }
}
