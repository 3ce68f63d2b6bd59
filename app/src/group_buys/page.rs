//! `/group-buys` lists running deals with the groups open on them, and
//! `/group/{id}` is the page members share to fill a group: who is in
//! (initials only), places left, the countdown on the server's clock,
//! and the way to join or to pay for one's place. Opening and joining
//! are forms, so both work without JavaScript.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::api::{
    JoinGroup, OpenGroup as OpenGroupAction, get_group, get_group_deals, get_product_deal,
};
use super::model::{DealView, GroupStage, GroupView, OpenGroup, Place, places_left, whole_hours};
use crate::auth::guard::with_next;
use crate::auth::viewer::use_viewer;
use crate::error::AppError;
use crate::flash_sales::model::countdown;
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::pages::NotFound;
use crate::ui::ActionError;
use crate::ui::PageMeta;

const BUTTON: &str = "inline-block rounded-full px-4 py-1.5 text-sm font-semibold";

/// The server's clock, moved on each second by the browser's timer.
fn ticking(start: i64) -> RwSignal<i64> {
    let now = RwSignal::new(start);
    Effect::new(move || {
        if let Ok(handle) = set_interval_with_handle(
            move || now.update(|n| *n += 1_000),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    now
}

#[component]
pub fn GroupBuysPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = ServerAction::<OpenGroupAction>::new();
    let deals = Resource::new(move || open.version().get(), |_| get_group_deals());
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(group_id)) = open.value().get() {
            navigate(&format!("/group/{group_id}"), Default::default());
        }
    });
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, group.title).to_string())
            description=Signal::derive(move || t_string!(i18n, group.intro).to_string())
        />
        <div class="mx-auto max-w-5xl px-4 py-6">
            <h1 class="mb-2 text-2xl font-bold">{t!(i18n, group.title)}</h1>
            <p class="mb-4 text-sm text-gray-600">{t!(i18n, group.intro)}</p>
            <ActionError action=open/>
            <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move {
                    deals.await.map(|deals| {
                        if deals.deals.is_empty() {
                            return view! { <p class="text-gray-600" data-testid="no-group-deals">{t!(i18n, group.none)}</p> }.into_any();
                        }
                        let now = ticking(deals.now);
                        view! {
                            <ul class="flex flex-col gap-4">
                                {deals.deals.into_iter().map(|deal| view! { <Deal deal now open/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Deal(deal: DealView, now: RwSignal<i64>, open: ServerAction<OpenGroupAction>) -> impl IntoView {
    let i18n = use_i18n();
    let deal_id = deal.id;
    let hours = whole_hours(deal.time_limit_minutes);
    view! {
        <li class="overflow-hidden rounded-2xl border border-orange-200 bg-white" data-testid="group-deal">
            <div class="flex gap-3 p-3">
                <DealSummary deal=deal.clone()/>
                <div class="flex shrink-0 flex-col items-end justify-between gap-2">
                    <span class="rounded-full bg-orange-100 px-2 py-0.5 text-xs font-semibold text-orange-800">
                        {t!(i18n, group.size, size = deal.group_size)}
                    </span>
                    <OpenGroupButton deal_id open back="/group-buys" test_id="group-open"/>
                </div>
            </div>
            <p class="px-3 pb-2 text-xs text-gray-600">{t!(i18n, group.rules, size = deal.group_size, hours = hours, limit = deal.per_member_limit)}</p>
            {(!deal.groups.is_empty()).then(|| view! {
                <div class="border-t border-orange-100 bg-orange-50/50 px-3 py-2">
                    <h3 class="mb-1 text-xs font-semibold uppercase tracking-wide text-orange-800">{t!(i18n, group.open_groups)}</h3>
                    <ul class="flex flex-col gap-1">
                        {deal.groups.into_iter().map(|group| view! { <GroupRow group now/> }).collect_view()}
                    </ul>
                </div>
            })}
        </li>
    }
}

/// "Start a group" for a member; for a guest, the way to log in and come
/// `back`.
#[component]
fn OpenGroupButton(
    deal_id: i64,
    open: ServerAction<OpenGroupAction>,
    #[prop(into)] back: String,
    test_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    move || {
        if viewer.with(|v| v.member.is_none()) {
            view! {
                <a href=with_next("/login", &back) class=format!("{BUTTON} border border-orange-300 text-orange-700")>
                    {t!(i18n, group.login_to_join)}
                </a>
            }
            .into_any()
        } else {
            view! {
                <ActionForm action=open>
                    <input type="hidden" name="deal_id" value=deal_id/>
                    <button type="submit" data-testid=test_id disabled=move || open.pending().get()
                        class=format!("{BUTTON} bg-orange-600 text-white hover:bg-orange-700 disabled:bg-gray-300")>
                        {t!(i18n, group.open)}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    }
}

/// Picture, title and the two prices of a deal.
#[component]
fn DealSummary(deal: DealView) -> impl IntoView {
    let href = format!("/p/{}", deal.product_slug);
    view! {
        <a href=href.clone() class="h-20 w-20 shrink-0 overflow-hidden rounded-lg bg-gray-100">
            {deal.image.map(|src| view! { <img src=src alt="" class="h-full w-full object-cover"/> })}
        </a>
        <div class="flex min-w-0 flex-1 flex-col gap-1 text-sm">
            <a href=href class="line-clamp-2 font-medium hover:underline" data-testid="group-deal-title">{deal.title}</a>
            <p class="flex items-baseline gap-2">
                <span class="text-lg font-bold text-orange-600" data-testid="group-price">{format_price(deal.group_price)}</span>
                <s class="text-xs text-gray-400">{format_price(deal.price)}</s>
            </p>
        </div>
    }
}

#[component]
fn GroupRow(group: OpenGroup, now: RwSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let left = places_left(group.size, group.taken);
    let expires_at = group.expires_at;
    view! {
        <li class="flex items-center gap-2 text-sm" data-testid="open-group">
            <span class="flex h-7 w-7 items-center justify-center rounded-full bg-orange-600 text-xs font-bold text-white">{group.leader}</span>
            <span class="flex-1">{t!(i18n, group.places_left, left = left)}</span>
            <span class="font-mono text-xs tabular-nums text-gray-600">{move || countdown(expires_at - now.get())}</span>
            <a href=format!("/group/{}", group.id) class=format!("{BUTTON} border border-orange-300 text-orange-700 hover:bg-orange-100")>
                {t!(i18n, group.see)}
            </a>
        </li>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let join = ServerAction::<JoinGroup>::new();
    // Read again after joining, and every so often while it forms so the
    // page shows others paying.
    let turn = RwSignal::new(0u32);
    let group = Resource::new(
        move || (id(), join.version().get(), turn.get()),
        |(id, _, _)| get_group(id),
    );
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, group.page_title).to_string())
            description=Signal::derive(move || t_string!(i18n, group.intro).to_string())
        />
        <div class="mx-auto max-w-xl px-4 py-6">
            <ActionError action=join/>
            <Transition fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move {
                    match group.await {
                        Ok(group) => view! { <Group group join turn/> }.into_any(),
                        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                        Err(err) => view! { <p class="text-rose-700">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Group(group: GroupView, join: ServerAction<JoinGroup>, turn: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let now = ticking(group.now);
    let expires_at = group.expires_at;
    let forming = group.stage == GroupStage::Forming;
    // While it forms, every ten seconds: others pay, and the time runs out.
    let opened_at = group.now;
    Effect::new(move || {
        let elapsed = now.get() - opened_at;
        if forming && elapsed > 0 && elapsed % 10_000 == 0 {
            turn.update(|t| *t += 1);
        }
    });
    let left = group.places_left();
    let joinable = group.joinable();
    let group_id = group.id;
    let empty = usize::try_from(left).unwrap_or_default();
    view! {
        <article class="overflow-hidden rounded-2xl border border-orange-200 bg-white" data-testid="group">
            <div class="flex gap-3 p-4">
                <DealSummary deal=group.deal.clone()/>
            </div>
            <div class="border-t border-orange-100 p-4 text-center">
                <p class="text-sm font-semibold" data-testid="group-stage">
                    {match group.stage {
                        GroupStage::Forming => t_string!(i18n, group.waiting, left = left).to_string(),
                        GroupStage::Formed => t_string!(i18n, group.formed).to_string(),
                        GroupStage::Failed => t_string!(i18n, group.failed).to_string(),
                    }}
                </p>
                {forming.then(|| view! {
                    <p class="mt-1 font-mono text-2xl tabular-nums text-orange-700" data-testid="group-countdown">
                        {move || countdown(expires_at - now.get())}
                    </p>
                })}
                <ul class="my-4 flex flex-wrap justify-center gap-2" data-testid="group-places">
                    {group.places.into_iter().map(|place| view! { <Avatar place/> }).collect_view()}
                    {(0..empty).map(|_| view! {
                        <li class="flex h-11 w-11 items-center justify-center rounded-full border-2 border-dashed border-orange-300 text-orange-300" data-testid="group-empty-place">"?"</li>
                    }).collect_view()}
                </ul>
                {match group.mine {
                    Some(mine) if !mine.paid && forming => view! {
                        <a href=format!("/account/orders/{}", mine.order_no) data-testid="group-pay"
                            class=format!("{BUTTON} bg-orange-600 text-white hover:bg-orange-700")>
                            {t!(i18n, group.pay_to_hold)}
                        </a>
                    }.into_any(),
                    Some(mine) => view! {
                        <p class="text-sm text-gray-700" data-testid="group-mine">
                            {if forming { t_string!(i18n, group.you_are_in) } else { t_string!(i18n, group.your_order) }}
                            " "
                            <a href=format!("/account/orders/{}", mine.order_no) class="font-medium text-orange-700 underline">{mine.order_no.clone()}</a>
                        </p>
                    }.into_any(),
                    None if joinable => {
                        if viewer.with_untracked(|v| v.member.is_none()) {
                            view! {
                                <a href=with_next("/login", &format!("/group/{group_id}")) class=format!("{BUTTON} border border-orange-300 text-orange-700")>
                                    {t!(i18n, group.login_to_join)}
                                </a>
                            }.into_any()
                        } else {
                            view! {
                                <ActionForm action=join>
                                    <input type="hidden" name="group_id" value=group_id/>
                                    <button type="submit" data-testid="group-join" disabled=move || join.pending().get()
                                        class=format!("{BUTTON} bg-orange-600 text-white hover:bg-orange-700 disabled:bg-gray-300")>
                                        {t!(i18n, group.join, price = format_price(group.deal.group_price))}
                                    </button>
                                </ActionForm>
                            }.into_any()
                        }
                    }
                    None => ().into_any(),
                }}
            </div>
            {forming.then(|| view! {
                <div class="border-t border-orange-100 bg-orange-50/50 p-4 text-sm">
                    <p class="mb-1 text-gray-700">{t!(i18n, group.share)}</p>
                    <ShareLink group_id/>
                </div>
            })}
        </article>
    }
}

#[component]
fn Avatar(place: Place) -> impl IntoView {
    let i18n = use_i18n();
    let class = if place.paid {
        "relative flex h-11 w-11 items-center justify-center rounded-full bg-orange-600 font-bold text-white"
    } else {
        "relative flex h-11 w-11 items-center justify-center rounded-full bg-orange-100 font-bold text-orange-700"
    };
    let status = if place.paid {
        t_string!(i18n, group.paid)
    } else {
        t_string!(i18n, group.not_paid)
    };
    view! {
        <li class=class title=status data-testid="group-place" data-paid=place.paid.to_string()>
            {place.initials}
            {place.leader.then(|| view! {
                <span class="absolute -bottom-1 rounded bg-orange-800 px-1 text-[10px] font-semibold leading-tight text-white">{t!(i18n, group.leader)}</span>
            })}
        </li>
    }
}

/// The group's address, whole once the browser knows its own host.
#[component]
fn ShareLink(group_id: i64) -> impl IntoView {
    let path = format!("/group/{group_id}");
    let link = RwSignal::new(path.clone());
    Effect::new(move || {
        if let Ok(origin) = window().location().origin() {
            link.set(format!("{origin}{path}"));
        }
    });
    view! {
        <input readonly data-testid="group-share-link" prop:value=move || link.get()
            class="w-full rounded-lg border border-orange-200 bg-white px-3 py-2 font-mono text-xs"/>
    }
}

/// On a product page: the group price while a deal on the product runs,
/// with a button that opens a group at once.
#[component]
pub fn GroupBanner(slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let next = format!("/p/{slug}");
    let deal = Resource::new(move || slug.clone(), get_product_deal);
    let open = ServerAction::<OpenGroupAction>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(group_id)) = open.value().get() {
            navigate(&format!("/group/{group_id}"), Default::default());
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let next = next.clone();
                Suspend::new(async move {
                    let deal = deal.await.ok().flatten()?;
                    let deal_id = deal.id;
                    let waiting = deal.groups.len();
                    Some(view! {
                        <div class="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-orange-200 bg-orange-50 px-4 py-2 text-sm" data-testid="group-banner">
                            <span class="font-semibold text-orange-800">
                                {t!(i18n, group.on_product, price = format_price(deal.group_price), size = deal.group_size)}
                                {(!deal.variant.is_empty()).then(|| format!(" · {}", deal.variant))}
                            </span>
                            <span class="flex items-center gap-2">
                                {(waiting > 0).then(|| view! {
                                    <a href="/group-buys" class="text-orange-700 underline">{t!(i18n, group.join_waiting, count = waiting)}</a>
                                })}
                                <OpenGroupButton deal_id open back=next test_id="group-banner-open"/>
                            </span>
                        </div>
                        <ActionError action=open/>
                    })
                })
            }}
        </Suspense>
    }
}
