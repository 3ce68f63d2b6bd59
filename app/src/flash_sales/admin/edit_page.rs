//! `/admin/flash-sales/{id}`: a session's form filled in as it stands.
//! The server says what may no longer change once the session has
//! started (see `flash_sales::edit`); the form shows that rule beside it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::api::{UpdateFlashSession, get_flash_session_admin};
use super::model::AdminSession;
use super::page::{BUTTON, FIELD};
use crate::auth::permission::Permission;
use crate::clock::{local_input, zone_label};
use crate::i18n::{t, t_string, use_i18n};
use crate::money::decimal;
use crate::settings::api::use_store_settings;
use crate::staff::pages::Section;
use crate::ui::ActionError;

#[component]
pub fn AdminFlashSessionPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Marketing>
            <EditSession/>
        </Section>
    }
}

#[component]
fn EditSession() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let session_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let data = Resource::new(session_id, get_flash_session_admin);
    let update = ServerAction::<UpdateFlashSession>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = update.value().get() {
            navigate("/admin/flash-sales", Default::default());
        }
    });
    view! {
        <a href="/admin/flash-sales" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, flash_admin.back)}</a>
        <h1 class="mb-4 mt-2 text-2xl font-bold">{t!(i18n, flash_admin.edit_title)}</h1>
        <ActionError action=update/>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|session| view! { <SessionForm session update/> })
            })}
        </Suspense>
    }
}

#[component]
fn SessionForm(session: AdminSession, update: ServerAction<UpdateFlashSession>) -> impl IntoView {
    let i18n = use_i18n();
    let offset = use_store_settings().utc_offset_minutes;
    let lines = session
        .items
        .iter()
        .map(|i| {
            format!(
                "{}, {}, {}, {}",
                i.sku_code,
                decimal(i.flash_price),
                i.stock,
                i.per_member_limit
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <section class="max-w-3xl rounded-2xl border border-gray-200 bg-white p-4" data-testid="flash-edit-form">
            <ActionForm action=update attr:class="grid gap-3 text-sm sm:grid-cols-2">
                <input type="hidden" name="session_id" value=session.id/>
                <label class="grid gap-1 sm:col-span-2">{t!(i18n, flash_admin.session_title)}
                    <input name="title" required maxlength="80" class=FIELD value=session.title.clone()/>
                </label>
                <label class="grid gap-1">{move || t_string!(i18n, flash_admin.starts, zone = zone_label(offset))}
                    <input name="starts" type="datetime-local" step="1" required class=FIELD value=local_input(session.starts_at, offset)/>
                </label>
                <label class="grid gap-1">{move || t_string!(i18n, flash_admin.ends, zone = zone_label(offset))}
                    <input name="ends" type="datetime-local" step="1" required class=FIELD value=local_input(session.ends_at, offset) data-testid="flash-edit-ends"/>
                </label>
                <label class="grid gap-1 sm:col-span-2">{t!(i18n, flash_admin.items)}
                    <textarea name="items" rows=session.items.len().max(2) required class=FIELD data-testid="flash-edit-items">{lines}</textarea>
                    <span class="text-xs text-gray-500">{t!(i18n, flash_admin.items_help)}</span>
                </label>
                <p class="text-xs text-gray-600 sm:col-span-2">{t!(i18n, flash_admin.edit_help)}</p>
                <button type="submit" class=BUTTON data-testid="flash-save">{t!(i18n, flash_admin.save)}</button>
            </ActionForm>
        </section>
    }
}
