//! `/flash-sales`: running and upcoming sessions with countdowns on the
//! server's clock, progress bars, and a buy button per item. Buying is a
//! form, so it works without JavaScript (the order page follows).

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{BuyFlash, get_flash_board, get_product_flash};
use super::model::{Board, ItemView, Phase, SessionView, countdown, phase, sold_percent};
use crate::auth::guard::with_next;
use crate::auth::viewer::use_viewer;
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::settings::api::use_store_settings;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn FlashSalesPage() -> impl IntoView {
    let i18n = use_i18n();
    let buy = ServerAction::<BuyFlash>::new();
    // Re-read when a purchase lands and whenever a countdown runs out.
    let turn = RwSignal::new(0u32);
    let board = Resource::new(
        move || (buy.version().get(), turn.get()),
        |_| get_flash_board(),
    );
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, flash.title).to_string())
            description=Signal::derive(move || t_string!(i18n, flash.intro).to_string())
        />
        <div class="mx-auto max-w-5xl px-4 py-6">
            <h1 class="mb-2 text-2xl font-bold">{t!(i18n, flash.title)}</h1>
            <p class="mb-4 text-sm text-gray-600">{t!(i18n, flash.intro)}</p>
            <ActionError action=buy/>
            <Bought buy/>
            <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move {
                    board.await.map(|board| view! { <Sessions board buy turn/> })
                })}
            </Suspense>
        </div>
    }
}

/// The confirmation after a purchase, with the way to pay.
#[component]
fn Bought(buy: ServerAction<BuyFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let settings = use_store_settings();
    let minutes = settings.flash_payment_timeout_minutes;
    move || {
        let Some(Ok(order_no)) = buy.value().get() else {
            return None;
        };
        Some(view! {
            <p class="mb-4 flex flex-wrap items-center gap-3 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800" data-testid="flash-bought">
                {t!(i18n, flash.bought, minutes)}
                <a href=format!("/account/orders/{order_no}") data-testid="flash-pay"
                    class="rounded-full bg-emerald-700 px-4 py-1.5 font-semibold text-white hover:bg-emerald-800">
                    {t!(i18n, flash.pay_now)}
                </a>
            </p>
        })
    }
}

