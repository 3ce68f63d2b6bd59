use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::layout::PageMeta;
use crate::settings::api::use_store_settings;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store_settings().name;

    view! {
        <PageMeta
            title=move || t_string!(i18n, meta.home_title).to_string()
            description={
                let store = store.clone();
                move || t_string!(i18n, meta.home_description, store = store.clone()).to_string()
            }
        />
        <section class="bg-gradient-to-br from-rose-600 to-orange-500 text-white">
            <div class="mx-auto max-w-7xl px-4 py-16 sm:py-24">
                <h1 class="text-3xl font-extrabold tracking-tight sm:text-5xl" data-testid="home-heading">
                    {t!(i18n, home.welcome, store)}
                </h1>
                <p class="mt-4 max-w-2xl text-lg text-rose-50 sm:text-xl">{t!(i18n, home.tagline)}</p>
            </div>
        </section>
    }
}
