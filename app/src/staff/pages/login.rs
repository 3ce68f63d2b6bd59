use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::reload_at;
use crate::staff::api::AdminLogin;
use crate::ui::{ActionError, Field, SubmitButton};

/// The staff login, apart from the shop's own: staff and members are
/// different accounts with different cookies.
#[component]
pub fn AdminLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<AdminLogin>::new();
    let query = leptos_router::hooks::use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_default();
    Effect::new(move || {
        if let Some(Ok(destination)) = login.value().get() {
            reload_at(&destination);
        }
    });

    view! {
        <Title text=move || t_string!(i18n, admin.login_title).to_string()/>
        <div class="flex min-h-screen items-center justify-center bg-gray-900 px-4">
            <div class="w-full max-w-sm rounded-2xl bg-white p-8 shadow-xl">
                <h1 class="mb-6 text-xl font-bold">{t!(i18n, admin.login_title)}</h1>
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
            </div>
        </div>
    }
}
