//! The catalog's shopper pages.

mod card;
mod category;
mod facets;
mod product;
mod reviews;
mod search;
mod variants;

pub use card::{Price, ProductGrid, Stars};
pub use category::CategoryPage;
pub use product::{MAX_QUANTITY, ProductPage};
pub use search::SearchPage;

use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};

/// Whether names written in both languages (categories) show in Chinese.
pub fn use_chinese() -> Signal<bool> {
    let i18n = use_i18n();
    Signal::derive(move || i18n.get_locale() == Locale::zh_CN)
}
