//! `/account/orders` and `/account/orders/{order_no}`. Every action is a
//! form first, so paying, cancelling, confirming and refund requests work
//! without JavaScript. Checkout is in [`super::checkout_page`].

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{
    CancelOrder, ConfirmReceipt, MAX_REFUND_REASON_CHARS, ORDERS_PER_PAGE, OrderView,
    RequestRefund, get_order, get_orders,
};
use super::pricing::PriceBreakdown;
use super::shipping::ShippingMethod;
use super::status::OrderStatus;
use super::tabs::OrderTab;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::money::format_price;
use crate::payments::api::StartPayment;
use crate::settings::clock::shown_time;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn Breakdown(breakdown: PriceBreakdown) -> impl IntoView {
    let i18n = use_i18n();
    let row = "flex justify-between text-sm";
    view! {
        <dl class="flex flex-col gap-1" data-testid="breakdown">
            <div class=row><dt>{t!(i18n, orders.items)}</dt><dd class="tabular-nums">{format_price(breakdown.items)}</dd></div>
            <div class=row><dt>{t!(i18n, orders.shipping)}</dt><dd class="tabular-nums" data-testid="shipping">{format_price(breakdown.shipping)}</dd></div>
            {(breakdown.discount > 0).then(|| view! {
                <div class=row><dt>{t!(i18n, orders.discount)}</dt><dd class="tabular-nums">"−"{format_price(breakdown.discount)}</dd></div>
            })}
            <div class="mt-1 flex items-baseline justify-between border-t border-gray-100 pt-2">
                <dt class="font-medium">{t!(i18n, orders.total)}</dt>
                <dd class="text-xl font-bold text-rose-700 tabular-nums" data-testid="total">{format_price(breakdown.total)}</dd>
            </div>
        </dl>
    }
}

/// How the order travels, under its address.
#[component]
pub fn ShippingMethodLine(method: ShippingMethod) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="mt-1" data-testid="shipping-method">
            {t!(i18n, orders.delivery)}": "{move || shipping_label(i18n.get_locale(), method)}
        </p>
    }
}

pub fn status_label(locale: Locale, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::PendingPayment => td_string!(locale, orders.pending_payment),
        OrderStatus::Paid => td_string!(locale, orders.paid),
        OrderStatus::Shipped => td_string!(locale, orders.shipped),
        OrderStatus::Delivered => td_string!(locale, orders.delivered),
        OrderStatus::Completed => td_string!(locale, orders.completed),
        OrderStatus::Cancelled => td_string!(locale, orders.cancelled),
        OrderStatus::RefundRequested => td_string!(locale, orders.refund_requested),
        OrderStatus::Refunded => td_string!(locale, orders.refunded),
        OrderStatus::RefundRejected => td_string!(locale, orders.refund_rejected),
    }
}

pub fn shipping_label(locale: Locale, method: ShippingMethod) -> &'static str {
    match method {
        ShippingMethod::Standard => td_string!(locale, orders.standard),
        ShippingMethod::Express => td_string!(locale, orders.express),
    }
}

fn tab_label(locale: Locale, tab: OrderTab) -> &'static str {
    match tab {
        OrderTab::All => td_string!(locale, orders.tab_all),
        OrderTab::ToPay => td_string!(locale, orders.tab_to_pay),
        OrderTab::ToShip => td_string!(locale, orders.tab_to_ship),
        OrderTab::ToReceive => td_string!(locale, orders.tab_to_receive),
        OrderTab::Completed => td_string!(locale, orders.tab_completed),
        OrderTab::Refunds => td_string!(locale, orders.tab_refunds),
        OrderTab::Cancelled => td_string!(locale, orders.tab_cancelled),
    }
}

