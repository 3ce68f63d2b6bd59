//! `/admin/orders` (search and list) and `/admin/orders/{order_no}` (one
//! order with its payments, timeline and the actions its status allows).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{DecideRefund, ShipOrder, StaffCancelOrder, find_admin_orders, get_admin_order};
use super::model::{
    AdminOrderDetail, MAX_CARRIER_CHARS, MAX_TRACKING_CHARS, ORDERS_PER_ADMIN_PAGE, OrderFilter,
};
use crate::auth::permission::Permission;
use crate::i18n::{t, use_i18n};
use crate::money::format_price;
use crate::orders::pages::{ShippingMethodLine, shipping_label, status_label};
use crate::orders::shipping::ShippingMethod;
use crate::orders::status::OrderStatus;
use crate::settings::clock::shown_time;
use crate::staff::pages::Section;
use crate::ui::ActionError;

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Orders>
            <OrderSearch/>
        </Section>
    }
}

#[component]
pub fn AdminOrderPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Orders>
            <OrderAdmin/>
        </Section>
    }
}

#[component]
fn OrderSearch() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let field = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let page = move || field("page").parse::<u32>().unwrap_or(0);
    let orders = Resource::new(
        move || {
            (
                field("status"),
                field("from"),
                field("to"),
                field("order_no"),
                field("email"),
                page(),
            )
        },
        |(status, from, to, order_no, email, page)| {
            find_admin_orders(status, from, to, order_no, email, page)
        },
    );
    let input = "rounded-md border border-gray-300 px-2 py-1 text-sm";
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, orders_admin.title)}</h1>
            <a
                href=move || {
                    let filter = OrderFilter::parse(&field("status"), &field("from"), &field("to"), &field("order_no"), &field("email")).unwrap_or_default();
                    format!("/admin/orders.csv?{}", filter.query())
                }
                class="rounded-md border border-gray-300 bg-white px-3 py-1 text-sm hover:border-rose-300"
                data-testid="orders-csv"
                rel="external"
            >
                {t!(i18n, orders_admin.export)}
            </a>
        </div>
        // A plain GET form: the filter lives in the URL, so a search can be
        // bookmarked, shared and works without JavaScript.
        <form method="get" action="/admin/orders" class="mb-4 flex flex-wrap items-end gap-3 rounded-2xl border border-gray-200 bg-white p-3" data-testid="order-filter">
            <label class="flex flex-col gap-1 text-xs text-gray-600">
                {t!(i18n, orders_admin.status)}
                <select name="status" class=input>
                    <option value="">{t!(i18n, orders_admin.any_status)}</option>
                    {OrderStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || field("status") == s.as_str()>
                            {move || status_label(i18n.get_locale(), s)}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="flex flex-col gap-1 text-xs text-gray-600">
                {t!(i18n, orders_admin.from)}
                <input type="date" name="from" class=input prop:value=move || field("from")/>
            </label>
            <label class="flex flex-col gap-1 text-xs text-gray-600">
                {t!(i18n, orders_admin.to)}
                <input type="date" name="to" class=input prop:value=move || field("to")/>
            </label>
            <label class="flex flex-col gap-1 text-xs text-gray-600">
                {t!(i18n, orders_admin.order_no)}
                <input type="search" name="order_no" inputmode="numeric" class=input prop:value=move || field("order_no")/>
            </label>
            <label class="flex flex-col gap-1 text-xs text-gray-600">
                {t!(i18n, orders_admin.email)}
                <input type="search" name="email" class=input prop:value=move || field("email")/>
            </label>
            <button type="submit" class="rounded-md bg-gray-900 px-3 py-1.5 text-sm text-white">{t!(i18n, orders_admin.search)}</button>
        </form>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                orders.await.map(|found| {
                    let pages = found.total.div_ceil(ORDERS_PER_ADMIN_PAGE).max(1);
                    let current = page();
                    let link = move |to: u32| {
                        let filter = OrderFilter::parse(&field("status"), &field("from"), &field("to"), &field("order_no"), &field("email")).unwrap_or_default();
                        format!("/admin/orders?{}&page={to}", filter.query())
                    };
                    view! {
                        <p class="mb-2 text-sm text-gray-600" data-testid="orders-found">{t!(i18n, admin.found, count = found.total)}</p>
                        <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-sm" data-testid="admin-orders">
                                <thead class="bg-gray-50 text-left text-xs text-gray-500">
                                    <tr>
                                        <th class="p-2">{t!(i18n, orders_admin.order_no)}</th>
                                        <th class="p-2">{t!(i18n, orders_admin.placed)}</th>
                                        <th class="p-2">{t!(i18n, orders_admin.email)}</th>
                                        <th class="p-2">{t!(i18n, orders_admin.status)}</th>
                                        <th class="p-2 text-right">{t!(i18n, orders.total)}</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-gray-100">
                                    {found.rows.into_iter().map(|row| {
                                        let status = row.status;
                                        view! {
                                            <tr>
                                                <td class="p-2 font-mono"><a href=format!("/admin/orders/{}", row.order_no) class="text-rose-700 hover:underline">{row.order_no.clone()}</a></td>
                                                <td class="whitespace-nowrap p-2 text-gray-600">{shown_time(&row.placed_at)}</td>
                                                <td class="p-2">{row.member_email}</td>
                                                <td class="p-2">
                                                    {move || status_label(i18n.get_locale(), status)}
                                                    // Express parcels are the ones to hurry.
                                                    {(row.shipping == ShippingMethod::Express).then(|| view! {
                                                        <span class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800" data-testid="express">{move || shipping_label(i18n.get_locale(), ShippingMethod::Express)}</span>
                                                    })}
                                                </td>
                                                <td class="p-2 text-right tabular-nums">{format_price(row.total)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="mt-4 flex gap-4 text-sm">
                            {(current > 0).then(|| view! { <a href=link(current - 1) class="text-rose-700 hover:underline">{t!(i18n, admin.previous)}</a> })}
                            {(u64::from(current) + 1 < pages).then(|| view! { <a href=link(current + 1) class="text-rose-700 hover:underline">{t!(i18n, admin.next)}</a> })}
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct StaffActions {
    ship: ServerAction<ShipOrder>,
    cancel: ServerAction<StaffCancelOrder>,
    refund: ServerAction<DecideRefund>,
}

#[component]
fn OrderAdmin() -> impl IntoView {
    let params = use_params_map();
    let actions = StaffActions {
        ship: ServerAction::new(),
        cancel: ServerAction::new(),
        refund: ServerAction::new(),
    };
    let detail = Resource::new(
        move || {
            (
                params.with(|p| p.get("order_no")).unwrap_or_default(),
                actions.ship.version().get()
                    + actions.cancel.version().get()
                    + actions.refund.version().get(),
            )
        },
        |(no, _)| get_admin_order(no),
    );
    view! {
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move { detail.await.map(|detail| view! { <OrderAdminDetail detail actions/> }) })}
        </Suspense>
    }
}

#[component]
fn OrderAdminDetail(detail: AdminOrderDetail, actions: StaffActions) -> impl IntoView {
    let i18n = use_i18n();
    let order = detail.order;
    let status = order.status;
    let no = StoredValue::new(order.order_no.clone());
    let shippable = status == OrderStatus::Paid
        || (status == OrderStatus::RefundRejected && order.tracking_no.is_empty());
    let input = "rounded-md border border-gray-300 px-2 py-1 text-sm";
    view! {
        <a href="/admin/orders" class="text-sm text-rose-700 hover:underline">{t!(i18n, orders_admin.back)}</a>
        <div class="mt-2 flex flex-wrap items-start justify-between gap-3">
            <div>
                <h1 class="font-mono text-xl font-bold" data-testid="order-no">{no.get_value()}</h1>
                <p class="text-sm text-gray-600">
                    <a href=format!("/admin/members/{}", detail.member_id) class="hover:underline">{detail.member_email}</a>
                </p>
            </div>
            <span class="rounded-full bg-rose-50 px-3 py-1 text-sm font-medium text-rose-700" data-testid="order-status">
                {move || status_label(i18n.get_locale(), status)}
            </span>
        </div>
        <div class="mt-4 grid gap-4 lg:grid-cols-[1fr_20rem]">
            <div class="flex min-w-0 flex-col gap-4">
                <ul class="divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm">
                    {order.lines.into_iter().map(|line| view! {
                        <li class="flex justify-between gap-3 p-3">
                            <span class="min-w-0">{line.title}" "<span class="text-gray-500">{line.variant}" × "{line.quantity}</span></span>
                            <span class="tabular-nums">{format_price(line.line_total)}</span>
                        </li>
                    }).collect_view()}
                    <li class="flex justify-between p-3 font-semibold"><span>{t!(i18n, orders.total)}</span><span class="tabular-nums">{format_price(order.breakdown.total)}</span></li>
                </ul>
                <section class="rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                    <h2 class="mb-2 font-semibold">{t!(i18n, orders.ship_to)}</h2>
                    <p>{order.recipient}" · "{order.phone}</p>
                    <p class="text-gray-600">{order.address}</p>
                    <ShippingMethodLine method=order.shipping_method/>
                    {(!order.note.is_empty()).then(|| view! { <p class="mt-2 text-gray-600">{t!(i18n, orders.note)}": "{order.note.clone()}</p> })}
                    {(!order.tracking_no.is_empty()).then(|| view! {
                        <p class="mt-2" data-testid="tracking">{t!(i18n, orders.shipped_with, carrier = order.carrier.clone(), tracking = order.tracking_no.clone())}</p>
                    })}
                </section>
                <section class="rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                    <h2 class="mb-2 font-semibold">{t!(i18n, orders.timeline)}</h2>
                    <ol class="flex flex-col gap-2" data-testid="timeline">
                        {order.timeline.into_iter().map(|step| {
                            let to = step.to;
                            view! {
                                <li class="flex flex-wrap gap-x-3">
                                    <time class="text-gray-500 tabular-nums" datetime=step.at.clone()>{shown_time(&step.at)}</time>
                                    <span class="font-medium">{move || status_label(i18n.get_locale(), to)}</span>
                                    <span class="text-gray-500">{step.actor}</span>
                                    {(!step.reason.is_empty()).then(|| view! { <span class="text-gray-700">{step.reason.clone()}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
                <section class="rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                    <h2 class="mb-2 font-semibold">{t!(i18n, orders_admin.payments)}</h2>
                    {if detail.payments.is_empty() {
                        view! { <p class="text-gray-500">{t!(i18n, orders_admin.no_payments)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="flex flex-col gap-1" data-testid="payments">
                                {detail.payments.into_iter().map(|p| view! {
                                    <li class="flex flex-wrap gap-x-3">
                                        <span class="font-mono text-xs">{p.payment_no}</span>
                                        <span>{p.provider}</span>
                                        <span class="tabular-nums">{format_price(p.amount)}</span>
                                        <span class="font-medium">{p.status}</span>
                                        <time class="text-gray-500">{shown_time(&p.at)}</time>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
            <aside class="flex h-fit flex-col gap-4">
                {shippable.then(|| view! {
                    <ActionForm action=actions.ship attr:class="flex flex-col gap-2 rounded-2xl border border-gray-200 bg-white p-4 text-sm" attr:data-testid="ship-form">
                        <h2 class="font-semibold">{t!(i18n, orders_admin.ship)}</h2>
                        <input type="hidden" name="order_no" value=no.get_value()/>
                        <label class="flex flex-col gap-1">{t!(i18n, orders_admin.carrier)}
                            <input name="carrier" required maxlength=MAX_CARRIER_CHARS class=input/>
                        </label>
                        <label class="flex flex-col gap-1">{t!(i18n, orders_admin.tracking_no)}
                            <input name="tracking_no" required maxlength=MAX_TRACKING_CHARS class=input/>
                        </label>
                        <button type="submit" class="rounded-md bg-gray-900 px-3 py-1.5 text-white" data-testid="ship">{t!(i18n, orders_admin.ship)}</button>
                        <ActionError action=actions.ship/>
                    </ActionForm>
                })}
                {(status == OrderStatus::RefundRequested).then(|| view! {
                    <div class="flex flex-col gap-2 rounded-2xl border border-amber-200 bg-amber-50 p-4 text-sm" data-testid="refund-decision">
                        <h2 class="font-semibold">{t!(i18n, orders_admin.refund_asked)}</h2>
                        <ActionForm action=actions.refund attr:class="flex flex-col gap-2">
                            <input type="hidden" name="order_no" value=no.get_value()/>
                            <label class="flex flex-col gap-1">{t!(i18n, orders_admin.note)}
                                <input name="note" required maxlength="200" class=input/>
                            </label>
                            <div class="flex gap-2">
                                <button type="submit" name="approve" value="true" class="rounded-md bg-gray-900 px-3 py-1.5 text-white" data-testid="approve-refund">{t!(i18n, orders_admin.approve)}</button>
                                <button type="submit" name="approve" value="false" class="rounded-md border border-gray-300 bg-white px-3 py-1.5" data-testid="reject-refund">{t!(i18n, orders_admin.reject)}</button>
                            </div>
                        </ActionForm>
                        <ActionError action=actions.refund/>
                    </div>
                })}
                {(status == OrderStatus::PendingPayment).then(|| view! {
                    <ActionForm action=actions.cancel attr:class="flex flex-col gap-2 rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                        <h2 class="font-semibold">{t!(i18n, orders.cancel)}</h2>
                        <input type="hidden" name="order_no" value=no.get_value()/>
                        <label class="flex flex-col gap-1">{t!(i18n, orders_admin.note)}
                            <input name="reason" required maxlength="200" class=input/>
                        </label>
                        <button type="submit" class="rounded-md border border-gray-300 px-3 py-1.5 hover:border-rose-400" data-testid="staff-cancel">{t!(i18n, orders.cancel)}</button>
                        <ActionError action=actions.cancel/>
                    </ActionForm>
                })}
            </aside>
        </div>
    }
}
