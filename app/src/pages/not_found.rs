use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::ui::PageMeta;

/// Shown for every URL no route matches, with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();

    view! {
        <PageMeta
            title=move || t_string!(i18n, meta.not_found_title).to_string()
            description=move || t_string!(i18n, not_found.body).to_string()
        />
        <section class="mx-auto max-w-xl px-4 py-20 text-center" data-testid="not-found">
            <p class="text-6xl font-extrabold text-rose-600">"404"</p>
            <h1 class="mt-4 text-2xl font-bold">{t!(i18n, not_found.heading)}</h1>
            <p class="mt-2 text-gray-600">{t!(i18n, not_found.body)}</p>
            <a href="/" class="mt-8 inline-block rounded-full bg-rose-600 px-6 py-3 font-medium text-white hover:bg-rose-700">
                {t!(i18n, not_found.home_link)}
            </a>
        </section>
    }
}
