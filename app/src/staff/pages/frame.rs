use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::auth::guard::RequireStaff;
use crate::auth::permission::Permission;
use crate::auth::viewer::use_viewer;
use crate::i18n::{t, t_string, use_i18n};
use crate::navigation::reload_at;
use crate::staff::api::AdminLogout;
use crate::staff::two_factor_api::{ENROLMENT_PAGE, staff_two_factor_notice};
use crate::staff::two_factor_model::TwoFactorNotice;

/// The back office around one of its pages: navigation showing only what
/// this staff member may use, who is logged in, and the open section.
#[component]
pub fn AdminFrame(children: ChildrenFn) -> impl IntoView {
    view! {
        <RequireStaff refused=|| ()>
            <AdminChrome children=children.clone()/>
        </RequireStaff>
    }
}

#[component]
fn AdminChrome(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let staff = move || viewer.with(|v| v.staff.clone());
    let may = move |permission| staff().is_some_and(|s| s.may(permission));
    let logout = ServerAction::<AdminLogout>::new();
    Effect::new(move || {
        if let Some(Ok(())) = logout.value().get() {
            reload_at("/admin/login");
        }
    });
    let link = "block rounded-lg px-3 py-2 text-sm text-gray-300 hover:bg-gray-800 hover:text-white aria-[current=page]:bg-gray-800 aria-[current=page]:text-white";

    view! {
        <div class="flex min-h-screen flex-col bg-gray-100 md:flex-row">
            <aside class="bg-gray-900 text-white md:w-60 md:shrink-0">
                <div class="px-4 py-4 text-lg font-bold">{t!(i18n, admin.title)}</div>
                <nav class="flex gap-1 overflow-x-auto px-2 pb-3 md:flex-col" data-testid="admin-nav">
                    <A href="/admin" exact=true attr:class=link>{t!(i18n, admin.home)}</A>
                    <Show when=move || may(Permission::Catalog)>
                        <A href="/admin/products" attr:class=link>{t!(i18n, admin.products)}</A>
                        <A href="/admin/categories" attr:class=link>{t!(i18n, catalog_admin.categories)}</A>
                        <A href="/admin/brands" attr:class=link>{t!(i18n, catalog_admin.brands)}</A>
                        <A href="/admin/reviews" attr:class=link>{t!(i18n, catalog_admin.reviews)}</A>
                    </Show>
                    <Show when=move || may(Permission::Orders)>
                        <A href="/admin/orders" attr:class=link>{t!(i18n, orders_admin.title)}</A>
                    </Show>
                    <Show when=move || may(Permission::Marketing)>
                        <A href="/admin/promotions" attr:class=link>{t!(i18n, coupons_admin.title)}</A>
                        <A href="/admin/flash-sales" attr:class=link>{t!(i18n, flash_admin.title)}</A>
                        <A href="/admin/group-deals" attr:class=link>{t!(i18n, group_admin.title)}</A>
                    </Show>
                    <Show when=move || may(Permission::Support)>
                        <A href="/admin/members" attr:class=link>{t!(i18n, admin.members)}</A>
                    </Show>
                    <Show when=move || may(Permission::Staff)>
                        <A href="/admin/staff" attr:class=link>{t!(i18n, admin.staff)}</A>
                    </Show>
                    <Show when=move || may(Permission::Settings)>
                        <A href="/admin/settings" attr:class=link>{t!(i18n, settings_admin.title)}</A>
                    </Show>
                    <Show when=move || may(Permission::Audit)>
                        <A href="/admin/audit" attr:class=link>{t!(i18n, admin.audit)}</A>
                    </Show>
                </nav>
            </aside>
            <div class="flex min-w-0 flex-1 flex-col">
                <header class="flex items-center justify-between gap-4 border-b border-gray-200 bg-white px-6 py-3">
                    <a href="/" class="text-sm text-gray-500 hover:text-rose-700">{t!(i18n, admin.view_shop)}</a>
                    <div class="flex items-center gap-3 text-sm">
                        <span data-testid="admin-who">
                            {move || staff().map(|s| format!("{} · {}", s.display_name, s.email))}
                        </span>
                        <ActionForm action=logout>
                            <button type="submit" class="rounded-md border border-gray-300 px-3 py-1 hover:bg-gray-50">{t!(i18n, auth.logout)}</button>
                        </ActionForm>
                    </div>
                </header>
                <main class="flex-1 p-6">
                    <Title text=move || t_string!(i18n, admin.title).to_string()/>
                    <TwoFactorBanner/>
                    {children()}
                </main>
            </div>
        </div>
    }
}

/// A banner for staff who must set up two-step sign-in: the date it is
/// required from or, once that has passed, that it is required now (the
/// server then answers them on the enrolment page only).
#[component]
fn TwoFactorBanner() -> impl IntoView {
    let i18n = use_i18n();
    let notice = Resource::new(|| (), |_| staff_two_factor_notice());
    let banner =
        "mb-6 rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900";
    let link = "font-medium text-rose-700 underline";
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                notice.await.ok().flatten().map(|notice| match notice {
                    TwoFactorNotice::RequiredFrom(date) => view! {
                        <p class=banner role="status" data-testid="two-factor-banner">
                            {t!(i18n, two_factor.required_from, date)} " "
                            <a href=ENROLMENT_PAGE class=link>{t!(i18n, two_factor.set_up_now)}</a>
                        </p>
                    }.into_any(),
                    TwoFactorNotice::Overdue => view! {
                        <p class=banner role="alert" data-testid="two-factor-banner">
                            {t!(i18n, two_factor.overdue)} " "
                            <a href=ENROLMENT_PAGE class=link>{t!(i18n, two_factor.set_up_now)}</a>
                        </p>
                    }.into_any(),
                })
            })}
        </Suspense>
    }
}

/// A section of the back office that needs `permission`; staff without it
/// are told so (with status 403) rather than shown an empty page.
#[component]
pub fn Section(permission: Permission, children: ChildrenFn) -> impl IntoView {
    view! {
        <RequireStaff permission=permission refused=|| view! { <Refused/> }>
            {children()}
        </RequireStaff>
    }
}

#[component]
pub fn Refused() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    let i18n = use_i18n();
    view! {
        <div class="rounded-2xl border border-gray-200 bg-white p-8 text-center" data-testid="admin-refused">
            <p class="text-4xl font-bold text-gray-400">"403"</p>
            <p class="mt-2 text-gray-700">{t!(i18n, admin.refused)}</p>
        </div>
    }
}
