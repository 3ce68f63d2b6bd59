//! Small inline icons: no icon font or sprite to download, and they take
//! the text colour of whatever holds them.

use leptos::prelude::*;

const STROKE: &str = "h-6 w-6 fill-none stroke-current stroke-2";

#[component]
pub fn MenuIcon() -> impl IntoView {
    view! {
        <svg class=STROKE viewBox="0 0 24 24" aria-hidden="true" stroke-linecap="round">
            <path d="M4 6h16M4 12h16M4 18h16"/>
        </svg>
    }
}

#[component]
pub fn SearchIcon() -> impl IntoView {
    view! {
        <svg class="h-5 w-5 fill-none stroke-current stroke-2" viewBox="0 0 24 24" aria-hidden="true" stroke-linecap="round">
            <circle cx="11" cy="11" r="6.5"/>
            <path d="M16 16l4.5 4.5"/>
        </svg>
    }
}

#[component]
pub fn CartIcon() -> impl IntoView {
    view! {
        <svg class=STROKE viewBox="0 0 24 24" aria-hidden="true" stroke-linecap="round" stroke-linejoin="round">
            <path d="M3 4h2.2l2.3 11h10.3l2.2-8H6.4"/>
            <circle cx="9.5" cy="19.5" r="1.3"/>
            <circle cx="16.5" cy="19.5" r="1.3"/>
        </svg>
    }
}

#[component]
pub fn UserIcon() -> impl IntoView {
    view! {
        <svg class=STROKE viewBox="0 0 24 24" aria-hidden="true" stroke-linecap="round">
            <circle cx="12" cy="8.5" r="4"/>
            <path d="M4.5 20.5c1.2-4 4.1-6 7.5-6s6.3 2 7.5 6"/>
        </svg>
    }
}
