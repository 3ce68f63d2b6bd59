//! `/admin/promotions`: coupon templates with their claimed and used
//! counts and revenue, and store-wide offers; forms to make, edit, pause
//! and resume them and to issue coupons to members.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{
    CreateCouponTemplate, CreateOffer, EditCouponTemplate, EditOffer, IssueCoupons,
    SetCouponTemplateActive, SetOfferActive, get_promotions_admin,
};
use super::model::{OfferRow, TemplateRow};
use crate::auth::permission::Permission;
use crate::i18n::{t, td_string, use_i18n};
use crate::money::format_price;
use crate::promotions::labels;
use crate::staff::pages::Section;
use crate::ui::ActionError;

const INPUT: &str = "rounded-md border border-gray-300 px-2 py-1";
/// An input filling its grid cell, however narrow.
const FIELD: &str = "w-full min-w-0 rounded-md border border-gray-300 px-2 py-1";
const BUTTON: &str = "w-fit rounded-md bg-gray-900 px-3 py-1.5 text-sm text-white";
const SMALL_BUTTON: &str = "rounded-md border border-gray-300 px-2 py-0.5 text-xs hover:bg-gray-50";

#[component]
pub fn AdminPromotionsPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Marketing>
            <Promotions/>
        </Section>
    }
}

#[component]
fn Promotions() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateCouponTemplate>::new();
    let edit = ServerAction::<EditCouponTemplate>::new();
    let status = ServerAction::<SetCouponTemplateActive>::new();
    let issue = ServerAction::<IssueCoupons>::new();
    let create_offer = ServerAction::<CreateOffer>::new();
    let offer_status = ServerAction::<SetOfferActive>::new();
    let offer_edit = ServerAction::<EditOffer>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                edit.version().get(),
                status.version().get(),
                issue.version().get(),
                create_offer.version().get(),
                offer_status.version().get(),
                offer_edit.version().get(),
            )
        },
        |_| get_promotions_admin(),
    );
    view! {
        <h1 class="mb-4 text-2xl font-bold">{t!(i18n, coupons_admin.title)}</h1>
        <h2 class="mb-2 text-lg font-semibold">{t!(i18n, coupons_admin.templates)}</h2>
        <ActionError action=status/>
        <ActionError action=edit/>
        <ActionError action=issue/>
        {move || issue.value().get().and_then(Result::ok).map(|report| {
            if report.unknown.is_empty() {
                view! { <p class="mb-2 text-sm text-emerald-700" data-testid="issued">{t!(i18n, coupons_admin.issued, count = report.issued)}</p> }.into_any()
            } else {
                view! { <p class="mb-2 text-sm text-rose-700" data-testid="issue-unknown">{t!(i18n, coupons_admin.unknown_emails, emails = report.unknown.join(", "))}</p> }.into_any()
            }
        })}
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|data| view! {
                    <div class="mb-4 overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                        <table class="w-full text-sm" data-testid="coupon-templates">
                            <thead class="bg-gray-50 text-left text-xs text-gray-500">
                                <tr>
                                    <th class="p-2">{t!(i18n, coupons_admin.name)}</th>
                                    <th class="p-2">{t!(i18n, coupons_admin.claimed)}</th>
                                    <th class="p-2">{t!(i18n, coupons_admin.used)}</th>
                                    <th class="p-2">{t!(i18n, coupons_admin.revenue)}</th>
                                    <th class="p-2">{t!(i18n, coupons_admin.status)}</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-gray-100">
                                {data.templates.into_iter().map(|row| view! { <TemplateRowView row status edit issue/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h2 class="mb-2 mt-6 text-lg font-semibold">{t!(i18n, coupons_admin.offers)}</h2>
                    <ActionError action=offer_status/>
                    <ActionError action=offer_edit/>
                    <ul class="mb-4 divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm" data-testid="offers">
                        {data.offers.into_iter().map(|row| view! { <OfferRowView row offer_status offer_edit/> }).collect_view()}
                    </ul>
                })
            })}
        </Suspense>
        <div class="grid gap-4 lg:grid-cols-2">
            <NewTemplateForm create/>
            <NewOfferForm create=create_offer/>
        </div>
    }
}

