//! `/cart`: the lines, what changed since they were added, quantities,
//! ticks for checkout and the subtotal. Every control is a form, so the
//! page works without JavaScript; with it, changes apply without a reload.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::CartCount;
use super::api::{RemoveCartLine, SelectCartLines, UpdateCartLine, get_cart};
use super::model::{Cart, CartLine, LineNotice, MAX_LINE_QUANTITY};
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let select = ServerAction::<SelectCartLines>::new();
    let cart = Resource::new(
        move || {
            (
                update.version().get(),
                remove.version().get(),
                select.version().get(),
            )
        },
        |_| get_cart(),
    );
    let count = use_context::<CartCount>();
    let actions = CartActions {
        update,
        remove,
        select,
    };

    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, cart.title).to_string())
            description=Signal::derive(move || t_string!(i18n, cart.title).to_string())
        />
        <div class="mx-auto max-w-5xl px-4 py-6">
            <h1 class="mb-4 text-2xl font-bold">{t!(i18n, cart.title)}</h1>
            <div class="mb-4 space-y-2">
                <ActionError action=update/>
                <ActionError action=remove/>
                <ActionError action=select/>
            </div>
            <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move {
                    cart.await.map(|cart| {
                        if let Some(CartCount(count)) = count {
                            count.set(cart.units());
                        }
                        view! { <CartBody cart actions/> }
                    })
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct CartActions {
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
    select: ServerAction<SelectCartLines>,
}

#[component]
fn CartBody(cart: Cart, actions: CartActions) -> impl IntoView {
    let i18n = use_i18n();
    if cart.lines.is_empty() {
        return view! {
            <div class="rounded-2xl border border-gray-200 bg-white p-8 text-center" data-testid="cart-empty">
                <p class="text-lg font-medium">{t!(i18n, cart.empty)}</p>
                <a href="/" class="mt-4 inline-block rounded-full bg-rose-600 px-6 py-2 font-semibold text-white hover:bg-rose-700">
                    {t!(i18n, cart.keep_shopping)}
                </a>
            </div>
        }
        .into_any();
    }
    let subtotal = cart.subtotal();
    let chosen: i64 = cart.checkout_lines().map(|l| l.quantity).sum();
    let blocked = cart.blocked_lines();
    let all_selected = cart.lines.iter().all(|l| l.selected);
    view! {
        <div class="grid gap-6 lg:grid-cols-[1fr_18rem]">
            // `min-w-0`: a grid item would otherwise be as wide as its
            // longest line and push the page sideways on a phone.
            <div class="min-w-0">
                <ActionForm action=actions.select attr:class="mb-2">
                    <input type="hidden" name="selected" value=(!all_selected).to_string()/>
                    <button type="submit" class="text-sm text-rose-700 hover:underline" data-testid="select-all">
                        {if all_selected { t!(i18n, cart.select_none).into_any() } else { t!(i18n, cart.select_all).into_any() }}
                    </button>
                </ActionForm>
                <ul class="divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white">
                    {cart.lines.into_iter().map(|line| view! { <Line line actions/> }).collect_view()}
                </ul>
            </div>
            <aside class="h-fit rounded-2xl border border-gray-200 bg-white p-4 lg:sticky lg:top-4" data-testid="cart-summary">
                <p class="flex justify-between text-sm text-gray-600">
                    <span>{t!(i18n, cart.chosen_items, count = chosen)}</span>
                </p>
                <p class="mt-2 flex items-baseline justify-between">
                    <span class="font-medium">{t!(i18n, cart.subtotal)}</span>
                    <span class="text-xl font-bold text-rose-700 tabular-nums" data-testid="subtotal">{format_price(subtotal)}</span>
                </p>
                <p class="mt-1 text-xs text-gray-500">{t!(i18n, cart.subtotal_hint)}</p>
                {(blocked > 0).then(|| view! {
                    <p class="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="blocked">
                        {t!(i18n, cart.blocked, count = blocked)}
                    </p>
                })}
                {if chosen > 0 && blocked == 0 {
                    view! {
                        <a href="/checkout" data-testid="checkout"
                            class="mt-4 block rounded-full bg-rose-600 px-6 py-3 text-center font-semibold text-white hover:bg-rose-700">
                            {t!(i18n, cart.checkout)}
                        </a>
                    }.into_any()
                } else {
                    view! {
                        <span class="mt-4 block cursor-not-allowed rounded-full bg-gray-300 px-6 py-3 text-center font-semibold text-white" aria-disabled="true">
                            {t!(i18n, cart.checkout)}
                        </span>
                    }.into_any()
                }}
            </aside>
        </div>
    }
    .into_any()
}

#[component]
fn Line(line: CartLine, actions: CartActions) -> impl IntoView {
    let i18n = use_i18n();
    let notices = line.notices();
    let total = line.total();
    let sku_id = line.sku_id;
    let choose_label = t_string!(i18n, cart.choose_line, title = line.title.clone()).to_string();
    let quantity_label = t_string!(i18n, cart.quantity_of, title = line.title.clone()).to_string();
    let remove_label = t_string!(i18n, cart.remove_line, title = line.title.clone()).to_string();
    let max = line.stock.clamp(1, MAX_LINE_QUANTITY);
    view! {
        <li class="flex gap-3 p-4" data-testid="cart-line" data-sku=line.sku_code.clone()>
            <ActionForm action=actions.select attr:class="pt-6">
                <input type="hidden" name="sku_id" value=sku_id/>
                <input type="hidden" name="selected" value=(!line.selected).to_string()/>
                <button type="submit" role="checkbox" aria-checked=line.selected.to_string()
                    aria-label=choose_label
                    data-testid="line-select"
                    class=if line.selected {
                        "flex h-5 w-5 items-center justify-center rounded border border-rose-600 bg-rose-600 text-xs text-white"
                    } else {
                        "flex h-5 w-5 items-center justify-center rounded border border-gray-400 bg-white"
                    }>
                    {line.selected.then_some("✓")}
                </button>
            </ActionForm>
            <a href=format!("/p/{}", line.product_slug) class="h-16 w-16 shrink-0 overflow-hidden rounded-lg bg-gray-100 sm:h-20 sm:w-20">
                {line.image.clone().map(|src| view! {
                    <img src=src alt="" width="80" height="80" class="h-full w-full object-cover" loading="lazy"/>
                })}
            </a>
            <div class="min-w-0 flex-1">
                <div class="flex items-start justify-between gap-3">
                    <a href=format!("/p/{}", line.product_slug) class="line-clamp-2 font-medium hover:text-rose-700" data-testid="line-title">
                        {line.title.clone()}
                    </a>
                    <p class="shrink-0 text-right font-semibold tabular-nums" data-testid="line-total">{format_price(total)}</p>
                </div>
                {(!line.variant.is_empty()).then(|| view! {
                    <p class="text-sm text-gray-500" data-testid="line-variant">{line.variant.clone()}</p>
                })}
                <p class="mt-1 text-sm tabular-nums" data-testid="line-price">{format_price(line.price)}</p>
                {notices.into_iter().map(|notice| view! { <LineNoticeText notice/> }).collect_view()}
                <div class="mt-2 flex flex-wrap items-center gap-3">
                    <ActionForm action=actions.update attr:class="flex items-center gap-2">
                        <input type="hidden" name="sku_id" value=sku_id/>
                        <input name="quantity" type="number" min="1" max=max value=line.quantity required
                            aria-label=quantity_label
                            data-testid="line-quantity"
                            class="w-16 rounded-lg border border-gray-300 px-2 py-1"/>
                        <button type="submit" class="rounded-md border border-gray-300 px-3 py-1 text-sm hover:border-rose-300" data-testid="line-update">
                            {t!(i18n, cart.update)}
                        </button>
                    </ActionForm>
                    <ActionForm action=actions.remove>
                        <input type="hidden" name="sku_id" value=sku_id/>
                        <button type="submit" class="text-sm text-gray-500 hover:text-rose-700" data-testid="line-remove"
                            aria-label=remove_label>
                            {t!(i18n, cart.remove)}
                        </button>
                    </ActionForm>
                </div>
            </div>
        </li>
    }
}

#[component]
fn LineNoticeText(notice: LineNotice) -> impl IntoView {
    let i18n = use_i18n();
    let (text, warn) = match notice {
        LineNotice::PriceUp { was } => (
            t_string!(i18n, cart.price_up, was = format_price(was)).to_string(),
            true,
        ),
        LineNotice::PriceDown { was } => (
            t_string!(i18n, cart.price_down, was = format_price(was)).to_string(),
            false,
        ),
        LineNotice::OnlyLeft(count) => (t_string!(i18n, cart.only_left, count).to_string(), true),
        LineNotice::SoldOut => (t_string!(i18n, cart.sold_out).to_string(), true),
        LineNotice::Unavailable => (t_string!(i18n, cart.unavailable).to_string(), true),
    };
    view! {
        <p data-testid="line-notice"
            class=if warn { "mt-1 text-sm text-amber-700" } else { "mt-1 text-sm text-emerald-700" }>
            {text}
        </p>
    }
}
