use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::auth::guard::RequireMember;
use crate::auth::password::MIN_CHARS;
use crate::auth::viewer::{initials, use_viewer};
use crate::catalog::member_lists::pages::RecentlyViewed;
use crate::i18n::{t, t_string, use_i18n};
use crate::members::api::{ChangePassword, Logout, UpdateProfile, get_profile};
use crate::navigation::reload_at;
use crate::ui::PageMeta;
use crate::ui::{ActionError, Field, Notice, SubmitButton};

/// The member centre around one of its pages: a menu of sections beside
/// the one open, for logged-in members only. Sections that later parts of
/// the shop add (orders, favourites, coupons, points) join the menu when
/// they exist: it never links to a page that is not there.
#[component]
pub fn AccountFrame(children: ChildrenFn) -> impl IntoView {
    view! {
        <RequireMember>
            <AccountMenu children=children.clone()/>
        </RequireMember>
    }
}

#[component]
fn AccountMenu(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let name = move || {
        viewer.with(|v| {
            v.member
                .as_ref()
                .map(|m| m.display_name.clone())
                .unwrap_or_default()
        })
    };
    let logout = ServerAction::<Logout>::new();
    Effect::new(move || {
        if let Some(Ok(())) = logout.value().get() {
            reload_at("/");
        }
    });
    let link_class = "block whitespace-nowrap rounded-lg px-3 py-2 text-sm text-gray-700 hover:bg-gray-100 aria-[current=page]:bg-rose-50 aria-[current=page]:font-semibold aria-[current=page]:text-rose-700";

    view! {
        <div class="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8 md:flex-row">
            <aside class="md:w-60 md:shrink-0">
                <div class="mb-4 flex items-center gap-3">
                    <span class="flex h-12 w-12 items-center justify-center rounded-full bg-rose-100 text-lg font-bold text-rose-700" aria-hidden="true">
                        {move || initials(&name())}
                    </span>
                    <div class="min-w-0">
                        <p class="truncate font-semibold" data-testid="account-name">{name}</p>
                        <p class="text-xs text-gray-500">{t!(i18n, account.title)}</p>
                    </div>
                </div>
                <nav class="flex gap-1 overflow-x-auto md:flex-col" aria-label=move || t_string!(i18n, account.title)>
                    <A href="/account" exact=true attr:class=link_class>{t!(i18n, account.profile)}</A>
                    <A href="/account/orders" attr:class=link_class>{t!(i18n, orders.my_orders)}</A>
                    <A href="/account/coupons" attr:class=link_class>{t!(i18n, coupons.mine)}</A>
                    <A href="/account/points" attr:class=link_class>{t!(i18n, points.title)}</A>
                    <A href="/account/favourites" attr:class=link_class>{t!(i18n, catalog.favourites)}</A>
                    <A href="/account/addresses" attr:class=link_class>{t!(i18n, account.addresses)}</A>
                    <A href="/account/password" attr:class=link_class>{t!(i18n, account.password)}</A>
                    <A href="/account/devices" attr:class=link_class>{t!(i18n, account.devices)}</A>
                    <A href="/account/privacy" attr:class=link_class>{t!(i18n, account.privacy)}</A>
                </nav>
                <ActionForm action=logout attr:class="mt-4">
                    <button type="submit" class="px-3 py-2 text-sm text-gray-500 hover:text-rose-700">{t!(i18n, auth.logout)}</button>
                </ActionForm>
            </aside>
            <div class="min-w-0 flex-1">{children()}</div>
        </div>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let profile = Resource::new(move || update.version().get(), |_| get_profile());
    let query = use_query_map();
    let saved = move || {
        matches!(update.value().get(), Some(Ok(()))) || query.with(|q| q.get("saved").is_some())
    };

    view! {
        <PageMeta
            title=move || t_string!(i18n, account.profile).to_string()
            description=move || t_string!(i18n, account.title).to_string()
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, account.profile)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                profile.await.map(|profile| view! {
                    <ActionForm action=update attr:class="flex max-w-lg flex-col gap-4" attr:data-testid="profile-form">
                        <div class="flex flex-col gap-1">
                            <span class="text-sm font-medium text-gray-700">{t!(i18n, fields.email)}</span>
                            <span class="text-gray-900">{profile.email.clone()}</span>
                        </div>
                        <Field
                            label=move || t_string!(i18n, fields.display_name).to_string()
                            name="display_name"
                            value=profile.display_name.clone()
                            required=true
                        />
                        <Field
                            label=move || t_string!(i18n, fields.phone).to_string()
                            name="phone"
                            kind="tel"
                            value=profile.phone.clone().unwrap_or_default()
                            autocomplete="tel"
                        />
                        {move || saved().then(|| view! {
                            <Notice text=move || t_string!(i18n, account.saved).to_string()/>
                        })}
                        <ActionError action=update/>
                        <div><SubmitButton label=move || t_string!(i18n, account.save).to_string() pending=update.pending()/></div>
                    </ActionForm>
                })
            })}
        </Suspense>
        <RecentlyViewed/>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    let changed = move || {
        matches!(change.value().get(), Some(Ok(()))) || query.with(|q| q.get("changed").is_some())
    };

    view! {
        <PageMeta
            title=move || t_string!(i18n, account.password).to_string()
            description=move || t_string!(i18n, account.title).to_string()
        />
        <h1 class="mb-6 text-2xl font-bold">{t!(i18n, account.password)}</h1>
        <ActionForm action=change attr:class="flex max-w-lg flex-col gap-4">
            <Field
                label=move || t_string!(i18n, auth.current_password).to_string()
                name="current_password"
                kind="password"
                required=true
                autocomplete="current-password"
            />
            <Field
                label=move || t_string!(i18n, auth.new_password).to_string()
                name="new_password"
                kind="password"
                required=true
                autocomplete="new-password"
                hint=Signal::derive(move || t_string!(i18n, auth.password_rule, min = MIN_CHARS).to_string())
            />
            {move || changed().then(|| view! {
                <Notice text=move || t_string!(i18n, account.password_changed).to_string()/>
            })}
            <ActionError action=change/>
            <div><SubmitButton label=move || t_string!(i18n, account.change_password).to_string() pending=change.pending()/></div>
        </ActionForm>
    }
}
