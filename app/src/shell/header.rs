use leptos::prelude::*;

use super::page_data::CategoryMenu as MenuCategories;
use crate::auth::viewer::{initials, use_viewer};
use crate::cart::CartCount;
use crate::catalog::pages::use_chinese;
use crate::i18n::{t, t_string, use_i18n};
use crate::search::suggest_box::SearchBox;
use crate::settings::api::use_store_settings;
use crate::ui::icons::{CartIcon, MenuIcon, UserIcon};

/// The bar on top of every page: store name, search, categories, account, cart.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);

    view! {
        <header class="sticky top-0 z-30 border-b border-gray-200 bg-white">
            <div class="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
                <button
                    type="button"
                    data-testid="category-toggle"
                    class="-ml-2 inline-flex items-center gap-2 rounded-md p-2 text-gray-700 hover:bg-gray-100 md:order-last md:ml-0 md:w-full md:justify-start md:p-0 md:text-sm md:font-medium md:hover:bg-transparent md:hover:text-rose-700"
                    aria-controls="category-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    <MenuIcon/>
                    <span class="sr-only md:not-sr-only">{t!(i18n, header.categories)}</span>
                </button>
                <StoreLogo/>
                <SearchBox/>
                <nav class="ml-auto flex items-center gap-1 md:ml-0">
                    <a href="/flash-sales" data-testid="flash-link"
                        class="hidden rounded-md p-2 text-sm font-semibold text-rose-700 hover:bg-rose-50 sm:inline-flex">
                        {t!(i18n, flash.title)}
                    </a>
                    <a href="/group-buys" data-testid="group-link"
                        class="hidden rounded-md p-2 text-sm font-semibold text-orange-700 hover:bg-orange-50 sm:inline-flex">
                        {t!(i18n, group.title)}
                    </a>
                    <a href="/coupons" data-testid="coupons-link"
                        class="hidden rounded-md p-2 text-sm text-gray-700 hover:bg-gray-100 hover:text-rose-700 sm:inline-flex">
                        {t!(i18n, coupons.centre)}
                    </a>
                    <AccountLink/>
                    <CartLink/>
                </nav>
            </div>
            <CategoryMenu open=menu_open/>
        </header>
    }
}

/// "Log in" for guests; the member's initials and "Account" once logged in.
#[component]
fn AccountLink() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let member = move || viewer.with(|v| v.member.clone());
    let class = "inline-flex items-center gap-1 rounded-md p-2 text-gray-700 hover:bg-gray-100 hover:text-rose-700";
    move || {
        match member() {
        Some(member) => view! {
            <a href="/account" class=class data-testid="account-link">
                <span class="flex h-7 w-7 items-center justify-center rounded-full bg-rose-100 text-xs font-bold text-rose-700" aria-hidden="true">
                    {initials(&member.display_name)}
                </span>
                <span class="hidden text-sm font-medium lg:inline">{t!(i18n, header.account)}</span>
            </a>
        }
        .into_any(),
        None => view! {
            <a href="/login" class=class data-testid="login-link">
                <UserIcon/>
                <span class="hidden text-sm font-medium lg:inline">{t!(i18n, header.login)}</span>
            </a>
        }
        .into_any(),
    }
    }
}

#[component]
fn StoreLogo() -> impl IntoView {
    let name = use_store_settings().name;
    view! {
        <a href="/" class="min-w-0 max-w-[55vw] truncate text-xl font-bold tracking-tight text-rose-600 md:max-w-xs" data-testid="store-name">
            {name}
        </a>
    }
}

/// The cart link and its badge.
#[component]
fn CartLink() -> impl IntoView {
    let i18n = use_i18n();
    let count = use_context::<CartCount>()
        .map(|cart| cart.0)
        .unwrap_or_else(|| RwSignal::new(0));
    view! {
        <a
            href="/cart"
            class="inline-flex items-center gap-1 rounded-md p-2 text-gray-700 hover:bg-gray-100 hover:text-rose-700"
            aria-label=move || t_string!(i18n, header.cart_items, count = count.get())
        >
            <span class="relative">
                <CartIcon/>
                <span
                    data-testid="cart-count"
                    class="absolute -right-2 -top-2 min-w-5 rounded-full bg-rose-600 px-1 text-center text-xs font-semibold leading-5 text-white"
                >
                    {move || count.get()}
                </span>
            </span>
            <span class="hidden text-sm font-medium lg:inline">{t!(i18n, header.cart)}</span>
        </a>
    }
}

/// Every top category with its subcategories. It is in the HTML (hidden)
/// so crawlers and shoppers without JavaScript can follow it; the toggle
/// only shows it.
#[component]
fn CategoryMenu(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    let menu = use_context::<MenuCategories>().unwrap_or_default().0;
    let body = if menu.is_empty() {
        view! { <p class="text-sm text-gray-600">{t!(i18n, header.categories_soon)}</p> }.into_any()
    } else {
        view! {
            <ul class="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
                {menu.into_iter().map(|top| {
                    let href = top.link.href();
                    let link = top.link;
                    view! {
                        <li>
                            <a href=href class="font-semibold text-gray-900 hover:text-rose-700" on:click=move |_| open.set(false)>
                                {move || link.name(chinese.get()).to_owned()}
                            </a>
                            <ul class="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-sm text-gray-600">
                                {top.children.into_iter().map(|sub| {
                                    let href = sub.link.href();
                                    let link = sub.link;
                                    view! {
                                        <li>
                                            <a href=href class="hover:text-rose-700" on:click=move |_| open.set(false)>
                                                {move || link.name(chinese.get()).to_owned()}
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <nav
            id="category-menu"
            data-testid="category-menu"
            class="border-t border-gray-200 bg-white"
            hidden=move || !open.get()
            aria-label=move || t_string!(i18n, catalog.all_categories)
        >
            <div class="mx-auto max-w-7xl px-4 py-4">{body}</div>
        </nav>
    }
}
