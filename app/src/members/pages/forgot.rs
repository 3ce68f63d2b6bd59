use leptos::form::ActionForm;
use leptos::prelude::*;

use super::AuthCard;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::ForgotPassword;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field, Notice, SubmitButton};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let forgot = ServerAction::<ForgotPassword>::new();
    // Without JavaScript the form comes back here; the query says it was sent.
    let query = leptos_router::hooks::use_query_map();
    let sent = move || {
        matches!(forgot.value().get(), Some(Ok(()))) || query.with(|q| q.get("sent").is_some())
    };

    view! {
        <PageMeta
            title=move || t_string!(i18n, auth.forgot_title).to_string()
            description=move || t_string!(i18n, auth.forgot_intro).to_string()
        />
        <AuthCard heading=move || t_string!(i18n, auth.forgot_title).to_string()>
            <div class="flex flex-col gap-4">
                <p class="text-sm text-gray-600">{t!(i18n, auth.forgot_intro)}</p>
                {move || sent().then(|| view! { <Notice text=move || t_string!(i18n, auth.forgot_sent).to_string()/> })}
                <ActionForm action=forgot attr:class="flex flex-col gap-4">
                    <Field label=move || t_string!(i18n, fields.email).to_string() name="email" kind="email" required=true autocomplete="email"/>
                    <ActionError action=forgot/>
                    <SubmitButton label=move || t_string!(i18n, auth.forgot_button).to_string() pending=forgot.pending()/>
                </ActionForm>
                <a href="/login" class="text-sm text-rose-700 hover:underline">{t!(i18n, auth.back_to_login)}</a>
            </div>
        </AuthCard>
    }
}
