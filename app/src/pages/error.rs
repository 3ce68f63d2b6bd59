use leptos::prelude::*;

use super::NotFound;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::PageMeta;

/// Shown when a page cannot be rendered, with the error's HTTP status.
/// The shopper reads a plain message in their language; what went wrong
/// inside is in the server log, never here.
#[component]
pub fn ServerErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error = errors.with_untracked(|errors| {
        errors
            .iter()
            .find_map(|(_, err)| err.downcast_ref::<AppError>().cloned())
            .unwrap_or(AppError::Internal)
    });
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }

    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.set_status(status);
    }

    let i18n = use_i18n();
    let status = error.status();
    let is_ours = status >= 500;
    let message = {
        let error = error.clone();
        move || error.user_message(i18n.get_locale())
    };

    view! {
        <PageMeta
            title=move || t_string!(i18n, meta.error_title).to_string()
            description=message.clone()
        />
        <section class="mx-auto max-w-xl px-4 py-20 text-center" data-testid="server-error">
            <p class="text-6xl font-extrabold text-rose-600">{status}</p>
            <h1 class="mt-4 text-2xl font-bold">
                {if is_ours {
                    t!(i18n, error_page.heading).into_any()
                } else {
                    message.clone().into_any()
                }}
            </h1>
            <p class="mt-2 text-gray-600" hidden=!is_ours>{t!(i18n, error_page.body)}</p>
            <a
                href="/"
                class="mt-8 inline-block rounded-full bg-rose-600 px-6 py-3 font-medium text-white hover:bg-rose-700"
            >
                {t!(i18n, error_page.home_link)}
            </a>
        </section>
    }
    .into_any()
}
