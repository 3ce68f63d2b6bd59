use leptos::prelude::*;

use crate::auth::permission::Permission;
use crate::auth::viewer::use_viewer;
use crate::i18n::{t, use_i18n};
use crate::staff::pages::role_label;

#[component]
pub fn AdminHome() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let staff = move || viewer.with(|v| v.staff.clone());
    let card = "block rounded-2xl border border-gray-200 bg-white p-5 hover:border-rose-300";
    let may = move |permission| staff().is_some_and(|s| s.may(permission));

    view! {
        <h1 class="text-2xl font-bold" data-testid="admin-home">
            {move || staff().map(|s| s.display_name)}
        </h1>
        <p class="mt-1 text-sm text-gray-600">
            {t!(i18n, admin.your_role)} " "
            <span class="font-medium" data-testid="admin-role">
                {move || staff().map(|s| role_label(i18n.get_locale(), &s.role))}
            </span>
        </p>
        <div class="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Show when=move || may(Permission::Catalog)>
                <a href="/admin/products" class=card>
                    <h2 class="font-semibold">{t!(i18n, admin.products)}</h2>
                    <p class="mt-1 text-sm text-gray-600">{t!(i18n, admin.products_blurb)}</p>
                </a>
            </Show>
            <Show when=move || may(Permission::Support)>
                <a href="/admin/members" class=card>
                    <h2 class="font-semibold">{t!(i18n, admin.members)}</h2>
                    <p class="mt-1 text-sm text-gray-600">{t!(i18n, admin.members_blurb)}</p>
                </a>
            </Show>
            <Show when=move || may(Permission::Staff)>
                <a href="/admin/staff" class=card>
                    <h2 class="font-semibold">{t!(i18n, admin.staff)}</h2>
                    <p class="mt-1 text-sm text-gray-600">{t!(i18n, admin.staff_blurb)}</p>
                </a>
            </Show>
            <Show when=move || may(Permission::Audit)>
                <a href="/admin/audit" class=card>
                    <h2 class="font-semibold">{t!(i18n, admin.audit)}</h2>
                    <p class="mt-1 text-sm text-gray-600">{t!(i18n, admin.audit_blurb)}</p>
                </a>
            </Show>
        </div>
    }
}
