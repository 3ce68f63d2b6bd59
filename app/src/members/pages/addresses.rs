use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::members::api::{
    ADDRESS_BOOK, AddAddress, DeleteAddress, SetDefaultAddress, UpdateAddress, list_addresses,
};
use crate::members::model::Address;
use crate::ui::PageMeta;
use crate::ui::{ActionError, SubmitButton};

#[component]
pub fn AddressesPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddAddress>::new();
    let update = ServerAction::<UpdateAddress>::new();
    let delete = ServerAction::<DeleteAddress>::new();
    let make_default = ServerAction::<SetDefaultAddress>::new();
    let addresses = Resource::new(
        move || {
            (
                add.version().get(),
                update.version().get(),
                delete.version().get(),
                make_default.version().get(),
            )
        },
        |_| list_addresses(),
    );
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("edit").and_then(|id| id.parse::<i64>().ok()));
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = update.value().get() {
            navigate(ADDRESS_BOOK, Default::default());
        }
    });

    view! {
        <PageMeta
            title=move || t_string!(i18n, account.addresses).to_string()
            description=move || t_string!(i18n, account.title).to_string()
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, account.addresses)}</h1>
        <ActionError action=delete/>
        <ActionError action=make_default/>
        <Suspense>
            {move || Suspend::new(async move {
                addresses.await.map(|list| {
                    let editing = editing().and_then(|id| list.iter().find(|a| a.id == id).cloned());
                    let empty = list.is_empty();
                    view! {
                        <ul class="grid gap-4 lg:grid-cols-2" data-testid="address-list">
                            {list.into_iter().map(|address| view! {
                                <AddressCard address delete make_default/>
                            }).collect_view()}
                        </ul>
                        {empty.then(|| view! { <p class="text-gray-600">{t!(i18n, account.no_addresses)}</p> })}
                        <section class="mt-8 max-w-2xl rounded-2xl border border-gray-200 bg-white p-6">
                            {match editing {
                                Some(address) => view! {
                                    <h2 class="mb-4 text-lg font-semibold">{t!(i18n, account.edit_address)}</h2>
                                    <ActionForm action=update attr:class="flex flex-col gap-4" attr:data-testid="address-form">
                                        <input type="hidden" name="id" value=address.id/>
                                        <AddressFields address=Some(address.clone())/>
                                        <ActionError action=update/>
                                        <div class="flex items-center gap-4">
                                            <SubmitButton label=move || t_string!(i18n, account.save).to_string() pending=update.pending()/>
                                            <a href=ADDRESS_BOOK class="text-sm text-gray-600 hover:underline">{t!(i18n, account.cancel)}</a>
                                        </div>
                                    </ActionForm>
                                }.into_any(),
                                None => view! {
                                    <h2 class="mb-4 text-lg font-semibold">{t!(i18n, account.add_address)}</h2>
                                    // Rebuilt after each saved address, so the form starts empty again.
                                    {move || {
                                        add.version().track();
                                        view! {
                                            <ActionForm action=add attr:class="flex flex-col gap-4" attr:data-testid="address-form">
                                                <AddressFields address=None/>
                                                <ActionError action=add/>
                                                <div><SubmitButton label=move || t_string!(i18n, account.add_address).to_string() pending=add.pending()/></div>
                                            </ActionForm>
                                        }
                                    }}
                                }.into_any(),
                            }}
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn AddressCard(
    address: Address,
    delete: ServerAction<DeleteAddress>,
    make_default: ServerAction<SetDefaultAddress>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = address.id;
    let line = address.one_line();
    view! {
        <li
            class="flex flex-col gap-2 rounded-2xl border bg-white p-5"
            class=("border-rose-300", address.is_default)
            class=("border-gray-200", !address.is_default)
            data-testid="address"
            data-default=address.is_default.to_string()
        >
            <div class="flex items-center gap-2">
                <span class="font-semibold">{address.recipient.clone()}</span>
                <span class="text-sm text-gray-600">{address.phone.clone()}</span>
                {address.is_default.then(|| view! {
                    <span class="ml-auto rounded-full bg-rose-600 px-2 py-0.5 text-xs font-medium text-white">{t!(i18n, account.default_badge)}</span>
                })}
            </div>
            <p class="text-sm text-gray-700">{line}</p>
            {(!address.postcode.is_empty()).then(|| view! { <p class="text-xs text-gray-500">{address.postcode.clone()}</p> })}
            <div class="mt-2 flex flex-wrap items-center gap-4 text-sm">
                <a href=format!("{ADDRESS_BOOK}?edit={id}") class="text-rose-700 hover:underline">{t!(i18n, account.edit)}</a>
                {(!address.is_default).then(|| view! {
                    <ActionForm action=make_default>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="text-rose-700 hover:underline">{t!(i18n, account.make_default)}</button>
                    </ActionForm>
                })}
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="text-gray-500 hover:text-rose-700">{t!(i18n, account.delete)}</button>
                </ActionForm>
            </div>
        </li>
    }
}

/// The inputs of an address, named for the `address` argument of the
/// server functions (`address[recipient]`, ...).
#[component]
fn AddressFields(address: Option<Address>) -> impl IntoView {
    let i18n = use_i18n();
    let value = move |pick: fn(&Address) -> &String| {
        address
            .as_ref()
            .map(|a| pick(a).clone())
            .unwrap_or_default()
    };
    let input_class = "rounded-lg border border-gray-300 px-3 py-2 focus:border-rose-500 focus:outline-none focus:ring-2 focus:ring-rose-100";
    let field = move |name: &'static str,
                      label: fn(crate::i18n::Locale) -> &'static str,
                      current: String,
                      required: bool,
                      autocomplete: &'static str| {
        view! {
            <label class="flex flex-col gap-1 text-sm">
                <span class="font-medium text-gray-700">{move || label(i18n.get_locale())}</span>
                <input name=format!("address[{name}]") value=current required=required autocomplete=autocomplete class=input_class/>
            </label>
        }
    };
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            {field("recipient", |l| td_string!(l, fields.recipient), value(|a| &a.recipient), true, "name")}
            {field("phone", |l| td_string!(l, fields.phone), value(|a| &a.phone), true, "tel")}
            {field("region", |l| td_string!(l, fields.region), value(|a| &a.region), true, "address-level1")}
            {field("city", |l| td_string!(l, fields.city), value(|a| &a.city), true, "address-level2")}
            {field("district", |l| td_string!(l, fields.district), value(|a| &a.district), false, "address-level3")}
            {field("postcode", |l| td_string!(l, fields.postcode), value(|a| &a.postcode), false, "postal-code")}
        </div>
        {field("street", |l| td_string!(l, fields.street), value(|a| &a.street), true, "street-address")}
    }
}
