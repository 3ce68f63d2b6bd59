//! `/checkout`: where the ticked cart lines become an order. A form first,
//! so it works without JavaScript; with it, choosing another coupon
//! updates the total at once. The delivery method is in the address
//! (`?shipping=express`): choosing one is a link, and the server prices the
//! page for it, with or without JavaScript.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::checkout_api::{
    CheckoutView, MAX_NOTE_CHARS, NO_COUPON, PlaceOrder, get_checkout, shown_lines_field,
};
use super::pages::shipping_label;
use super::shipping::{ShippingMethod, ShippingOption};
use crate::auth::guard::RequireMember;
use crate::cart::CartCount;
use crate::cart::api::cart_units;
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::navigation::reload_at;
use crate::promotions::labels;
use crate::promotions::view::CheckoutCoupon;
use crate::settings::clock::shown_time;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, orders.checkout).to_string())
            description=Signal::derive(move || t_string!(i18n, orders.checkout).to_string())
        />
        <RequireMember>
            <Checkout/>
        </RequireMember>
    }
}

#[component]
fn Checkout() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view = Resource::new(move || query.with(|q| q.get("shipping")), get_checkout);
    view! {
        <div class="mx-auto max-w-4xl px-4 py-6">
            <h1 class="mb-4 text-2xl font-bold">{t!(i18n, orders.checkout)}</h1>
            <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move { view.await.map(|view| view! { <CheckoutForm view/> }) })}
            </Suspense>
        </div>
    }
}

#[component]
fn CheckoutForm(view: CheckoutView) -> impl IntoView {
    let i18n = use_i18n();
    let place = ServerAction::<PlaceOrder>::new();
    // The order page loads afresh: the header's cart badge must drop too.
    let badge = use_context::<CartCount>();
    Effect::new(move || match place.value().get() {
        Some(Ok(order_no)) => reload_at(&format!("/account/orders/{order_no}")),
        // A refusal often means the cart changed behind this page (another
        // tab ordered or emptied it): the badge should say what it holds now.
        Some(Err(_)) => {
            if let Some(CartCount(count)) = badge {
                leptos::task::spawn_local(async move {
                    if let Ok(units) = cart_units().await {
                        count.set(units);
                    }
                });
            }
        }
        None => {}
    });
    if view.lines.is_empty() || view.blocked > 0 {
        return view! {
            <div class="rounded-2xl border border-gray-200 bg-white p-6" data-testid="checkout-empty">
                <p>{if view.blocked > 0 { t!(i18n, orders.fix_cart_first).into_any() } else { t!(i18n, orders.nothing_chosen).into_any() }}</p>
                <a href="/cart" class="mt-3 inline-block text-rose-700 hover:underline">{t!(i18n, cart.view_cart)}</a>
            </div>
        }
        .into_any();
    }
    let default_address = view
        .addresses
        .iter()
        .find(|a| a.is_default)
        .or(view.addresses.first())
        .map(|a| a.id);
    let chosen = RwSignal::new(view.best_coupon);
    let view = StoredValue::new(view);
    let addresses = view.with_value(|v| v.addresses.clone());
    let no_address = addresses.is_empty();
    view! {
        <ActionForm action=place attr:class="grid gap-6 lg:grid-cols-[1fr_18rem]" attr:data-testid="checkout-form">
            <div class="flex min-w-0 flex-col gap-6">
                <input type="hidden" name="key" value=view.with_value(|v| v.key.clone())/>
                <input type="hidden" name="expected_before_coupon" value=view.with_value(|v| v.before_coupon)/>
                <input type="hidden" name="shown_lines" value=view.with_value(|v| shown_lines_field(&v.lines))/>
                <input type="hidden" name="shipping" value=view.with_value(|v| v.shipping.as_str())/>
                <fieldset class="rounded-2xl border border-gray-200 bg-white p-4">
                    <legend class="px-1 font-semibold">{t!(i18n, orders.ship_to)}</legend>
                    {if no_address {
                        view! {
                            <p class="text-sm text-gray-600" data-testid="no-address">
                                {t!(i18n, orders.no_address)}" "
                                <a href="/account/addresses" class="text-rose-700 hover:underline">{t!(i18n, orders.add_address)}</a>
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            {addresses.iter().map(|address| view! {
                                <label class="flex gap-3 rounded-lg p-2 hover:bg-gray-50" data-testid="address-choice">
                                    <input type="radio" name="address_id" value=address.id required checked=Some(address.id) == default_address/>
                                    <span class="text-sm">
                                        <span class="font-medium">{address.recipient.clone()}" · "{address.phone.clone()}</span>
                                        <br/>
                                        <span class="text-gray-600">{address.one_line()}</span>
                                    </span>
                                </label>
                            }).collect_view()}
                            <a href="/account/addresses" class="mt-1 inline-block px-2 text-sm text-rose-700 hover:underline" data-testid="other-address">
                                {t!(i18n, orders.another_address)}
                            </a>
                        }.into_any()
                    }}
                </fieldset>
                <ul class="divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm" data-testid="checkout-lines">
                    {view.with_value(|v| v.lines.iter().map(|line| view! {
                        <li class="flex justify-between gap-3 p-3">
                            <span class="min-w-0">
                                {line.title.clone()}
                                {(!line.variant.is_empty()).then(|| view! { <span class="text-gray-500">" · "{line.variant.clone()}</span> })}
                                <span class="text-gray-500">" × "{line.quantity}</span>
                            </span>
                            <span class="shrink-0 tabular-nums">{format_price(line.total())}</span>
                        </li>
                    }).collect_view())}
                </ul>
                <DeliveryChoices options=view.with_value(|v| v.shipping_options.clone()) chosen=view.with_value(|v| v.shipping)/>
                <CouponChoices coupons=view.with_value(|v| v.coupons.clone()) chosen/>
                <label class="flex flex-col gap-1 text-sm font-medium text-gray-700">
                    {t!(i18n, orders.note)}
                    <textarea name="note" rows="2" maxlength=MAX_NOTE_CHARS class="rounded-lg border border-gray-300 p-2 font-normal"></textarea>
                </label>
            </div>
            <aside class="flex h-fit flex-col gap-3 rounded-2xl border border-gray-200 bg-white p-4 lg:sticky lg:top-4">
                <Summary view chosen/>
                // Not while a free-shipping coupon waives the fee anyway.
                {move || view.with_value(|v| v.short_of_free_shipping.filter(|_| !v.waives_shipping(chosen.get()))).map(|short| view! {
                    <p class="text-xs text-gray-600" data-testid="free-shipping-hint">
                        {t!(i18n, orders.short_of_free, amount = format_price(short))}
                    </p>
                })}
                <ActionError action=place/>
                <button type="submit" disabled=no_address data-testid="place-order"
                    class="rounded-full bg-rose-600 px-6 py-3 font-semibold text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:bg-gray-300">
                    {t!(i18n, orders.place)}
                </button>
                <p class="text-xs text-gray-500">{t!(i18n, orders.pay_next)}</p>
            </aside>
        </ActionForm>
    }
    .into_any()
}

