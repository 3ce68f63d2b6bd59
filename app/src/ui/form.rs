use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;

/// A labelled input. `name` is the server function's argument name.
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let id = format!("field-{}", name.replace(['[', ']'], "-"));
    let hint_id = format!("{id}-hint");
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="text-sm font-medium text-gray-700">{label}</label>
            <input
                id=id
                name=name
                type=kind
                // The attribute only, never the `value` property: hydration
                // writes properties, and would wipe what a shopper typed
                // while the page was still loading (seen as a flaky login).
                value=value
                required=required
                autocomplete=autocomplete
                aria-describedby=hint.is_some().then(|| hint_id.clone())
                class="rounded-lg border border-gray-300 px-3 py-2 text-base focus:border-rose-500 focus:outline-none focus:ring-2 focus:ring-rose-100"
            />
            {hint.map(|hint| view! { <p id=hint_id class="text-xs text-gray-500">{hint}</p> })}
        </div>
    }
}

/// The error of the last submission of `action`, if it failed.
#[component]
pub fn ActionError<I, O>(action: ServerAction<I>) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        action.value().get().and_then(Result::err).map(|err| {
            let message = err.user_message(i18n.get_locale());
            view! {
                <p role="alert" data-testid="form-error" class="rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
                    {message}
                </p>
            }
        })
    }
}

/// A message confirming something went well.
#[component]
pub fn Notice(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <p role="status" data-testid="form-notice" class="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {text}
        </p>
    }
}

/// The form's main button, disabled while the action runs.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            disabled=pending
            class="rounded-full bg-rose-600 px-5 py-2.5 font-medium text-white hover:bg-rose-700 disabled:cursor-wait disabled:opacity-60"
        >
            {label}
        </button>
    }
}
