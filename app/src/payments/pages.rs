//! `/pay/{order_no}?payment=…`: the sandbox provider's hosted page. It
//! stands apart from the shop's frame, as a real provider's page would,
//! and needs no login: the attempt's secret number is the key.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{SandboxChoose, get_sandbox_payment};
use super::model::PaymentStatus;
use crate::i18n::{t, t_string, use_i18n};
use crate::money::format_price;
use crate::navigation::reload_at;
use crate::ui::ActionError;
use crate::ui::PageMeta;

#[component]
pub fn SandboxPayPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let choose = ServerAction::<SandboxChoose>::new();
    // Back to the shop's order page, loaded afresh as after a real provider.
    Effect::new(move || {
        if let Some(Ok(order_no)) = choose.value().get() {
            reload_at(&format!("/account/orders/{order_no}"));
        }
    });
    let payment = Resource::new(
        move || query.with(|q| q.get("payment")).unwrap_or_default(),
        get_sandbox_payment,
    );
    view! {
        <PageMeta
            title=Signal::derive(move || t_string!(i18n, payments.sandbox_title).to_string())
            description=Signal::derive(move || t_string!(i18n, payments.sandbox_explain).to_string())
        />
        <div class="min-h-screen bg-slate-100 px-4 py-10">
            <div class="mx-auto max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="sandbox-pay">
                <p class="text-xs font-semibold uppercase tracking-wide text-indigo-600">{t!(i18n, payments.sandbox_title)}</p>
                <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
                    {move || Suspend::new(async move {
                        payment.await.map(|payment| {
                            let open = payment.status == PaymentStatus::Pending;
                            let (succeed_no, fail_no) = (payment.payment_no.clone(), payment.payment_no.clone());
                            view! {
                                <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                                    <dt class="text-slate-500">{t!(i18n, payments.store)}</dt>
                                    <dd>{payment.store.clone()}</dd>
                                    <dt class="text-slate-500">{t!(i18n, payments.order)}</dt>
                                    <dd class="font-mono">{payment.order_no.clone()}</dd>
                                    <dt class="text-slate-500">{t!(i18n, payments.amount)}</dt>
                                    <dd class="text-2xl font-bold tabular-nums" data-testid="sandbox-amount">{format_price(payment.amount)}</dd>
                                </dl>
                                {if open {
                                    view! {
                                        <p class="mt-4 text-sm text-slate-600">{t!(i18n, payments.sandbox_explain)}</p>
                                        <div class="mt-4 flex flex-col gap-2">
                                            <ActionForm action=choose>
                                                <input type="hidden" name="payment_no" value=succeed_no/>
                                                <input type="hidden" name="succeed" value="true"/>
                                                <button type="submit" class="w-full rounded-md bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700" data-testid="sandbox-succeed">
                                                    {t!(i18n, payments.succeed)}
                                                </button>
                                            </ActionForm>
                                            <ActionForm action=choose>
                                                <input type="hidden" name="payment_no" value=fail_no/>
                                                <input type="hidden" name="succeed" value="false"/>
                                                <button type="submit" class="w-full rounded-md border border-slate-300 px-4 py-2 hover:border-rose-400" data-testid="sandbox-fail">
                                                    {t!(i18n, payments.fail)}
                                                </button>
                                            </ActionForm>
                                            <ActionError action=choose/>
                                        </div>
                                    }.into_any()
                                } else {
                                    view! { <p class="mt-4 text-sm text-slate-600">{t!(i18n, payments.settled)}</p> }.into_any()
                                }}
                                <a href=format!("/account/orders/{}", payment.order_no) class="mt-4 inline-block text-sm text-indigo-700 hover:underline">{t!(i18n, payments.back_to_order)}</a>
                            }
                        })
                    })}
                </Suspense>
            </div>
        </div>
    }
}
