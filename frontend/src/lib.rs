//! The browser half of the shop: takes over the server-rendered page.

// Leptos' view types nest deeply; the compiler needs room to lay them out.
#![recursion_limit = "256"]

mod panic_page;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    panic_page::install();
    leptos::mount::hydrate_body(app::App);
}
