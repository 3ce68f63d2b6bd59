use leptos::prelude::*;

use crate::i18n::{t, use_i18n};
use crate::locale::LanguageSwitcher;
use crate::settings::api::use_store_settings;

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store_settings().name;

    view! {
        <footer class="mt-12 border-t border-gray-200 bg-white">
            <div class="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-8 text-sm text-gray-500 sm:flex-row sm:items-center sm:justify-between">
                <p>
                    {t!(i18n, footer.rights, store)}
                    " · "
                    {t!(i18n, footer.powered_by)}
                </p>
                <LanguageSwitcher/>
            </div>
        </footer>
    }
}
