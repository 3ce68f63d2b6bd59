//! The header's search box. Without JavaScript it is a plain GET form to
//! `/search`. With it, suggestions (categories, then products) appear as
//! the shopper types, fetched once typing pauses, and can be walked with
//! the arrow keys: Enter opens the highlighted one, Escape closes the list.

use std::time::Duration;

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::suggest;
use super::model::{MAX_SUGGEST_INPUT, Suggestions};
use crate::catalog::pages::use_chinese;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::icons::SearchIcon;

/// Typing faster than this does not ask the server for every key.
const DEBOUNCE: Duration = Duration::from_millis(150);
const LIST_ID: &str = "search-suggestions";

/// One line of the list: where it goes and what it says.
#[derive(Clone, PartialEq)]
struct Choice {
    href: String,
    label: String,
    category: bool,
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let chinese = use_chinese();
    let navigate = use_navigate();
    let url_query = use_query_map();
    let current_q = move || url_query.with(|q| q.get("q")).unwrap_or_default();

    let text = RwSignal::new(current_q());
    // Follows navigation: the box shows the words of the results on screen.
    Effect::new(move |_| text.set(current_q()));
    let asked = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let pending = StoredValue::new(None::<TimeoutHandle>);

    let found = LocalResource::new(move || {
        let text = asked.get();
        async move {
            if text.trim().is_empty() {
                Suggestions::default()
            } else {
                suggest(text).await.unwrap_or_default()
            }
        }
    });
    let options = Memo::new(move |_| {
        let zh = chinese.get();
        found
            .get()
            .map(|found| {
                let categories = found.categories.into_iter().map(|c| Choice {
                    href: c.href(),
                    label: c.name(zh).to_owned(),
                    category: true,
                });
                let products = found.products.into_iter().map(|p| Choice {
                    href: p.href(),
                    label: p.title,
                    category: false,
                });
                categories.chain(products).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let showing = move || open.get() && !options.with(Vec::is_empty);

    let on_input = move |ev| {
        let value: String = event_target_value(&ev)
            .chars()
            .take(MAX_SUGGEST_INPUT)
            .collect();
        text.set(value.clone());
        active.set(None);
        open.set(true);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || asked.set(value), DEBOUNCE).ok();
        pending.set_value(handle);
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let count = options.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                let chosen = active
                    .get_untracked()
                    .filter(|_| open.get_untracked())
                    .and_then(|i| options.with_untracked(|o| o.get(i).map(|o| o.href.clone())));
                if let Some(href) = chosen {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                    navigate(&href, Default::default());
                }
            }
            _ => {}
        }
    };

    view! {
        <form
            action="/search"
            method="get"
            role="search"
            class="relative order-last flex w-full md:order-none md:w-auto md:flex-1"
            on:submit=move |_| open.set(false)
        >
            <label for="site-search" class="sr-only">{t!(i18n, header.search_label)}</label>
            <input
                id="site-search"
                name="q"
                type="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-expanded=move || showing().to_string()
                aria-activedescendant=move || active.get().filter(|_| showing()).map(|i| format!("{LIST_ID}-{i}"))
                value=text.get_untracked()
                prop:value=move || text.get()
                placeholder=move || t_string!(i18n, header.search_placeholder)
                class="min-w-0 flex-1 rounded-l-full border border-r-0 border-gray-300 bg-gray-50 px-4 py-2 text-sm focus:border-rose-500 focus:bg-white focus:outline-none"
                on:input=on_input
                on:keydown=on_keydown
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
            />
            <button
                type="submit"
                class="inline-flex items-center gap-1 rounded-r-full bg-rose-600 px-4 text-sm font-medium text-white hover:bg-rose-700"
            >
                <SearchIcon/>
                <span class="sr-only sm:not-sr-only">{t!(i18n, header.search_button)}</span>
            </button>
            <ul
                id=LIST_ID
                role="listbox"
                data-testid="search-suggestions"
                aria-label=move || t_string!(i18n, search.suggestions)
                class="absolute left-0 right-0 top-full z-40 mt-1 overflow-hidden rounded-xl border border-gray-200 bg-white py-1 shadow-lg"
                class:hidden=move || !showing()
            >
                <For
                    each=move || options.get().into_iter().enumerate()
                    key=|(at, option)| (*at, option.href.clone())
                    let((at, option))
                >
                    <li
                        id=format!("{LIST_ID}-{at}")
                        role="option"
                        aria-selected=move || (active.get() == Some(at)).to_string()
                        class="text-sm"
                    >
                        <a
                            href=option.href
                            tabindex="-1"
                            class="flex items-center gap-2 px-4 py-2 text-gray-800 hover:bg-gray-100"
                            class=("bg-rose-50", move || active.get() == Some(at))
                            // Keeps the focus in the box, so the click lands before the list closes.
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| open.set(false)
                        >
                            {option.category.then(|| view! {
                                <span class="rounded bg-gray-100 px-1.5 text-xs text-gray-500">{t!(i18n, search.category)}</span>
                            })}
                            <span class="truncate">{option.label}</span>
                        </a>
                    </li>
                </For>
            </ul>
        </form>
    }
}
