//! `/account/points`: the balance and where it came from.

use leptos::prelude::*;

use super::api::get_points;
use crate::i18n::{t, t_string, use_i18n};
use crate::settings::clock::shown_time;
use crate::ui::PageMeta;

#[component]
pub fn PointsPage() -> impl IntoView {
    let i18n = use_i18n();
    let points = Resource::new(|| (), |_| get_points());
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, points.title).to_string())
            description=Signal::derive(move || t_string!(i18n, points.explain).to_string())
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, points.title)}</h1>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                points.await.map(|points| view! {
                    <section class="rounded-2xl border border-gray-200 bg-white p-4">
                        <p class="text-sm text-gray-600">{t!(i18n, points.balance)}</p>
                        <p class="text-3xl font-bold tabular-nums" data-testid="points-balance">{points.balance}</p>
                        <p class="mt-2 text-xs text-gray-500">{t!(i18n, points.explain)}</p>
                    </section>
                    {if points.entries.is_empty() {
                        view! { <p class="mt-4 text-gray-600">{t!(i18n, points.none_yet)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 divide-y divide-gray-100 rounded-2xl border border-gray-200 bg-white text-sm" data-testid="points-history">
                                {points.entries.into_iter().map(|entry| view! {
                                    <li class="flex justify-between gap-3 p-3">
                                        <span class="min-w-0">
                                            <span class="block truncate">{entry.note}</span>
                                            <time class="text-xs text-gray-500" datetime=entry.at.clone()>{shown_time(&entry.at)}</time>
                                        </span>
                                        <span class="shrink-0 font-semibold tabular-nums text-emerald-700">
                                            {if entry.delta > 0 { format!("+{}", entry.delta) } else { entry.delta.to_string() }}
                                        </span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                })
            })}
        </Suspense>
    }
}
