use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::Section;
use crate::auth::permission::Permission;
use crate::i18n::{t, t_string, use_i18n};
use crate::staff::api::{MEMBERS_PER_PAGE, SetMemberStatus, get_member, search_members};
use crate::ui::ActionError;

#[component]
pub fn MembersPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Support>
            <MemberSearch/>
        </Section>
    }
}

#[component]
fn MemberSearch() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q")).unwrap_or_default();
    let page = move || {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(0)
    };
    let results = Resource::new(move || (q(), page()), |(q, page)| search_members(q, page));

    view! {
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, admin.members)}</h1>
        <form method="get" action="/admin/members" class="mb-6 flex max-w-xl gap-2" role="search">
            <input
                name="q"
                type="search"
                value=q
                placeholder=move || t_string!(i18n, admin.member_search_placeholder)
                class="min-w-0 flex-1 rounded-lg border border-gray-300 px-3 py-2"
            />
            <button type="submit" class="rounded-lg bg-gray-900 px-4 py-2 text-white">{t!(i18n, header.search_button)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                results.await.map(|found| {
                    let pages = found.total.div_ceil(MEMBERS_PER_PAGE).max(1);
                    let current = page();
                    let q = q();
                    view! {
                        <p class="mb-2 text-sm text-gray-600">{t!(i18n, admin.found, count = found.total)}</p>
                        <div class="overflow-x-auto rounded-2xl border border-gray-200 bg-white">
                            <table class="w-full text-left text-sm" data-testid="member-table">
                                <thead class="border-b border-gray-200 text-gray-500">
                                    <tr>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, fields.display_name)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, fields.email)}</th>
                                        <th class="px-4 py-3 font-medium">{t!(i18n, admin.status)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {found.members.into_iter().map(|m| view! {
                                        <tr class="border-b border-gray-100 last:border-0">
                                            <td class="px-4 py-3">
                                                <a href=format!("/admin/members/{}", m.id) class="text-rose-700 hover:underline">{m.display_name}</a>
                                            </td>
                                            <td class="px-4 py-3">{m.email}</td>
                                            <td class="px-4 py-3">
                                                {status_label(m.active, m.closed)}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="mt-4 flex gap-4 text-sm">
                            {(current > 0).then(|| {
                                let href = format!("/admin/members?q={}&page={}", encode(&q), current - 1);
                                view! { <a href=href class="text-rose-700 hover:underline">{t!(i18n, admin.previous)}</a> }
                            })}
                            {(u64::from(current) + 1 < pages).then(|| {
                                let href = format!("/admin/members?q={}&page={}", encode(&q), current + 1);
                                view! { <a href=href class="text-rose-700 hover:underline">{t!(i18n, admin.next)}</a> }
                            })}
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[component]
pub fn MemberDetailPage() -> impl IntoView {
    view! {
        <Section permission=Permission::Support>
            <MemberDetail/>
        </Section>
    }
}

#[component]
fn MemberDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
            .unwrap_or(0)
    };
    let set_status = ServerAction::<SetMemberStatus>::new();
    let detail = Resource::new(
        move || (id(), set_status.version().get()),
        |(id, _)| get_member(id),
    );

    view! {
        <a href="/admin/members" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, admin.back_to_members)}</a>
        <ActionError action=set_status/>
        <Suspense>
            {move || Suspend::new(async move {
                detail.await.map(|detail| {
                    let member = detail.member;
                    view! {
                        <h1 class="mb-1 mt-2 text-2xl font-bold">{member.display_name.clone()}</h1>
                        <p class="text-gray-600">{member.email.clone()}</p>
                        <p class="mt-1 text-sm" data-testid="member-status">
                            {status_label(member.active, member.closed)}
                        </p>
                        {(!member.closed).then(|| view! {
                            <ActionForm action=set_status attr:class="mt-4">
                                <input type="hidden" name="id" value=member.id/>
                                <input type="hidden" name="active" value=(!member.active).to_string()/>
                                <button type="submit" class="rounded-lg border border-gray-300 bg-white px-4 py-2 text-sm hover:border-rose-300">
                                    {if member.active { t!(i18n, admin.disable_member).into_any() } else { t!(i18n, admin.enable_member).into_any() }}
                                </button>
                            </ActionForm>
                        })}
                        <h2 class="mb-3 mt-8 text-lg font-semibold">{t!(i18n, account.addresses)}</h2>
                        <ul class="grid gap-3 lg:grid-cols-2">
                            {detail.addresses.into_iter().map(|a| view! {
                                <li class="rounded-xl border border-gray-200 bg-white p-4 text-sm">
                                    <p class="font-medium">{a.recipient.clone()} " " {a.phone.clone()}</p>
                                    <p class="text-gray-600">{a.one_line()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })
            })}
        </Suspense>
    }
}

/// A member's state as the back office words it.
fn status_label(active: bool, closed: bool) -> AnyView {
    let i18n = use_i18n();
    if closed {
        t!(i18n, admin.closed).into_any()
    } else if active {
        t!(i18n, admin.active).into_any()
    } else {
        t!(i18n, admin.disabled).into_any()
    }
}
