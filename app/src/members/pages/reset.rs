use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::AuthCard;
use crate::auth::password::MIN_CHARS;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::ResetPassword;
use crate::navigation::reload_at;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field, SubmitButton};

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let reset = ServerAction::<ResetPassword>::new();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    Effect::new(move || {
        if let Some(Ok(destination)) = reset.value().get() {
            reload_at(&destination);
        }
    });

    view! {
        <PageMeta
            title=move || t_string!(i18n, auth.reset_title).to_string()
            description=move || t_string!(i18n, auth.reset_title).to_string()
        />
        <AuthCard heading=move || t_string!(i18n, auth.reset_title).to_string()>
            <ActionForm action=reset attr:class="flex flex-col gap-4">
                <input type="hidden" name="token" value=token/>
                <Field
                    label=move || t_string!(i18n, auth.new_password).to_string()
                    name="password"
                    kind="password"
                    required=true
                    autocomplete="new-password"
                    hint=Signal::derive(move || t_string!(i18n, auth.password_rule, min = MIN_CHARS).to_string())
                />
                <ActionError action=reset/>
                <SubmitButton label=move || t_string!(i18n, auth.reset_button).to_string() pending=reset.pending()/>
            </ActionForm>
            <p class="mt-4 text-sm">
                <a href="/forgot-password" class="text-rose-700 hover:underline">{t!(i18n, auth.forgot_again)}</a>
            </p>
        </AuthCard>
    }
}
