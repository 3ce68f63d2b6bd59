//! `/coupons` (the coupon centre) and `/account/coupons` (the member's
//! coupons by tab). Claiming is a form, so it works without JavaScript.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{ClaimCoupon, get_claimable, get_my_coupons};
use super::labels;
use super::rules::{Benefit, CouponTerms};
use super::view::{Claimable, CouponCard, CouponState};
use crate::auth::guard::with_next;
use crate::auth::viewer::use_viewer;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::money::format_price;
use crate::settings::clock::shown_time;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn CouponCentrePage() -> impl IntoView {
    let i18n = use_i18n();
    let claim = ServerAction::<ClaimCoupon>::new();
    let coupons = Resource::new(move || claim.version().get(), |_| get_claimable());
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, coupons.centre).to_string())
            description=Signal::derive(move || t_string!(i18n, coupons.centre_intro).to_string())
        />
        <div class="mx-auto max-w-5xl px-4 py-6">
            <div class="mb-4 flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="text-2xl font-bold">{t!(i18n, coupons.centre)}</h1>
                <a href="/account/coupons" class="text-sm text-rose-700 hover:underline">{t!(i18n, coupons.mine)}</a>
            </div>
            <p class="mb-4 text-sm text-gray-600">{t!(i18n, coupons.centre_intro)}</p>
            <ActionError action=claim/>
            {move || matches!(claim.value().get(), Some(Ok(()))).then(|| view! {
                <p class="mb-3 rounded-lg bg-emerald-50 p-2 text-sm text-emerald-800" data-testid="claimed">
                    {t!(i18n, coupons.claimed_now)}" "
                    <a href="/account/coupons" class="underline">{t!(i18n, coupons.mine)}</a>
                </p>
            })}
            <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                {move || Suspend::new(async move {
                    coupons.await.map(|coupons| {
                        if coupons.is_empty() {
                            return view! { <p class="text-gray-600" data-testid="no-coupons">{t!(i18n, coupons.none_claimable)}</p> }.into_any();
                        }
                        view! {
                            <ul class="grid gap-4 sm:grid-cols-2" data-testid="claimable">
                                {coupons.into_iter().map(|coupon| view! { <ClaimableCard coupon claim/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ClaimableCard(coupon: Claimable, claim: ServerAction<ClaimCoupon>) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let claimed = coupon.total - coupon.left;
    let percent_claimed = if coupon.total > 0 {
        (i64::from(claimed) * 100 / i64::from(coupon.total)).clamp(0, 100)
    } else {
        100
    };
    let validity = coupon.clone();
    let (template_id, held, can_claim) = (coupon.template_id, coupon.held, coupon.can_claim_more());
    let button = "rounded-full px-4 py-1.5 text-sm font-semibold";
    view! {
        <li class="flex overflow-hidden rounded-2xl border border-rose-200 bg-white" data-testid="claimable-coupon">
            <Face terms=coupon.terms.clone()/>
            <div class="flex min-w-0 flex-1 flex-col gap-1 p-3 text-sm">
                <p class="font-semibold">
                    {coupon.name.clone()}
                    {coupon.new_members_only.then(|| view! {
                        <span class="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t!(i18n, coupons.new_members_only)}</span>
                    })}
                </p>
                <TermsLine terms=coupon.terms.clone()/>
                <p class="text-xs text-gray-500">
                    {move || validity_text(i18n.get_locale(), &validity)}
                </p>
                <div class="mt-1 h-1.5 overflow-hidden rounded-full bg-rose-100" aria-hidden="true">
                    <div class="h-full bg-rose-500" style=format!("width: {percent_claimed}%")></div>
                </div>
                <div class="mt-1 flex flex-wrap items-center justify-between gap-2">
                    <span class="text-xs text-gray-600" data-testid="coupon-left">
                        {if coupon.left > 0 {
                            t!(i18n, coupons.left, left = coupon.left, total = coupon.total).into_any()
                        } else {
                            t!(i18n, coupons.all_gone).into_any()
                        }}
                    </span>
                    {move || {
                        if viewer.with(|v| v.member.is_none()) {
                            return view! {
                                <a href=with_next("/login", "/coupons") class=format!("{button} border border-rose-300 text-rose-700")>
                                    {t!(i18n, coupons.login_to_claim)}
                                </a>
                            }.into_any();
                        }
                        let open = can_claim;
                        view! {
                            <ActionForm action=claim>
                                <input type="hidden" name="template_id" value=template_id/>
                                <button type="submit" disabled=!open data-testid="claim"
                                    class=format!("{button} bg-rose-600 text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:bg-gray-300")>
                                    {if held > 0 && open { t!(i18n, coupons.claim_more).into_any() } else { t!(i18n, coupons.claim).into_any() }}
                                </button>
                            </ActionForm>
                        }.into_any()
                    }}
                </div>
                {(coupon.held > 0).then(|| view! {
                    <p class="text-xs text-emerald-700" data-testid="coupon-held">
                        {t!(i18n, coupons.held, held = coupon.held, limit = coupon.per_member_limit)}
                    </p>
                })}
            </div>
        </li>
    }
}

/// The big figure on the left of a coupon: "¥20", "15%", "包邮".
#[component]
fn Face(terms: CouponTerms) -> impl IntoView {
    let i18n = use_i18n();
    let big = match terms.benefit {
        Benefit::AmountOff(off) => format_price(off).trim_end_matches(".00").to_owned(),
        Benefit::PercentOff { percent, .. } => format!("{percent}%"),
        Benefit::FreeShipping => String::new(),
    };
    view! {
        <div class="flex w-24 shrink-0 flex-col items-center justify-center bg-rose-600 p-2 text-center text-white">
            {if big.is_empty() {
                view! { <span class="text-lg font-bold">{t!(i18n, coupons.free_shipping)}</span> }.into_any()
            } else {
                view! { <span class="text-2xl font-bold tabular-nums">{big}</span> }.into_any()
            }}
            <span class="text-xs opacity-90">{move || labels::threshold(i18n.get_locale(), &terms)}</span>
        </div>
    }
}

#[component]
fn TermsLine(terms: CouponTerms) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="text-xs text-gray-600">
            {move || {
                let locale = i18n.get_locale();
                format!(
                    "{} · {}",
                    labels::benefit(locale, terms.benefit),
                    labels::scope(locale, &terms.scope)
                )
            }}
        </p>
    }
}

fn validity_text(locale: Locale, coupon: &Claimable) -> String {
    let usable = match (&coupon.use_ends_at, coupon.valid_days) {
        (Some(until), _) => {
            td_string!(locale, coupons.valid_until, time = shown_time(until)).to_string()
        }
        (None, Some(days)) => td_string!(locale, coupons.valid_days, days).to_string(),
        (None, None) => td_string!(
            locale,
            coupons.valid_until,
            time = shown_time(&coupon.claim_ends_at)
        )
        .to_string(),
    };
    let claim_by = td_string!(
        locale,
        coupons.claim_until,
        time = shown_time(&coupon.claim_ends_at)
    );
    format!("{usable} · {claim_by}")
}

fn tab_label(locale: Locale, state: CouponState) -> &'static str {
    match state {
        CouponState::Unused => td_string!(locale, coupons.tab_unused),
        CouponState::Used => td_string!(locale, coupons.tab_used),
        CouponState::Expired => td_string!(locale, coupons.tab_expired),
    }
}

/// `/account/coupons`: the member's coupons, unused, used or expired.
#[component]
pub fn MyCouponsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = move || CouponState::parse(&query.with(|q| q.get("tab")).unwrap_or_default());
    let coupons = Resource::new(tab, |tab| get_my_coupons(Some(tab.as_str().to_owned())));
    let tab_class = "whitespace-nowrap rounded-full px-3 py-1 text-sm aria-[current=page]:bg-rose-600 aria-[current=page]:text-white hover:bg-rose-50";
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, coupons.mine).to_string())
            description=Signal::derive(move || t_string!(i18n, coupons.mine).to_string())
        />
        <div class="mb-4 flex flex-wrap items-baseline justify-between gap-2">
            <h1 class="text-2xl font-bold">{t!(i18n, coupons.mine)}</h1>
            <a href="/coupons" class="text-sm text-rose-700 hover:underline">{t!(i18n, coupons.go_to_centre)}</a>
        </div>
        <nav class="mb-4 flex gap-1 overflow-x-auto" data-testid="coupon-tabs">
            {CouponState::ALL.into_iter().map(|state| view! {
                <a href=format!("/account/coupons?tab={}", state.as_str()) class=tab_class
                    aria-current=move || (tab() == state).then_some("page")>
                    {move || tab_label(i18n.get_locale(), state)}
                </a>
            }).collect_view()}
        </nav>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                coupons.await.map(|coupons| {
                    if coupons.is_empty() {
                        return view! { <p class="text-gray-600" data-testid="no-coupons">{t!(i18n, coupons.none_in_tab)}</p> }.into_any();
                    }
                    view! {
                        <ul class="grid gap-3 sm:grid-cols-2" data-testid="my-coupons">
                            {coupons.into_iter().map(|coupon| view! { <HeldCard coupon/> }).collect_view()}
                        </ul>
                    }.into_any()
                })
            })}
        </Suspense>
    }
}

#[component]
fn HeldCard(coupon: CouponCard) -> impl IntoView {
    let i18n = use_i18n();
    let faded = coupon.state != CouponState::Unused;
    view! {
        <li class="flex overflow-hidden rounded-2xl border border-rose-200 bg-white" class:opacity-60=faded data-testid="my-coupon">
            <Face terms=coupon.terms.clone()/>
            <div class="flex min-w-0 flex-1 flex-col gap-1 p-3 text-sm">
                <p class="font-semibold">{coupon.name.clone()}</p>
                <TermsLine terms=coupon.terms.clone()/>
                <p class="text-xs text-gray-500">
                    {shown_time(&coupon.starts_at)}" – "{shown_time(&coupon.ends_at)}
                </p>
                {coupon.order_no.clone().map(|order_no| view! {
                    <a href=format!("/account/orders/{order_no}") class="text-xs text-rose-700 hover:underline" data-testid="used-on">
                        {t!(i18n, coupons.used_on, order_no = order_no.clone())}
                    </a>
                })}
            </div>
        </li>
    }
}
