//! `/admin/flash-sales`: the latest sessions with each item's sales and
//! this server's accepted and refused attempts per second (read every two
//! seconds while a session runs), links to change each session that has
//! not ended (`edit_page`) and buttons to end it early, and the form for a
//! new session.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{CreateFlashSession, EndFlashSession, get_flash_admin};
use super::model::{AdminItem, AdminSession, FlashAdmin};
use crate::auth::permission::Permission;
use crate::clock::{local_ms, zone_label};
use crate::flash_sales::model::{Phase, phase};
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::settings::api::use_store_settings;
use crate::staff::pages::Section;
use crate::ui::ActionError;

pub(super) const FIELD: &str = "w-full min-w-0 rounded-md border border-gray-300 px-2 py-1";
pub(super) const BUTTON: &str = "w-fit rounded-md bg-gray-900 px-3 py-1.5 text-sm text-white";
const SMALL_BUTTON: &str = "rounded-md border border-gray-300 px-2 py-0.5 text-xs hover:bg-gray-50";
/// How often a running session's figures are read again.
const WATCH_MS: u64 = 2_000;

#[component]
pub fn AdminFlashSalesPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Marketing>
            <FlashSales/>
        </Section>
    }
}

#[component]
fn FlashSales() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateFlashSession>::new();
    let end = ServerAction::<EndFlashSession>::new();
    let tick = RwSignal::new(0u32);
    let data = Resource::new(
        move || (create.version().get(), end.version().get(), tick.get()),
        |_| get_flash_admin(),
    );
    // The figures a moment ago, for rates: (time, item id, accepted, refused).
    let previous = StoredValue::new(None::<FlashAdmin>);
    Effect::new(move || {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let running = previous.with_value(|p| {
                    p.as_ref().is_some_and(|d| {
                        d.sessions
                            .iter()
                            .any(|s| phase(s.starts_at, s.ends_at, d.now) == Phase::Live)
                    })
                });
                if running {
                    tick.update(|t| *t += 1);
                }
            },
            std::time::Duration::from_millis(WATCH_MS),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <h1 class="mb-4 text-2xl font-bold">{t!(i18n, flash_admin.title)}</h1>
        <ActionError action=end/>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|data| {
                    let before = previous.get_value();
                    previous.set_value(Some(data.clone()));
                    let now = data.now;
                    view! {
                        <div class="mb-6 flex flex-col gap-4" data-testid="flash-sessions">
                            {data.sessions.into_iter().map(|session| {
                                let before = before.clone();
                                view! { <SessionCard session now before end/> }
                            }).collect_view()}
                        </div>
                    }
                })
            })}
        </Suspense>
        <NewSessionForm create/>
    }
}