#[component]
fn TemplateRowView(
    row: TemplateRow,
    status: ServerAction<SetCouponTemplateActive>,
    edit: ServerAction<EditCouponTemplate>,
    issue: ServerAction<IssueCoupons>,
) -> impl IntoView {
    let i18n = use_i18n();
    let terms = row.terms.clone();
    view! {
        <tr class="align-top" data-testid="coupon-template">
            <td class="p-2">
                <p class="font-medium">{row.name.clone()}</p>
                <p class="text-xs text-gray-500">
                    {move || labels::summary(i18n.get_locale(), &terms)}
                </p>
                <p class="text-xs text-gray-500">{row.claim_from.clone()}" – "{row.claim_until.clone()}</p>
                <details class="mt-1">
                    <summary class="cursor-pointer text-xs text-rose-700">{t!(i18n, coupons_admin.edit)}</summary>
                    <ActionForm action=edit attr:class="mt-2 grid gap-2 text-xs">
                        <input type="hidden" name="template_id" value=row.id/>
                        <input name="name" required class=INPUT value=row.name.clone()/>
                        <label>{t!(i18n, coupons_admin.quantity)}" "<input name="total_quantity" type="number" min="1" class=INPUT value=row.total_quantity/></label>
                        <label>{t!(i18n, coupons_admin.claim_until)}" "<input name="claim_until" type="date" class=INPUT value=row.claim_until.clone()/></label>
                        <label>{t!(i18n, coupons_admin.per_member)}" "<input name="per_member_limit" type="number" min="1" max="100" class=INPUT value=row.per_member_limit/></label>
                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, coupons_admin.save)}</button>
                    </ActionForm>
                    <ActionForm action=issue attr:class="mt-2 grid gap-2 text-xs">
                        <input type="hidden" name="template_id" value=row.id/>
                        <label class="grid gap-1">{t!(i18n, coupons_admin.issue_emails)}
                            <textarea name="emails" rows="2" required class=INPUT data-testid="issue-emails"></textarea>
                        </label>
                        <button type="submit" class=SMALL_BUTTON data-testid="issue">{t!(i18n, coupons_admin.issue)}</button>
                    </ActionForm>
                </details>
            </td>
            <td class="p-2 tabular-nums" data-testid="template-claimed">{row.claimed}" / "{row.total_quantity}</td>
            <td class="p-2 tabular-nums" data-testid="template-used">{row.used}</td>
            <td class="p-2 tabular-nums">{format_price(row.revenue)}</td>
            <td class="p-2">
                <ActionForm action=status>
                    <input type="hidden" name="template_id" value=row.id/>
                    <input type="hidden" name="active" value=(!row.active).to_string()/>
                    <span class="mr-2">{if row.active { t!(i18n, coupons_admin.active).into_any() } else { t!(i18n, coupons_admin.paused).into_any() }}</span>
                    <button type="submit" class=SMALL_BUTTON data-testid="toggle-template">
                        {if row.active { t!(i18n, coupons_admin.pause).into_any() } else { t!(i18n, coupons_admin.resume).into_any() }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn OfferRowView(
    row: OfferRow,
    offer_status: ServerAction<SetOfferActive>,
    offer_edit: ServerAction<EditOffer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scope = row.scope.clone();
    // As staff type them: yuan, `299:30, 599:80`.
    let yuan = crate::money::decimal;
    let tiers_typed = row
        .tiers
        .iter()
        .map(|t| format!("{}:{}", yuan(t.threshold), yuan(t.off)))
        .collect::<Vec<_>>()
        .join(", ");
    let tiers = row.tiers.clone();
    let tiers = move || {
        let locale = i18n.get_locale();
        tiers
            .iter()
            .map(|t| {
                td_string!(
                    locale,
                    coupons_admin.tier,
                    off = format_price(t.off),
                    threshold = format_price(t.threshold)
                )
                .to_string()
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <li class="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="offer">
            <span class="min-w-0">
                <span class="block font-medium">{row.name.clone()}</span>
                <span class="block text-xs text-gray-500">{tiers}" · "{move || labels::scope(i18n.get_locale(), &scope)}</span>
                <span class="block text-xs text-gray-500">{row.starts.clone()}" – "{row.ends.clone()}</span>
                <details class="mt-1">
                    <summary class="cursor-pointer text-xs text-rose-700">{t!(i18n, coupons_admin.edit_offer)}</summary>
                    <ActionForm action=offer_edit attr:class="mt-2 grid gap-2 text-xs">
                        <input type="hidden" name="offer_id" value=row.id/>
                        <input name="name" required class=INPUT value=row.name.clone()/>
                        <label>{t!(i18n, coupons_admin.tiers)}" "<input name="tiers" required class=INPUT value=tiers_typed/></label>
                        <label>{t!(i18n, coupons_admin.starts)}" "<input name="starts" type="date" class=INPUT value=row.starts.clone()/></label>
                        <label>{t!(i18n, coupons_admin.ends)}" "<input name="ends" type="date" class=INPUT value=row.ends.clone()/></label>
                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, coupons_admin.save)}</button>
                    </ActionForm>
                </details>
            </span>
            <ActionForm action=offer_status>
                <input type="hidden" name="offer_id" value=row.id/>
                <input type="hidden" name="active" value=(!row.active).to_string()/>
                <span class="mr-2">{if row.active { t!(i18n, coupons_admin.active).into_any() } else { t!(i18n, coupons_admin.paused).into_any() }}</span>
                <button type="submit" class=SMALL_BUTTON>
                    {if row.active { t!(i18n, coupons_admin.pause).into_any() } else { t!(i18n, coupons_admin.resume).into_any() }}
                </button>
            </ActionForm>
        </li>
    }
}

/// Which products a promotion looks at: all, or categories or products by
/// id. Field names go under `prefix` when the form posts a struct.
#[component]
fn ScopeFields(#[prop(optional)] prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let named = move |field: &str| {
        if prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{prefix}[{field}]")
        }
    };
    view! {
        <label class="grid gap-1">{t!(i18n, coupons_admin.scope)}
            <select name=named("scope_kind") class=FIELD>
                <option value="all">{t!(i18n, coupons_admin.scope_all)}</option>
                <option value="categories">{t!(i18n, coupons_admin.scope_categories)}</option>
                <option value="products">{t!(i18n, coupons_admin.scope_products)}</option>
            </select>
        </label>
        <label class="grid gap-1">{t!(i18n, coupons_admin.scope_ids)}
            <input name=named("scope_ids") class=FIELD placeholder="12, 15"/>
        </label>
    }
}

