//! `/admin/group-deals/{id}`: a deal's form filled in as it stands. The
//! server says what may no longer change once the deal has started (see
//! `plan_deal_edit`); the form shows that rule beside it.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::api::{UpdateGroupDeal, get_group_deal_admin};
use super::page::{BUTTON, DealFields};
use crate::auth::permission::Permission;
use crate::i18n::{t, use_i18n};
use crate::staff::pages::Section;
use crate::ui::ActionError;

#[component]
pub fn AdminGroupDealPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Marketing>
            <EditDeal/>
        </Section>
    }
}

#[component]
fn EditDeal() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let deal_id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let data = Resource::new(deal_id, get_group_deal_admin);
    let update = ServerAction::<UpdateGroupDeal>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = update.value().get() {
            navigate("/admin/group-deals", Default::default());
        }
    });
    view! {
        <a href="/admin/group-deals" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, group_admin.back)}</a>
        <h1 class="mb-4 mt-2 text-2xl font-bold">{t!(i18n, group_admin.edit_title)}</h1>
        <ActionError action=update/>
        <Suspense fallback=|| view! { <p class="text-gray-500">"…"</p> }>
            {move || Suspend::new(async move {
                data.await.map(|deal| {
                    let deal_id = deal.id;
                    view! {
                        <section class="max-w-3xl rounded-2xl border border-gray-200 bg-white p-4" data-testid="group-deal-form">
                            <ActionForm action=update attr:class="grid gap-3 text-sm sm:grid-cols-3">
                                <input type="hidden" name="deal_id" value=deal_id/>
                                <DealFields deal=Some(deal)/>
                                <p class="text-xs text-gray-600 sm:col-span-3">{t!(i18n, group_admin.edit_help)}</p>
                                <button type="submit" class=BUTTON data-testid="group-deal-save">{t!(i18n, group_admin.save)}</button>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
