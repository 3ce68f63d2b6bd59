//! `/admin/settings`: the order rules (shipping fee and free-shipping
//! threshold, time to pay, automatic completion), the store's clock and
//! the sign-in rules (session lifetimes, second factor), permission
//! `settings`.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{
    SaveOrderRules, SaveSignInRules, SaveUtcOffset, get_order_rules, get_sign_in_rules,
    get_utc_offset,
};
use super::model::{OrderRules, UtcOffset};
use super::sign_in_model::SignInRules;
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
            <SignInRulesForm/>
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

/// Session lifetimes and who needs a second factor.
#[component]
fn SignInRulesForm() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSignInRules>::new();
    let rules = Resource::new(move || save.version().get(), |_| get_sign_in_rules());
    let input = "w-24 rounded-md border border-gray-300 px-2 py-1";
    let row = "flex items-center justify-between gap-3";
    let bounds = |range: std::ops::RangeInclusive<i32>| (*range.start(), *range.end());
    let (idle_min, idle_max) = bounds(SignInRules::STAFF_IDLE_MINUTES);
    let (hours_min, hours_max) = bounds(SignInRules::STAFF_SESSION_HOURS);
    let (member_min, member_max) = bounds(SignInRules::MEMBER_IDLE_DAYS);
    let (remember_min, remember_max) = bounds(SignInRules::MEMBER_REMEMBER_DAYS);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                rules.await.map(|rules| view! {
                    <ActionForm action=save attr:class="mt-4 flex max-w-lg flex-col gap-3 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="sign-in-rules">
                        <h2 class="font-semibold">{t!(i18n, settings_admin.sign_in)}</h2>
                        <label class=row>{t!(i18n, settings_admin.staff_idle)}
                            <input name="staff_idle_minutes" type="number" min=idle_min max=idle_max required class=input value=rules.staff_idle_minutes/>
                        </label>
                        <label class=row>{t!(i18n, settings_admin.staff_session)}
                            <input name="staff_session_hours" type="number" min=hours_min max=hours_max required class=input value=rules.staff_session_hours/>
                        </label>
                        <label class=row>{t!(i18n, settings_admin.member_idle)}
                            <input name="member_idle_days" type="number" min=member_min max=member_max required class=input value=rules.member_idle_days/>
                        </label>
                        <label class=row>{t!(i18n, settings_admin.member_remember)}
                            <input name="member_remember_days" type="number" min=remember_min max=remember_max required class=input value=rules.member_remember_days/>
                        </label>
                        <label class="flex items-center gap-2">
                            <input type="checkbox" name="two_factor_for_all_staff" checked=rules.two_factor_for_all_staff/>
                            {t!(i18n, settings_admin.two_factor_all)}
                        </label>
                        <p class="text-xs text-gray-500">{t!(i18n, settings_admin.sign_in_hint)}</p>
                        <button type="submit" class="w-fit rounded-md bg-gray-900 px-3 py-1.5 text-white" data-testid="save-sign-in-rules">{t!(i18n, settings_admin.save)}</button>
                        <ActionError action=save/>
                        {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! { <p class="text-emerald-700" data-testid="sign-in-saved">{t!(i18n, settings_admin.saved)}</p> })}
                    </ActionForm>
                })
            })}
        </Suspense>
    }
}