/// The deliveries on offer, each a link to this page priced for it, so
/// the breakdown and the total the order is checked against always match
/// the method shown as chosen.
#[component]
fn DeliveryChoices(options: Vec<ShippingOption>, chosen: ShippingMethod) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="rounded-2xl border border-gray-200 bg-white p-4" data-testid="delivery">
            <legend class="px-1 font-semibold">{t!(i18n, orders.delivery)}</legend>
            {options.into_iter().map(|option| {
                let current = option.method == chosen;
                let rule = option.rule;
                let terms = move || match rule.free_from {
                    0 => format_price(rule.fee),
                    threshold => t_string!(i18n, orders.standard_terms, fee = format_price(rule.fee), threshold = format_price(threshold)).to_string(),
                };
                view! {
                    <a
                        href=format!("/checkout?shipping={}", option.method.as_str())
                        aria-current=current.then_some("true")
                        data-testid="delivery-choice"
                        class=if current { "flex items-center gap-3 rounded-lg bg-rose-50 p-2 text-sm ring-1 ring-rose-300" } else { "flex items-center gap-3 rounded-lg p-2 text-sm hover:bg-gray-50" }
                    >
                        // A drawn radio: the choice is a link, not a form field.
                        <span class=if current { "size-4 shrink-0 rounded-full border-4 border-rose-600" } else { "size-4 shrink-0 rounded-full border border-gray-400" }></span>
                        <span class="font-medium">{move || shipping_label(i18n.get_locale(), option.method)}</span>
                        <span class="ml-auto text-gray-600 tabular-nums">{terms}</span>
                    </a>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The coupons the member holds: the usable ones to choose from, the best
/// already chosen, and the others with the reason they cannot be used.
#[component]
fn CouponChoices(coupons: Vec<CheckoutCoupon>, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let (mut usable, unusable): (Vec<_>, Vec<_>) =
        coupons.into_iter().partition(|c| c.saving.is_ok());
    usable.sort_by_key(|c| std::cmp::Reverse(c.saving.unwrap_or(0)));
    let none_checked = chosen.get_untracked().is_none();
    view! {
        <fieldset class="rounded-2xl border border-gray-200 bg-white p-4" data-testid="coupons">
            <legend class="px-1 font-semibold">{t!(i18n, coupons.checkout_title)}</legend>
            {usable.into_iter().map(|coupon| {
                let id = coupon.id;
                let saving = coupon.saving.unwrap_or(0);
                view! {
                    <label class="flex items-center gap-3 rounded-lg p-2 hover:bg-gray-50" data-testid="coupon-choice">
                        <input type="radio" name="coupon" value=id checked=chosen.get_untracked() == Some(id)
                            on:change=move |_| chosen.set(Some(id))/>
                        <CouponText coupon/>
                        <span class="ml-auto shrink-0 text-sm font-semibold text-emerald-700 tabular-nums" data-testid="coupon-saving">
                            {t!(i18n, coupons.saves, amount = format_price(saving))}
                        </span>
                    </label>
                }
            }).collect_view()}
            <label class="flex items-center gap-3 rounded-lg p-2 text-sm hover:bg-gray-50">
                <input type="radio" name="coupon" value=NO_COUPON checked=none_checked
                    on:change=move |_| chosen.set(None)/>
                {t!(i18n, coupons.no_coupon)}
            </label>
            {unusable.into_iter().map(|coupon| {
                let why = coupon.saving.err();
                view! {
                    <div class="flex items-center gap-3 rounded-lg p-2 opacity-70" data-testid="coupon-unusable">
                        <input type="radio" disabled/>
                        <CouponText coupon/>
                        <span class="ml-auto shrink-0 text-xs text-gray-600" data-testid="coupon-reason">
                            {move || why.map(|why| labels::unusable(i18n.get_locale(), why))}
                        </span>
                    </div>
                }
            }).collect_view()}
            <a href="/coupons" class="mt-1 inline-block text-sm text-rose-700 hover:underline">{t!(i18n, coupons.go_to_centre)}</a>
        </fieldset>
    }
}

#[component]
fn CouponText(coupon: CheckoutCoupon) -> impl IntoView {
    let i18n = use_i18n();
    let terms = coupon.terms.clone();
    view! {
        <span class="min-w-0 text-sm">
            <span class="font-medium">{coupon.name}</span>
            <span class="block text-xs text-gray-600">
                {move || labels::summary(i18n.get_locale(), &terms)}
                " · "{t!(i18n, coupons.valid_until, time = shown_time(&coupon.ends_at))}
            </span>
        </span>
    }
}

/// Items, shipping, the offer and the chosen coupon, and what is left to
/// pay; it follows the coupon chosen.
#[component]
fn Summary(view: StoredValue<CheckoutView>, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = use_i18n();
    let row = "flex justify-between text-sm";
    let (items, fee, offer) = view.with_value(|v| (v.items, v.shipping_fee, v.offer.clone()));
    let saving = move || view.with_value(|v| v.saving_of(chosen.get()));
    let total = move || view.with_value(|v| v.total_with(chosen.get()));
    view! {
        <dl class="flex flex-col gap-1" data-testid="breakdown">
            <div class=row><dt>{t!(i18n, orders.items)}</dt><dd class="tabular-nums">{format_price(items)}</dd></div>
            <div class=row><dt>{t!(i18n, orders.shipping)}</dt><dd class="tabular-nums" data-testid="shipping">{format_price(fee)}</dd></div>
            {offer.map(|offer| view! {
                <div class=format!("{row} gap-2") data-testid="offer-line">
                    <dt class="min-w-0 truncate" title=offer.name.clone()>{t!(i18n, coupons.offer)}" · "{offer.name.clone()}</dt>
                    <dd class="shrink-0 whitespace-nowrap tabular-nums text-emerald-700">"−"{format_price(offer.saving)}</dd>
                </div>
            })}
            <Show when=move || { saving() > 0 }>
                <div class=row data-testid="coupon-line">
                    <dt>{t!(i18n, coupons.coupon_line)}</dt>
                    <dd class="whitespace-nowrap tabular-nums text-emerald-700">"−"{move || format_price(saving())}</dd>
                </div>
            </Show>
            <div class="mt-1 flex items-baseline justify-between border-t border-gray-100 pt-2">
                <dt class="font-medium">{t!(i18n, orders.total)}</dt>
                <dd class="text-xl font-bold text-rose-700 tabular-nums" data-testid="total">{move || format_price(total())}</dd>
            </div>
        </dl>
    }
}
