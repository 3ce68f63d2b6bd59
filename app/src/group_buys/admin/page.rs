//! `/admin/group-deals`: the latest deals with their groups forming,
//! formed and failed, links to change a deal (`edit_page`) and buttons to
//! end it early, and the form for a new deal.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{CreateGroupDeal, EndGroupDeal, get_group_admin};
use super::model::AdminDeal;
use crate::auth::permission::Permission;
use crate::clock::{local_input, local_ms, zone_label};
use crate::group_buys::model::whole_hours;
use crate::i18n::{t, t_string, use_i18n};
use crate::money::{decimal, format_price};
use crate::settings::api::use_store_settings;
use crate::staff::pages::Section;
use crate::ui::ActionError;

pub(super) const FIELD: &str = "w-full min-w-0 rounded-md border border-gray-300 px-2 py-1";
pub(super) const BUTTON: &str = "w-fit rounded-md bg-gray-900 px-3 py-1.5 text-sm text-white";
const SMALL_BUTTON: &str = "rounded-md border border-gray-300 px-2 py-0.5 text-xs hover:bg-gray-50";

#[component]
pub fn AdminGroupDealsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Marketing>
            <GroupDeals/>
        </Section>
    }
}

#[component]
fn GroupDeals() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateGroupDeal>::new();
    let end = ServerAction::<EndGroupDeal>::new();
    let data = Resource::new(
        move || (create.version().get(), end.version().get()),
        |_| get_group_admin(),
    );
    view! {
        <h1 class="mb-4 text-2xl font-bold">{t!(i18n, group_admin.title)}</h1>
        <ActionError action=end/>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|data| {
                    let now = data.now;
                    if data.deals.is_empty() {
                        return view! { <p class="mb-6 text-sm text-gray-600">{t!(i18n, group_admin.none)}</p> }.into_any();
                    }
                    view! {
                        <div class="mb-6 overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="group-deals">
                                <thead class="text-xs text-gray-500">
                                    <tr>
                                        <th class="p-2">{t!(i18n, group_admin.item)}</th>
                                        <th class="p-2">{t!(i18n, group_admin.price)}</th>
                                        <th class="p-2">{t!(i18n, group_admin.terms)}</th>
                                        <th class="p-2">{t!(i18n, group_admin.window)}</th>
                                        <th class="p-2">{t!(i18n, group_admin.groups)}</th>
                                        <th class="p-2"></th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-gray-100">
                                    {data.deals.into_iter().map(|deal| view! { <DealRow deal now end/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                })
            })}
        </Suspense>
        <NewDealForm create/>
    }
}

#[component]
fn DealRow(deal: AdminDeal, now: i64, end: ServerAction<EndGroupDeal>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = use_store_settings().utc_offset_minutes;
    let deal_id = deal.id;
    let running = deal.starts_at <= now && now < deal.ends_at;
    view! {
        <tr data-testid="group-admin-deal">
            <td class="p-2">{deal.sku_code}" · "{deal.title}</td>
            <td class="p-2 tabular-nums">
                {format_price(deal.group_price)}" "
                <s class="text-xs text-gray-400">{format_price(deal.price)}</s>
            </td>
            <td class="p-2 text-xs">
                {t!(i18n, group_admin.terms_value, size = deal.group_size, hours = whole_hours(deal.time_limit_minutes), limit = deal.per_member_limit)}
            </td>
            <td class="p-2 text-xs text-gray-600">
                {local_ms(deal.starts_at, offset)}" – "{local_ms(deal.ends_at, offset)}" "{zone_label(offset)}
            </td>
            <td class="p-2 text-xs tabular-nums" data-testid="group-admin-counts">
                {t!(i18n, group_admin.counts, forming = deal.forming, formed = deal.formed, failed = deal.failed)}
            </td>
            <td class="flex items-center gap-2 p-2">
                {(deal.ends_at > now).then(|| view! {
                    <a href=format!("/admin/group-deals/{deal_id}") class=SMALL_BUTTON data-testid="group-deal-edit">{t!(i18n, group_admin.edit)}</a>
                    <ActionForm action=end>
                        <input type="hidden" name="deal_id" value=deal_id/>
                        <button type="submit" class=SMALL_BUTTON data-testid="group-deal-end">
                            {if running { t_string!(i18n, group_admin.end_now) } else { t_string!(i18n, group_admin.cancel) }}
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

#[component]
fn NewDealForm(create: ServerAction<CreateGroupDeal>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="rounded-2xl border border-gray-200 bg-white p-4" data-testid="new-group-deal">
            <h2 class="mb-2 text-lg font-semibold">{t!(i18n, group_admin.new_deal)}</h2>
            <ActionError action=create/>
            <ActionForm action=create attr:class="grid gap-3 text-sm sm:grid-cols-3">
                <DealFields deal=None/>
                <button type="submit" class=format!("{BUTTON} self-end") data-testid="create-group-deal">{t!(i18n, group_admin.create)}</button>
            </ActionForm>
        </section>
    }
}

/// The fields of a deal, empty for a new one or filled in as it stands.
#[component]
pub(super) fn DealFields(deal: Option<AdminDeal>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = use_store_settings().utc_offset_minutes;
    let deal = deal.as_ref();
    let editing = deal.is_some();
    let sku_code = deal.map(|d| d.sku_code.clone()).unwrap_or_default();
    let price = deal.map(|d| decimal(d.group_price)).unwrap_or_default();
    let size = deal.map_or(2, |d| d.group_size);
    let hours = deal.map_or(24, |d| whole_hours(d.time_limit_minutes));
    let limit = deal.map_or(1, |d| d.per_member_limit);
    let starts = deal
        .map(|d| local_input(d.starts_at, offset))
        .unwrap_or_default();
    let ends = deal
        .map(|d| local_input(d.ends_at, offset))
        .unwrap_or_default();
    view! {
        // A deal's SKU never changes: shown, not sent, when editing.
        <label class="grid gap-1">{t!(i18n, group_admin.sku_code)}
            {if editing {
                view! { <input disabled class=FIELD value=sku_code/> }.into_any()
            } else {
                view! { <input name="sku_code" required class=FIELD placeholder="LAMP-BLACK"/> }.into_any()
            }}
        </label>
        <label class="grid gap-1">{t!(i18n, group_admin.price)}
            <input name="group_price" required inputmode="decimal" class=FIELD placeholder="99.00" value=price data-testid="group-deal-price"/>
        </label>
        <label class="grid gap-1">{t!(i18n, group_admin.size)}
            <input name="group_size" type="number" min="2" max="50" value=size required class=FIELD/>
        </label>
        <label class="grid gap-1">{t!(i18n, group_admin.hours)}
            <input name="hours" type="number" min="1" max="168" value=hours required class=FIELD data-testid="group-deal-hours"/>
        </label>
        <label class="grid gap-1">{t!(i18n, group_admin.limit)}
            <input name="per_member_limit" type="number" min="1" value=limit required class=FIELD/>
        </label>
        <span></span>
        <label class="grid gap-1">{move || t_string!(i18n, group_admin.starts, zone = zone_label(offset))}
            <input name="starts" type="datetime-local" step="1" required class=FIELD value=starts/>
        </label>
        <label class="grid gap-1">{move || t_string!(i18n, group_admin.ends, zone = zone_label(offset))}
            <input name="ends" type="datetime-local" step="1" required class=FIELD value=ends/>
        </label>
    }
}
