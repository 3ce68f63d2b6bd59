use leptos::form::ActionForm;
use leptos::prelude::*;

use super::{AuthCard, next_param, status_from_failed_action};
use crate::auth::guard::with_next;
use crate::auth::password::MIN_CHARS;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::Register;
use crate::navigation::reload_at;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field, SubmitButton};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let register = ServerAction::<Register>::new();
    status_from_failed_action(register);
    let next = next_param();
    Effect::new(move || {
        if let Some(Ok(destination)) = register.value().get() {
            reload_at(&destination);
        }
    });

    view! {
        <PageMeta
            title=move || t_string!(i18n, auth.register_title).to_string()
            description=move || t_string!(i18n, auth.register_title).to_string()
        />
        <AuthCard heading=move || t_string!(i18n, auth.register_title).to_string()>
            <ActionForm action=register attr:class="flex flex-col gap-4" attr:data-testid="register-form">
                <input type="hidden" name="next" value=next/>
                <Field label=move || t_string!(i18n, fields.email).to_string() name="email" kind="email" required=true autocomplete="email"/>
                <Field
                    label=move || t_string!(i18n, fields.display_name).to_string()
                    name="display_name"
                    required=true
                    autocomplete="nickname"
                />
                <Field
                    label=move || t_string!(i18n, fields.password).to_string()
                    name="password"
                    kind="password"
                    required=true
                    autocomplete="new-password"
                    hint=Signal::derive(move || t_string!(i18n, auth.password_rule, min = MIN_CHARS).to_string())
                />
                <ActionError action=register/>
                <SubmitButton label=move || t_string!(i18n, auth.register_button).to_string() pending=register.pending()/>
            </ActionForm>
            <p class="mt-4 text-sm text-gray-600">
                {t!(i18n, auth.have_account)} " "
                <a href=move || with_next("/login", &next.get()) class="text-rose-700 hover:underline">{t!(i18n, auth.login_link)}</a>
            </p>
        </AuthCard>
    }
}
