use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{AuthCard, next_param, status_from_failed_action};
use crate::auth::guard::with_next;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::Login;
use crate::navigation::reload_at;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field, Notice, SubmitButton};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    status_from_failed_action(login);
    let next = next_param();
    let query = use_query_map();
    let reset_done = move || query.with(|q| q.get("reset").as_deref() == Some("done"));
    let register_href = move || with_next("/register", &next.get());
    Effect::new(move || {
        if let Some(Ok(destination)) = login.value().get() {
            reload_at(&destination);
        }
    });

    view! {
        <PageMeta
            title=move || t_string!(i18n, auth.login_title).to_string()
            description=move || t_string!(i18n, auth.login_title).to_string()
        />
        <AuthCard heading=move || t_string!(i18n, auth.login_title).to_string()>
            <div class="flex flex-col gap-4">
                {move || reset_done().then(|| view! { <Notice text=move || t_string!(i18n, auth.reset_done).to_string()/> })}
                <ActionForm action=login attr:class="flex flex-col gap-4" attr:data-testid="login-form">
                    <input type="hidden" name="next" value=next/>
                    <Field label=move || t_string!(i18n, fields.email).to_string() name="email" kind="email" required=true autocomplete="email"/>
                    <Field
                        label=move || t_string!(i18n, fields.password).to_string()
                        name="password"
                        kind="password"
                        required=true
                        autocomplete="current-password"
                    />
                    <label class="flex items-center gap-2 text-sm text-gray-700">
                        <input type="checkbox" name="remember" value="on" class="h-4 w-4 rounded border-gray-300 accent-rose-600"/>
                        {t!(i18n, auth.remember_me)}
                    </label>
                    <ActionError action=login/>
                    <SubmitButton label=move || t_string!(i18n, auth.login_button).to_string() pending=login.pending()/>
                </ActionForm>
                <div class="flex flex-wrap justify-between gap-2 text-sm">
                    <a href="/forgot-password" class="text-rose-700 hover:underline">{t!(i18n, auth.forgot_link)}</a>
                    <a href=register_href class="text-rose-700 hover:underline">{t!(i18n, auth.register_link)}</a>
                </div>
            </div>
        </AuthCard>
    }
}