#[component]
fn SessionCard(
    session: AdminSession,
    now: i64,
    before: Option<FlashAdmin>,
    end: ServerAction<EndFlashSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offset = use_store_settings().utc_offset_minutes;
    let state = phase(session.starts_at, session.ends_at, now);
    let label = match state {
        Phase::Upcoming => t_string!(i18n, flash.upcoming),
        Phase::Live => t_string!(i18n, flash.live),
        Phase::Ended => t_string!(i18n, flash.ended),
    };
    // Per-second rates from the previous reading of the same item.
    let rate = move |item: &AdminItem| -> Option<(f64, f64)> {
        let before = before.as_ref()?;
        let seconds = (now - before.now) as f64 / 1_000.0;
        let old = before
            .sessions
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.id == item.id)?;
        (seconds > 0.0).then(|| {
            (
                item.accepted.saturating_sub(old.accepted) as f64 / seconds,
                item.refused.saturating_sub(old.refused) as f64 / seconds,
            )
        })
    };
    let session_id = session.id;
    view! {
        <section class="rounded-2xl border border-gray-200 bg-white p-3 text-sm" data-testid="flash-admin-session">
            <header class="mb-2 flex flex-wrap items-center justify-between gap-2">
                <div>
                    <p class="font-semibold">{session.title.clone()}" "
                        <span class="rounded bg-gray-100 px-1.5 py-0.5 text-xs" data-testid="flash-admin-phase">{label}</span>
                    </p>
                    <p class="text-xs text-gray-500">
                        {local_ms(session.starts_at, offset)}" – "{local_ms(session.ends_at, offset)}" "{zone_label(offset)}
                    </p>
                </div>
                {(state != Phase::Ended).then(|| view! {
                    <div class="flex items-center gap-2">
                        <a href=format!("/admin/flash-sales/{session_id}") class=SMALL_BUTTON data-testid="flash-edit">{t!(i18n, flash_admin.edit)}</a>
                        <ActionForm action=end>
                            <input type="hidden" name="session_id" value=session_id/>
                            <button type="submit" class=SMALL_BUTTON data-testid="flash-end">{t!(i18n, flash_admin.end_now)}</button>
                        </ActionForm>
                    </div>
                })}
            </header>
            <table class="w-full text-left">
                <thead class="text-xs text-gray-500">
                    <tr>
                        <th class="p-1">{t!(i18n, flash_admin.item)}</th>
                        <th class="p-1">{t!(i18n, flash_admin.price)}</th>
                        <th class="p-1">{t!(i18n, flash_admin.sold)}</th>
                        <th class="p-1">{t!(i18n, flash_admin.attempts)}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-gray-100">
                    {session.items.into_iter().map(|item| {
                        let rates = rate(&item);
                        view! {
                            <tr data-testid="flash-admin-item">
                                <td class="p-1">{item.sku_code.clone()}" · "{item.title.clone()}</td>
                                <td class="p-1">{format_price(item.flash_price)}</td>
                                <td class="p-1 tabular-nums" data-testid="flash-admin-sold">
                                    {format!("{} / {}", item.sold, item.stock)}
                                    <span class="ml-1 text-xs text-gray-500">{t!(i18n, flash_admin.left, left = item.stock - item.sold)}</span>
                                </td>
                                <td class="p-1 text-xs tabular-nums">
                                    {t!(i18n, flash_admin.attempt_counts, accepted = item.accepted, refused = item.refused)}
                                    {rates.map(|(accepted, refused)| format!(" · {accepted:.0}/s, {refused:.0}/s"))}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn NewSessionForm(create: ServerAction<CreateFlashSession>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = use_store_settings().utc_offset_minutes;
    view! {
        <section class="rounded-2xl border border-gray-200 bg-white p-4" data-testid="new-flash-session">
            <h2 class="mb-2 text-lg font-semibold">{t!(i18n, flash_admin.new_session)}</h2>
            <ActionError action=create/>
            <ActionForm action=create attr:class="grid gap-3 text-sm sm:grid-cols-2">
                <label class="grid gap-1 sm:col-span-2">{t!(i18n, flash_admin.session_title)}
                    <input name="title" required maxlength="80" class=FIELD/>
                </label>
                <label class="grid gap-1">{move || t_string!(i18n, flash_admin.starts, zone = zone_label(offset))}
                    <input name="starts" type="datetime-local" step="1" required class=FIELD/>
                </label>
                <label class="grid gap-1">{move || t_string!(i18n, flash_admin.ends, zone = zone_label(offset))}
                    <input name="ends" type="datetime-local" step="1" required class=FIELD/>
                </label>
                <label class="grid gap-1 sm:col-span-2">{t!(i18n, flash_admin.items)}
                    <textarea name="items" rows="3" required class=FIELD placeholder="LAMP-BLACK, 9.90, 100, 1"></textarea>
                    <span class="text-xs text-gray-500">{t!(i18n, flash_admin.items_help)}</span>
                </label>
                <button type="submit" class=BUTTON data-testid="create-flash">{t!(i18n, flash_admin.create)}</button>
            </ActionForm>
        </section>
    }
}
