use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::{CLOSED, CloseAccount, MY_DATA};
use crate::navigation::reload_at;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field};

/// "Your data": a copy of everything the shop holds about the member, and
/// closing the account.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let close = ServerAction::<CloseAccount>::new();
    Effect::new(move || {
        if let Some(Ok(())) = close.value().get() {
            // Signed out: every part of the page starts over.
            reload_at(CLOSED);
        }
    });

    view! {
        <PageMeta
            title=move || t_string!(i18n, account.privacy).to_string()
            description=move || t_string!(i18n, account.title).to_string()
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, account.privacy)}</h1>
        <section class="mb-10 max-w-2xl">
            <h2 class="mb-2 text-lg font-semibold">{t!(i18n, account.my_data)}</h2>
            <p class="mb-4 text-sm text-gray-600">{t!(i18n, account.my_data_intro)}</p>
            // A plain link: the browser saves the file, no script needed.
            <a
                href=MY_DATA
                download="my-data.json"
                rel="external"
                class="inline-block rounded-lg border border-gray-300 bg-white px-4 py-2 text-sm font-medium hover:border-rose-400 hover:text-rose-700"
                data-testid="download-my-data"
            >
                {t!(i18n, account.download_my_data)}
            </a>
        </section>
        <section class="max-w-2xl rounded-2xl border border-rose-200 bg-rose-50/40 p-6">
            <h2 class="mb-2 text-lg font-semibold text-rose-800">{t!(i18n, account.close_account)}</h2>
            <p class="mb-4 text-sm text-gray-700">{t!(i18n, account.close_account_intro)}</p>
            <ActionForm action=close attr:class="flex flex-col gap-4" attr:data-testid="close-account-form">
                <Field
                    label=move || t_string!(i18n, auth.current_password).to_string()
                    name="password"
                    kind="password"
                    required=true
                    autocomplete="current-password"
                />
                <label class="flex items-start gap-2 text-sm">
                    <input type="checkbox" required=true class="mt-1"/>
                    <span>{t!(i18n, account.close_account_confirm)}</span>
                </label>
                <ActionError action=close/>
                <div>
                    <button
                        type="submit"
                        class="rounded-lg bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800 disabled:opacity-60"
                        disabled=move || close.pending().get()
                    >
                        {t!(i18n, account.close_account_button)}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
