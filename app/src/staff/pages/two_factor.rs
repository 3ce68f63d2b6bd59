//! `/admin/two-factor`: setting up two-step sign-in (a QR code drawn on
//! the server, the key as text, a first code to confirm), the recovery
//! codes shown once, and turning it off again where that is allowed.
//! Every form works without JavaScript: each comes back here.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::staff::two_factor_api::{
    ConfirmTwoFactor, DisableTwoFactor, RenewRecoveryCodes, StartTwoFactor, get_two_factor_status,
};
use crate::staff::two_factor_model::{Standing, TwoFactorSetup, TwoFactorStatus};
use crate::ui::{ActionError, Field, SubmitButton};

const CARD: &str = "mt-6 max-w-xl rounded-2xl border border-gray-200 bg-white p-6";

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let status = Resource::new(
        move || {
            (
                start.version().get(),
                confirm.version().get(),
                disable.version().get(),
                renew.version().get(),
            )
        },
        |_| get_two_factor_status(),
    );
    // New recovery codes come in the answer of the form that made them
    // (a plain form's come back in the status instead): kept here to show.
    let issued = RwSignal::new(Vec::<String>::new());
    Effect::new(move || {
        if let Some(Ok(codes)) = confirm.value().get() {
            issued.set(codes);
        }
    });
    Effect::new(move || {
        if let Some(Ok(codes)) = renew.value().get() {
            issued.set(codes);
        }
    });

    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, two_factor.title)}</h1>
        <p class="mt-2 max-w-xl text-sm text-gray-600">{t!(i18n, two_factor.intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                status.await.map(|status| {
                    view! { <Status status issued start confirm disable renew/> }
                })
            })}
        </Suspense>
    }
}

#[component]
fn Status(
    status: TwoFactorStatus,
    issued: RwSignal<Vec<String>>,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
    renew: ServerAction<RenewRecoveryCodes>,
) -> impl IntoView {
    let i18n = use_i18n();
    let enrolled = status.standing == Standing::Enrolled;
    let left = status.recovery_codes_left;
    let carried = status.new_recovery_codes;
    let codes = move || {
        let codes = if carried.is_empty() {
            issued.get()
        } else {
            carried.clone()
        };
        (enrolled && !codes.is_empty()).then(|| view! { <RecoveryCodes codes/> })
    };
    view! {
        <p class="mt-4 font-medium" data-testid="two-factor-state">
            {if enrolled {
                t!(i18n, two_factor.on, count = left).into_any()
            } else {
                t!(i18n, two_factor.off).into_any()
            }}
            " "
            {status.required.then_some(t!(i18n, two_factor.required))}
        </p>
        {codes}
        {if enrolled {
            view! {
                <section class=CARD>
                    <h2 class="mb-2 text-lg font-semibold">{t!(i18n, two_factor.renew_title)}</h2>
                    <p class="mb-4 text-sm text-gray-600">{t!(i18n, two_factor.renew_intro)}</p>
                    <ActionForm action=renew attr:class="flex flex-col gap-4" attr:data-testid="renew-codes-form">
                        <Field label=move || t_string!(i18n, two_factor.code_or_recovery).to_string() name="code" required=true autocomplete="one-time-code"/>
                        <ActionError action=renew/>
                        <div><SubmitButton label=move || t_string!(i18n, two_factor.renew_button).to_string() pending=renew.pending()/></div>
                    </ActionForm>
                </section>
                <section class=CARD>
                    <h2 class="mb-2 text-lg font-semibold">{t!(i18n, two_factor.turn_off_title)}</h2>
                    {if status.required {
                        view! { <p class="text-sm text-gray-600">{t!(i18n, two_factor.cannot_turn_off)}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=disable attr:class="flex flex-col gap-4" attr:data-testid="disable-two-factor-form">
                                <Field label=move || t_string!(i18n, fields.password).to_string() name="password" kind="password" required=true autocomplete="current-password"/>
                                <Field label=move || t_string!(i18n, two_factor.code_or_recovery).to_string() name="code" required=true autocomplete="one-time-code"/>
                                <ActionError action=disable/>
                                <div><SubmitButton label=move || t_string!(i18n, two_factor.turn_off_button).to_string() pending=disable.pending()/></div>
                            </ActionForm>
                        }.into_any()
                    }}
                </section>
            }.into_any()
        } else {
            match status.setup {
                Some(setup) => view! { <Setup setup confirm/> }.into_any(),
                None => view! {
                    <ActionForm action=start attr:class="mt-6" attr:data-testid="start-two-factor-form">
                        <ActionError action=start/>
                        <SubmitButton label=move || t_string!(i18n, two_factor.start).to_string() pending=start.pending()/>
                    </ActionForm>
                }.into_any(),
            }
        }}
    }
}

#[component]
fn Setup(setup: TwoFactorSetup, confirm: ServerAction<ConfirmTwoFactor>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=CARD data-testid="two-factor-setup">
            <p class="mb-4 text-sm text-gray-700">{t!(i18n, two_factor.scan)}</p>
            // Drawn on the server from the key; no script, no image request.
            <div class="mb-4 h-52 w-52" data-testid="two-factor-qr" inner_html=setup.qr_svg></div>
            <p class="mb-4 text-sm">
                <span class="text-gray-600">{t!(i18n, two_factor.key)} ": "</span>
                <code class="font-mono tracking-wider" data-testid="two-factor-secret">{setup.secret}</code>
            </p>
            <ActionForm action=confirm attr:class="flex flex-col gap-4" attr:data-testid="confirm-two-factor-form">
                <Field label=move || t_string!(i18n, two_factor.app_code).to_string() name="code" required=true autocomplete="one-time-code"/>
                <ActionError action=confirm/>
                <div><SubmitButton label=move || t_string!(i18n, two_factor.turn_on).to_string() pending=confirm.pending()/></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-6 max-w-xl rounded-2xl border border-amber-300 bg-amber-50 p-6" data-testid="recovery-codes">
            <h2 class="mb-2 text-lg font-semibold">{t!(i18n, two_factor.recovery_title)}</h2>
            <p class="mb-4 text-sm text-gray-700">{t!(i18n, two_factor.recovery_intro)}</p>
            <ul class="grid grid-cols-2 gap-2 font-mono">
                {codes.into_iter().map(|code| view! { <li data-testid="recovery-code">{code}</li> }).collect_view()}
            </ul>
        </section>
    }
}
