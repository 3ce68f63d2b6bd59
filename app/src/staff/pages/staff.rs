use leptos::form::ActionForm;
use leptos::prelude::*;

use super::Section;
use crate::auth::permission::Permission;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::staff::api::{ChangeStaffRole, CreateStaff, DisableStaff, list_staff};
use crate::staff::model::Role;
use crate::ui::{ActionError, Field, SubmitButton};

/// A role's name as staff read it.
pub fn role_label(locale: Locale, code: &str) -> String {
    match code {
        "owner" => td_string!(locale, roles.owner),
        "catalog" => td_string!(locale, roles.catalog),
        "orders" => td_string!(locale, roles.orders),
        "marketing" => td_string!(locale, roles.marketing),
        "support" => td_string!(locale, roles.support),
        other => return other.to_owned(),
    }
    .to_owned()
}

#[component]
pub fn StaffPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Staff>
            <StaffList/>
        </Section>
    }
}

#[component]
fn StaffList() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStaff>::new();
    let change_role = ServerAction::<ChangeStaffRole>::new();
    let disable = ServerAction::<DisableStaff>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                change_role.version().get(),
                disable.version().get(),
            )
        },
        |_| list_staff(),
    );

    view! {
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, admin.staff)}</h1>
        <ActionError action=change_role/>
        <ActionError action=disable/>
        <Suspense>
            {move || Suspend::new(async move {
                data.await.map(|(staff, roles)| {
                    let roles_for_form = roles.clone();
                    view! {
                        <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="staff-table">
                                <thead class="border-b border-gray-200 text-gray-500">
                                    <tr>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, fields.display_name)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, fields.email)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.role)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.status)}</th>
                                        <th class="px-4 py-3"></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {staff.into_iter().map(|member| {
                                        let roles = roles.clone();
                                        let current = member.role.clone();
                                        view! {
                                            <tr class="border-b border-gray-100 last:border-0" data-testid="staff-row">
                                                <td class="px-4 py-3">{member.display_name.clone()}</td>
                                                <td class="px-4 py-3">{member.email.clone()}</td>
                                                <td class="px-4 py-3">
                                                    <ActionForm action=change_role attr:class="flex items-center gap-2">
                                                        <input type="hidden" name="id" value=member.id/>
                                                        <RoleSelect roles current/>
                                                        <button type="submit" class="text-rose-700 hover:underline">{t!(i18n, admin.apply)}</button>
                                                    </ActionForm>
                                                </td>
                                                <td class="px-4 py-3">
                                                    {if member.active {
                                                        t!(i18n, admin.active).into_any()
                                                    } else {
                                                        t!(i18n, admin.disabled).into_any()
                                                    }}
                                                </td>
                                                <td class="px-4 py-3 text-right">
                                                    {member.active.then(|| view! {
                                                        <ActionForm action=disable>
                                                            <input type="hidden" name="id" value=member.id/>
                                                            <button type="submit" class="text-gray-500 hover:text-rose-700">{t!(i18n, admin.disable)}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <section class="mt-8 max-w-xl rounded-2xl border border-gray-200 bg-white p-6">
                            <h2 class="mb-4 text-lg font-semibold">{t!(i18n, admin.new_staff)}</h2>
                            <ActionForm action=create attr:class="flex flex-col gap-4" attr:data-testid="create-staff-form">
                                <Field label=move || t_string!(i18n, fields.email).to_string() name="email" kind="email" required=true/>
                                <Field label=move || t_string!(i18n, fields.display_name).to_string() name="display_name" required=true/>
                                <Field
                                    label=move || t_string!(i18n, admin.initial_password).to_string()
                                    name="password"
                                    kind="password"
                                    required=true
                                    autocomplete="new-password"
                                />
                                <label class="flex flex-col gap-1 text-sm">
                                    <span class="font-medium text-gray-700">{t!(i18n, admin.role)}</span>
                                    <RoleSelect roles=roles_for_form current="catalog".to_owned()/>
                                </label>
                                <ActionError action=create/>
                                <div><SubmitButton label=move || t_string!(i18n, admin.create) .to_string() pending=create.pending()/></div>
                            </ActionForm>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn RoleSelect(roles: Vec<Role>, current: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select name="role" class="rounded-lg border border-gray-300 px-2 py-1.5">
            {roles.into_iter().map(|role| {
                let selected = role.code == current;
                let code = role.code.clone();
                view! {
                    <option value=role.code.clone() selected=selected>
                        {move || role_label(i18n.get_locale(), &code)}
                    </option>
                }
            }).collect_view()}
        </select>
    }
}