#[component]
fn NewTemplateForm(create: ServerAction<CreateCouponTemplate>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=create attr:class="grid gap-2 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="new-template">
            <h3 class="font-semibold">{t!(i18n, coupons_admin.new_template)}</h3>
            <label class="grid gap-1">{t!(i18n, coupons_admin.name)}<input name="form[name]" required maxlength="80" class=FIELD/></label>
            <label class="grid gap-1">{t!(i18n, coupons_admin.kind)}
                <select name="form[kind]" class=FIELD>
                    <option value="amount_off">{t!(i18n, coupons_admin.kind_amount_off)}</option>
                    <option value="percent_off">{t!(i18n, coupons_admin.kind_percent_off)}</option>
                    <option value="free_shipping">{t!(i18n, coupons_admin.kind_free_shipping)}</option>
                </select>
            </label>
            <div class="grid grid-cols-3 gap-2">
                <label class="grid gap-1">{t!(i18n, coupons_admin.amount)}<input name="form[amount]" inputmode="decimal" class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.percent)}<input name="form[percent]" type="number" min="1" max="99" class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.cap)}<input name="form[cap]" inputmode="decimal" class=FIELD/></label>
            </div>
            <label class="grid gap-1">{t!(i18n, coupons_admin.threshold)}<input name="form[threshold]" inputmode="decimal" class=FIELD value="0"/></label>
            <ScopeFields prefix="form"/>
            <div class="grid grid-cols-2 gap-2">
                <label class="grid gap-1">{t!(i18n, coupons_admin.claim_from)}<input name="form[claim_from]" type="date" required class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.claim_until)}<input name="form[claim_until]" type="date" required class=FIELD/></label>
            </div>
            <label class="grid gap-1">{t!(i18n, coupons_admin.valid_days)}<input name="form[valid_days]" type="number" min="1" max="365" class=FIELD/></label>
            <p class="text-xs text-gray-500">{t!(i18n, coupons_admin.or_fixed)}</p>
            <div class="grid grid-cols-2 gap-2">
                <label class="grid gap-1">{t!(i18n, coupons_admin.use_from)}<input name="form[use_from]" type="date" class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.use_until)}<input name="form[use_until]" type="date" class=FIELD/></label>
            </div>
            <div class="grid grid-cols-2 gap-2">
                <label class="grid gap-1">{t!(i18n, coupons_admin.quantity)}<input name="form[total_quantity]" type="number" min="1" required class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.per_member)}<input name="form[per_member_limit]" type="number" min="1" max="100" value="1" required class=FIELD/></label>
            </div>
            <label class="flex items-center gap-2"><input type="checkbox" name="form[new_members_only]" value="on"/>{t!(i18n, coupons_admin.new_only)}</label>
            <button type="submit" class=BUTTON data-testid="create-template">{t!(i18n, coupons_admin.create)}</button>
            <ActionError action=create/>
        </ActionForm>
    }
}

#[component]
fn NewOfferForm(create: ServerAction<CreateOffer>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=create attr:class="grid h-fit gap-2 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="new-offer">
            <h3 class="font-semibold">{t!(i18n, coupons_admin.new_offer)}</h3>
            <label class="grid gap-1">{t!(i18n, coupons_admin.name)}<input name="name" required maxlength="80" class=FIELD/></label>
            <label class="grid gap-1">{t!(i18n, coupons_admin.tiers)}<input name="tiers" required class=FIELD placeholder="299:30, 599:80"/></label>
            <ScopeFields/>
            <div class="grid grid-cols-2 gap-2">
                <label class="grid gap-1">{t!(i18n, coupons_admin.starts)}<input name="starts" type="date" required class=FIELD/></label>
                <label class="grid gap-1">{t!(i18n, coupons_admin.ends)}<input name="ends" type="date" required class=FIELD/></label>
            </div>
            <button type="submit" class=BUTTON data-testid="create-offer">{t!(i18n, coupons_admin.create)}</button>
            <ActionError action=create/>
        </ActionForm>
    }
}
