use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::auth::devices::SignedInDevice;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::{SignOutDevice, SignOutOtherDevices, list_devices};
use crate::settings::clock::shown_ms;
use crate::ui::PageMeta;
use crate::ui::{ActionError, SubmitButton};

/// Where the member is signed in, and the way to sign a lost or shared
/// device out without knowing its password was changed.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOutDevice>::new();
    let sign_out_others = ServerAction::<SignOutOtherDevices>::new();
    let devices = Resource::new(
        move || (sign_out.version().get(), sign_out_others.version().get()),
        |_| list_devices(),
    );

    view! {
        <PageMeta
            title=move || t_string!(i18n, account.devices).to_string()
            description=move || t_string!(i18n, account.title).to_string()
        />
        <h1 class="mb-2 text-2xl font-bold">{t!(i18n, account.devices)}</h1>
        <p class="mb-6 max-w-2xl text-sm text-gray-600">{t!(i18n, account.devices_intro)}</p>
        <ActionError action=sign_out/>
        <Suspense>
            {move || Suspend::new(async move {
                devices.await.map(|list| {
                    let others = list.iter().filter(|d| !d.current).count();
                    view! {
                        <ul class="flex max-w-2xl flex-col gap-3" data-testid="device-list">
                            {list.into_iter().map(|device| view! { <DeviceRow device sign_out/> }).collect_view()}
                        </ul>
                        {(others > 0).then(|| view! {
                            <ActionForm action=sign_out_others attr:class="mt-6">
                                <SubmitButton
                                    label=move || t_string!(i18n, account.sign_out_others).to_string()
                                    pending=sign_out_others.pending()
                                />
                            </ActionForm>
                        })}
                        {(others == 0).then(|| view! {
                            <p class="mt-6 text-sm text-gray-600" data-testid="only-device">{t!(i18n, account.only_this_device)}</p>
                        })}
                    }
                })
            })}
        </Suspense>
        <ActionError action=sign_out_others/>
    }
}

#[component]
fn DeviceRow(device: SignedInDevice, sign_out: ServerAction<SignOutDevice>) -> impl IntoView {
    let i18n = use_i18n();
    let SignedInDevice {
        handle,
        current,
        browser,
        system,
        ip,
        started_ms,
        ..
    } = device;
    let name = move || match (browser.clone(), system.clone()) {
        (Some(browser), Some(system)) => {
            t_string!(i18n, account.device_on, browser = browser, system = system).to_string()
        }
        (Some(name), None) | (None, Some(name)) => name,
        (None, None) => t_string!(i18n, account.unknown_device).to_string(),
    };
    let started = shown_ms(started_ms);

    view! {
        <li class="flex items-center justify-between gap-4 rounded-xl border border-gray-200 bg-white p-4" data-testid="device">
            <div class="min-w-0">
                <p class="font-medium">
                    {name}
                    {current.then(|| view! {
                        <span class="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-700" data-testid="this-device">
                            {t!(i18n, account.this_device)}
                        </span>
                    })}
                </p>
                <p class="text-sm text-gray-600">
                    {t!(i18n, account.signed_in_at, time = started)}
                    {ip.map(|ip| view! { <span class="ml-2 text-gray-500">{ip}</span> })}
                </p>
            </div>
            {(!current).then(|| view! {
                <ActionForm action=sign_out>
                    <input type="hidden" name="handle" value=handle.clone()/>
                    <button type="submit" class="rounded-lg border border-gray-300 px-3 py-1.5 text-sm hover:border-rose-400 hover:text-rose-700">
                        {t!(i18n, account.sign_out_device)}
                    </button>
                </ActionForm>
            })}
        </li>
    }
}
