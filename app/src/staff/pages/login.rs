use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::reload_at;
use crate::staff::api::AdminLogin;
use crate::staff::two_factor_api::AdminLoginCode;
use crate::ui::{ActionError, Field, SubmitButton};

/// The staff login, apart from the shop's own: staff and members are
/// different accounts with different cookies. `?step=code` is its second
/// step, for accounts with two-step sign-in on: the password's answer
/// sends the browser there, with or without JavaScript.
#[component]
pub fn AdminLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    let code_step = move || query.with(|q| q.get("step")).as_deref() == Some("code");

    view! {
        <Title text=move || t_string!(i18n, admin.login_title).to_string()/>
        <div class="flex min-h-screen items-center justify-center bg-gray-900 px-4">
            <div class="w-full max-w-sm rounded-2xl bg-white p-8 shadow-xl">
                <h1 class="mb-6 text-xl font-bold">{t!(i18n, admin.login_title)}</h1>
                <Show when=code_step fallback=move || view! { <PasswordStep next=Signal::derive(next)/> }>
                    <CodeStep next=Signal::derive(next)/>
                </Show>
            </div>
        </div>
    }
}

#[component]
fn PasswordStep(next: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<AdminLogin>::new();
    Effect::new(move || {
        if let Some(Ok(destination)) = login.value().get() {
            reload_at(&destination);
        }
    });
    view! {
        <ActionForm action=login attr:class="flex flex-col gap-4" attr:data-testid="admin-login-form">
            <input type="hidden" name="next" value=next/>
            <Field label=move || t_string!(i18n, fields.email).to_string() name="email" kind="email" required=true autocomplete="username"/>
            <Field
                label=move || t_string!(i18n, fields.password).to_string()
                name="password"
                kind="password"
                required=true
                autocomplete="current-password"
            />
            <ActionError action=login/>
            <SubmitButton label=move || t_string!(i18n, auth.login_button).to_string() pending=login.pending()/>
        </ActionForm>
    }
}

#[component]
fn CodeStep(next: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<AdminLoginCode>::new();
    Effect::new(move || {
        if let Some(Ok(destination)) = login.value().get() {
            reload_at(&destination);
        }
    });
    view! {
        <h2 class="mb-2 font-semibold">{t!(i18n, two_factor.title)}</h2>
        <p class="mb-4 text-sm text-gray-600">{t!(i18n, two_factor.login_intro)}</p>
        <ActionForm action=login attr:class="flex flex-col gap-4" attr:data-testid="admin-code-form">
            <input type="hidden" name="next" value=next/>
            <Field
                label=move || t_string!(i18n, two_factor.code_or_recovery).to_string()
                name="code"
                required=true
                autocomplete="one-time-code"
            />
            <ActionError action=login/>
            <SubmitButton label=move || t_string!(i18n, two_factor.login_button).to_string() pending=login.pending()/>
        </ActionForm>
        <a href="/admin/login" class="mt-4 block text-sm text-gray-500 hover:text-rose-700">
            {t!(i18n, two_factor.start_again)}
        </a>
    }
}