#[component]
fn Sessions(board: Board, buy: ServerAction<BuyFlash>, turn: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if board.sessions.is_empty() {
        return view! { <p class="text-gray-600" data-testid="no-flash">{t!(i18n, flash.none)}</p> }.into_any();
    }
    // The server's clock, moved on by the browser's timer: countdowns do
    // not depend on the browser's idea of the time.
    let now = RwSignal::new(board.now);
    let next_change = board
        .sessions
        .iter()
        .flat_map(|s| [s.starts_at, s.ends_at])
        .filter(|at| *at > board.now)
        .min();
    Effect::new(move || {
        if let Ok(handle) = set_interval_with_handle(
            move || now.update(|n| *n += 1_000),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    // When a session starts or ends, read the board again.
    Effect::new(move || {
        if next_change.is_some_and(|at| now.get() >= at) {
            turn.update(|t| *t += 1);
        }
    });
    view! {
        <div class="flex flex-col gap-6">
            {board.sessions.into_iter().map(|session| view! { <Session session now buy/> }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn Session(session: SessionView, now: RwSignal<i64>, buy: ServerAction<BuyFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let (starts, ends) = (session.starts_at, session.ends_at);
    let state = move || phase(starts, ends, now.get());
    let clock = move || match state() {
        Phase::Upcoming => {
            t_string!(i18n, flash.starts_in, time = countdown(starts - now.get())).to_string()
        }
        Phase::Live => {
            t_string!(i18n, flash.ends_in, time = countdown(ends - now.get())).to_string()
        }
        Phase::Ended => t_string!(i18n, flash.ended).to_string(),
    };
    view! {
        <section class="overflow-hidden rounded-2xl border border-rose-200 bg-white" data-testid="flash-session">
            <header class="flex flex-wrap items-center justify-between gap-2 bg-rose-600 px-4 py-2 text-white">
                <h2 class="font-semibold">
                    {session.title.clone()}
                    <span class="ml-2 rounded bg-white/20 px-1.5 py-0.5 text-xs">
                        {move || if state() == Phase::Live { t_string!(i18n, flash.live) } else { t_string!(i18n, flash.upcoming) }}
                    </span>
                </h2>
                <span class="font-mono text-sm tabular-nums" data-testid="flash-countdown">{clock}</span>
            </header>
            <ul class="grid gap-3 p-3 sm:grid-cols-2">
                {session.items.into_iter().map(|item| view! { <Item item live=Signal::derive(move || state() == Phase::Live) buy/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Item(item: ItemView, live: Signal<bool>, buy: ServerAction<BuyFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let sold_out = item.sold >= item.stock;
    let percent = sold_percent(item.sold, item.stock);
    let item_id = item.id;
    let button = "rounded-full px-4 py-1.5 text-sm font-semibold";
    view! {
        <li class="flex gap-3 rounded-xl border border-gray-100 p-2" data-testid="flash-item">
            <a href=format!("/p/{}", item.product_slug) class="h-24 w-24 shrink-0 overflow-hidden rounded-lg bg-gray-100">
                {item.image.clone().map(|src| view! { <img src=src alt="" class="h-full w-full object-cover"/> })}
            </a>
            <div class="flex min-w-0 flex-1 flex-col gap-1 text-sm">
                <a href=format!("/p/{}", item.product_slug) class="line-clamp-2 font-medium hover:underline">{item.title.clone()}</a>
                <p class="flex items-baseline gap-2">
                    <span class="text-lg font-bold text-rose-600" data-testid="flash-price">{format_price(item.flash_price)}</span>
                    <s class="text-xs text-gray-400">{format_price(item.price)}</s>
                </p>
                <div class="h-1.5 overflow-hidden rounded-full bg-rose-100" aria-hidden="true">
                    <div class="h-full bg-rose-500" style=format!("width: {percent}%")></div>
                </div>
                <p class="flex flex-wrap justify-between gap-1 text-xs text-gray-600">
                    <span data-testid="flash-sold">{t!(i18n, flash.sold, sold = item.sold, stock = item.stock)}</span>
                    <span>{t!(i18n, flash.limit, limit = item.per_member_limit)}</span>
                </p>
                <div class="mt-auto">
                    {move || {
                        if sold_out {
                            return view! {
                                <span class=format!("{button} inline-block bg-gray-200 text-gray-600") data-testid="flash-sold-out">{t!(i18n, flash.sold_out)}</span>
                            }.into_any();
                        }
                        if viewer.with(|v| v.member.is_none()) {
                            return view! {
                                <a href=with_next("/login", "/flash-sales") class=format!("{button} inline-block border border-rose-300 text-rose-700")>
                                    {t!(i18n, flash.login_to_buy)}
                                </a>
                            }.into_any();
                        }
                        view! {
                            <ActionForm action=buy>
                                <input type="hidden" name="item_id" value=item_id/>
                                <button type="submit" data-testid="flash-buy"
                                    disabled=move || !live.get() || buy.pending().get()
                                    class=format!("{button} bg-rose-600 text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:bg-gray-300")>
                                    {move || if !live.get() {
                                        t_string!(i18n, flash.not_started)
                                    } else if buy.pending().get() {
                                        t_string!(i18n, flash.buying)
                                    } else {
                                        t_string!(i18n, flash.buy)
                                    }}
                                </button>
                            </ActionForm>
                        }.into_any()
                    }}
                </div>
            </div>
        </li>
    }
}

/// On a product page: the flash price while a sale of the product runs,
/// linking to the sale (purchases are made there, one unit at a time).
#[component]
pub fn FlashBanner(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let flash = Resource::new(move || slug.clone(), get_product_flash);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let flash = flash.await.ok().flatten()?;
                Some(view! {
                    <a href="/flash-sales" data-testid="flash-banner"
                        class="flex flex-wrap items-center justify-between gap-2 rounded-xl bg-rose-600 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-700">
                        <span>
                            {t!(i18n, flash.on_product, price = format_price(flash.flash_price))}
                            {(!flash.variant.is_empty()).then(|| format!(" · {}", flash.variant))}
                        </span>
                        <span class="font-mono tabular-nums">{t!(i18n, flash.ends_in, time = countdown(flash.ends_at - flash.now))}</span>
                    </a>
                })
            })}
        </Suspense>
    }
}
