//! What the search pages and the header's suggestions show.

use serde::{Deserialize, Serialize};

use crate::catalog::model::{CategoryLink, Listing, ProductCard};

/// Longest text sent for suggestions; the box cuts what is typed beyond it.
pub const MAX_SUGGEST_INPUT: usize = 80;

/// A product offered while the shopper types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub slug: String,
    pub title: String,
}

impl Suggestion {
    pub fn href(&self) -> String {
        format!("/p/{}", self.slug)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    /// Categories whose name holds what was typed.
    pub categories: Vec<CategoryLink>,
    pub products: Vec<Suggestion>,
}

impl Suggestions {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.products.is_empty()
    }
}

/// `/search?q=…`: the results, and something to go on when there are none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    pub listing: Listing,
    /// No product matched every word; these match some of them.
    pub loose: bool,
    /// Best sellers, offered when nothing matched.
    pub popular: Vec<ProductCard>,
    /// Featured categories, offered when nothing matched.
    pub categories: Vec<CategoryLink>,
}