/// `/account/orders`: the member's orders, newest first.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(0)
    };
    let tab = move || OrderTab::parse(&query.with(|q| q.get("tab")).unwrap_or_default());
    let orders = Resource::new(
        move || (tab(), page()),
        |(tab, page)| get_orders(Some(tab.as_str().to_owned()), page),
    );
    let tab_class = "whitespace-nowrap rounded-full px-3 py-1 text-sm aria-[current=page]:bg-rose-600 aria-[current=page]:text-white hover:bg-rose-50";
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, orders.my_orders).to_string())
            description=Signal::derive(move || t_string!(i18n, orders.my_orders).to_string())
        />
        <h1 class="mb-4 text-2xl font-bold">{t!(i18n, orders.my_orders)}</h1>
        <nav class="mb-4 flex gap-1 overflow-x-auto" data-testid="order-tabs">
            {OrderTab::ALL.into_iter().map(|t| view! {
                <a href=format!("/account/orders?tab={}", t.as_str()) class=tab_class
                    aria-current=move || (tab() == t).then_some("page")>
                    {move || tab_label(i18n.get_locale(), t)}
                </a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                orders.await.map(|orders| {
                    let current = page();
                    let more = orders.len() as u64 == ORDERS_PER_PAGE;
                    if orders.is_empty() && current == 0 {
                        return view! {
                            <p class="text-gray-600" data-testid="no-orders">
                                {if tab() == OrderTab::All { t!(i18n, orders.none_yet).into_any() } else { t!(i18n, orders.none_in_tab).into_any() }}
                            </p>
                        }.into_any();
                    }
                    view! {
                        <ul class="divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white" data-testid="order-list">
                            {orders.into_iter().map(|order| {
                                let status = order.status;
                                view! {
                                    <li>
                                        <a href=format!("/account/orders/{}", order.order_no) class="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-gray-50">
                                            <span class="min-w-0">
                                                <span class="block truncate font-medium">{order.items}</span>
                                                <span class="block text-xs text-gray-500">{shown_time(&order.placed_at)}" · "<span class="font-mono">{order.order_no.clone()}</span></span>
                                            </span>
                                            <span class="flex items-center gap-3">
                                                <span class="text-sm text-rose-700">{move || status_label(i18n.get_locale(), status)}</span>
                                                <span class="font-semibold tabular-nums">{format_price(order.total)}</span>
                                            </span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <nav class="mt-4 flex gap-4 text-sm">
                            {(current > 0).then(|| view! { <a href=format!("/account/orders?tab={}&page={}", tab().as_str(), current - 1) class="text-rose-700 hover:underline">{t!(i18n, admin.previous)}</a> })}
                            {more.then(|| view! { <a href=format!("/account/orders?tab={}&page={}", tab().as_str(), current + 1) class="text-rose-700 hover:underline">{t!(i18n, admin.next)}</a> })}
                        </nav>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

/// What a member can do to an order from its page.
#[derive(Clone, Copy)]
struct OrderActions {
    cancel: ServerAction<CancelOrder>,
    pay: ServerAction<StartPayment>,
    confirm: ServerAction<ConfirmReceipt>,
    refund: ServerAction<RequestRefund>,
}

/// `/account/orders/{order_no}`: one of the member's orders.
#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let actions = OrderActions {
        cancel: ServerAction::new(),
        pay: ServerAction::new(),
        confirm: ServerAction::new(),
        refund: ServerAction::new(),
    };
    // Off to the provider's page: it may be on another site, so this is a
    // full navigation, not the router's.
    Effect::new(move || {
        if let Some(Ok(url)) = actions.pay.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&url);
            #[cfg(not(feature = "hydrate"))]
            let _ = url;
        }
    });
    let order_no = move || params.with(|p| p.get("order_no")).unwrap_or_default();
    let order = Resource::new(
        move || {
            (
                order_no(),
                actions.cancel.version().get()
                    + actions.confirm.version().get()
                    + actions.refund.version().get(),
            )
        },
        |(no, _)| get_order(no),
    );
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, orders.order).to_string())
            description=Signal::derive(move || t_string!(i18n, orders.order).to_string())
        />
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move { order.await.map(|order| view! { <OrderDetail order actions/> }) })}
        </Suspense>
    }
}

#[component]
fn OrderDetail(order: OrderView, actions: OrderActions) -> impl IntoView {
    let i18n = use_i18n();
    let status = order.status;
    let can_refund = matches!(status, OrderStatus::Paid | OrderStatus::Shipped);
    let no = StoredValue::new(order.order_no.clone());
    view! {
        <div class="flex flex-wrap items-start justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold">{t!(i18n, orders.order)}</h1>
                <p class="mt-1 font-mono text-sm text-gray-600" data-testid="order-no">{order.order_no.clone()}</p>
            </div>
            <span class="rounded-full bg-rose-50 px-3 py-1 text-sm font-medium text-rose-700" data-testid="order-status">
                {move || status_label(i18n.get_locale(), status)}
            </span>
        </div>
        {order.group_id.map(|group_id| view! {
            <a href=format!("/group/{group_id}") data-testid="order-group"
                class="mt-3 inline-block text-sm font-medium text-orange-700 underline">
                {t!(i18n, orders.group_link)}
            </a>
        })}
        {(status == OrderStatus::PendingPayment).then(|| view! {
            <div class="mt-4 rounded-2xl border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="awaiting-payment">
                {order.last_payment_failed.then(|| view! {
                    <p class="mb-2 font-medium text-rose-700" data-testid="payment-failed">{t!(i18n, payments.failed_try_again)}</p>
                })}
                <p>{t!(i18n, orders.pay_by, time = shown_time(&order.pay_by))}</p>
                <div class="mt-3 flex flex-wrap gap-2">
                    <ActionForm action=actions.pay>
                        <input type="hidden" name="order_no" value=no.get_value()/>
                        <button type="submit" class="rounded-md bg-rose-600 px-4 py-1.5 font-semibold text-white hover:bg-rose-700" data-testid="pay-order">
                            {if order.last_payment_failed { t!(i18n, payments.pay_again).into_any() } else { t!(i18n, payments.pay_now).into_any() }}
                        </button>
                    </ActionForm>
                    <ActionForm action=actions.cancel>
                        <input type="hidden" name="order_no" value=no.get_value()/>
                        <button type="submit" class="rounded-md border border-amber-300 bg-white px-3 py-1.5 hover:border-rose-400" data-testid="cancel-order">
                            {t!(i18n, orders.cancel)}
                        </button>
                    </ActionForm>
                </div>
                <div class="mt-2"><ActionError action=actions.pay/><ActionError action=actions.cancel/></div>
            </div>
        })}
        {(!order.tracking_no.is_empty()).then(|| view! {
            <p class="mt-4 rounded-2xl border border-gray-200 bg-white p-4 text-sm" data-testid="tracking">
                {t!(i18n, orders.shipped_with, carrier = order.carrier.clone(), tracking = order.tracking_no.clone())}
            </p>
        })}
        {(status == OrderStatus::Shipped || (status == OrderStatus::RefundRejected && !order.tracking_no.is_empty())).then(|| view! {
            <ActionForm action=actions.confirm attr:class="mt-4">
                <input type="hidden" name="order_no" value=no.get_value()/>
                <button type="submit" class="rounded-md bg-rose-600 px-4 py-1.5 text-sm font-semibold text-white hover:bg-rose-700" data-testid="confirm-receipt">
                    {t!(i18n, orders.confirm_receipt)}
                </button>
                <div class="mt-2"><ActionError action=actions.confirm/></div>
            </ActionForm>
        })}
        {can_refund.then(|| view! {
            <details class="mt-4 rounded-2xl border border-gray-200 bg-white p-4 text-sm" data-testid="refund">
                <summary class="cursor-pointer font-medium">{t!(i18n, orders.ask_refund)}</summary>
                <ActionForm action=actions.refund attr:class="mt-3 flex flex-col gap-2">
                    <input type="hidden" name="order_no" value=no.get_value()/>
                    <label class="flex flex-col gap-1">
                        <span>{t!(i18n, orders.refund_reason)}</span>
                        <textarea name="reason" required maxlength=MAX_REFUND_REASON_CHARS rows="2" class="rounded-md border border-gray-300 px-3 py-2"></textarea>
                    </label>
                    <button type="submit" class="w-fit rounded-md border border-gray-300 px-3 py-1.5 hover:border-rose-400" data-testid="request-refund">
                        {t!(i18n, orders.send_refund_request)}
                    </button>
                    <ActionError action=actions.refund/>
                </ActionForm>
            </details>
        })}
        <div class="mt-6 grid gap-6 md:grid-cols-[1fr_18rem]">
            <div class="flex min-w-0 flex-col gap-4">
                <ul class="divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm" data-testid="order-lines">
                    {order.lines.into_iter().map(|line| view! {
                        <li class="flex justify-between gap-3 p-3">
                            <span class="min-w-0">
                                {line.title}
                                {(!line.variant.is_empty()).then(|| view! { <span class="text-gray-500">" · "{line.variant.clone()}</span> })}
                                <span class="text-gray-500">" × "{line.quantity}</span>
                            </span>
                            <span class="shrink-0 text-right tabular-nums">
                                {format_price(line.line_total)}
                                {(line.discount > 0).then(|| view! {
                                    <span class="block text-xs text-emerald-700" data-testid="line-discount">"−"{format_price(line.discount)}</span>
                                })}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
                <section class="rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                    <h2 class="mb-2 font-semibold">{t!(i18n, orders.ship_to)}</h2>
                    <p>{order.recipient}" · "{order.phone}</p>
                    <p class="text-gray-600">{order.address}</p>
                    <ShippingMethodLine method=order.shipping_method/>
                    {(!order.note.is_empty()).then(|| view! { <p class="mt-2 text-gray-600">{t!(i18n, orders.note)}": "{order.note.clone()}</p> })}
                </section>
                <section class="rounded-2xl border border-gray-200 bg-white p-4 text-sm">
                    <h2 class="mb-2 font-semibold">{t!(i18n, orders.timeline)}</h2>
                    <ol class="flex flex-col gap-2" data-testid="timeline">
                        {order.timeline.into_iter().map(|step| {
                            let to = step.to;
                            view! {
                                <li class="flex gap-3">
                                    <time class="shrink-0 text-gray-500 tabular-nums" datetime=step.at.clone()>{shown_time(&step.at)}</time>
                                    // Reasons may hold long unbroken ids (a payment number).
                                    <span class="min-w-0 wrap-break-word">
                                        <span class="font-medium">{move || status_label(i18n.get_locale(), to)}</span>
                                        {(!step.reason.is_empty()).then(|| view! { <span class="text-gray-500">" · "{step.reason.clone()}</span> })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            </div>
            <aside class="h-fit rounded-2xl border border-gray-200 bg-white p-4">
                <Breakdown breakdown=order.breakdown/>
            </aside>
        </div>
    }
}
