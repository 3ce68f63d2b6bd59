use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::list_audit;
use super::model::AuditFilter;
use crate::auth::permission::Permission;
use crate::i18n::{t, use_i18n};
use crate::staff::pages::Section;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Audit>
            <AuditLog/>
        </Section>
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AuditFilter {
            staff_id: q.get("staff").and_then(|s| s.parse().ok()),
            from: q.get("from").filter(|s| !s.is_empty()),
            to: q.get("to").filter(|s| !s.is_empty()),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        })
    };
    let data = Resource::new(filter, list_audit);
    let input = "rounded-lg border border-gray-300 px-3 py-2";

    view! {
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, admin.audit)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                data.await.map(|(records, staff)| {
                    let current = filter();
                    view! {
                        <form method="get" action="/admin/audit" class="mb-6 flex flex-wrap items-end gap-3 text-sm" data-testid="audit-filter">
                            <label class="flex flex-col gap-1">
                                <span class="text-gray-600">{t!(i18n, admin.staff_member)}</span>
                                <select name="staff" class=input>
                                    <option value="">{t!(i18n, admin.everyone)}</option>
                                    {staff.into_iter().map(|s| view! {
                                        <option value=s.id selected=current.staff_id == Some(s.id)>{s.display_name}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <label class="flex flex-col gap-1">
                                <span class="text-gray-600">{t!(i18n, admin.from)}</span>
                                <input type="date" name="from" value=current.from.clone().unwrap_or_default() class=input/>
                            </label>
                            <label class="flex flex-col gap-1">
                                <span class="text-gray-600">{t!(i18n, admin.to)}</span>
                                <input type="date" name="to" value=current.to.clone().unwrap_or_default() class=input/>
                            </label>
                            <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, admin.filter)}</button>
                        </form>
                        <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="audit-table">
                                <thead class="border-b border-gray-200 text-gray-500">
                                    <tr>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.when)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.who)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.action)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.change)}</th>
                                        <th class="px-4 py-3 font-medium">"IP"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {records.into_iter().map(|r| view! {
                                        <tr class="border-b border-gray-100 align-top last:border-0" data-testid="audit-row">
                                            <td class="whitespace-nowrap px-4 py-3"><time datetime=r.at.clone()>{r.at.replace('T', " ").chars().take(19).collect::<String>()}</time></td>
                                            <td class="px-4 py-3">{r.staff}</td>
                                            <td class="px-4 py-3 font-mono text-xs">{r.action} " " {r.entity} "#" {r.entity_id}</td>
                                            <td class="px-4 py-3">{r.summary}</td>
                                            <td class="px-4 py-3 text-gray-500">{r.ip.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
