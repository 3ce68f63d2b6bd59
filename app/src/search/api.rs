//! Search's server functions: the results page and the suggestions.

use leptos::prelude::*;

use super::model::{SearchPage, Suggestions};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::MAX_SUGGEST_INPUT,
    crate::catalog::{api::parse_listing_query, repo::Scope, taxonomy::link},
    crate::state::AppState,
};

/// Products a search ranks; deeper results are never worth a page.
#[cfg(feature = "ssr")]
const MAX_HITS: usize = 1_000;
#[cfg(feature = "ssr")]
const SUGGESTED_PRODUCTS: usize = 8;
#[cfg(feature = "ssr")]
const SUGGESTED_CATEGORIES: usize = 3;

/// `query` is the page's URL query string (`q=…&brand=…`), as for
/// category pages.
#[server(prefix = "/api", endpoint = "search", input = server_fn::codec::GetUrl)]
pub async fn get_search_page(query: String) -> Result<SearchPage, AppError> {
    let state = AppState::from_context()?;
    let query = parse_listing_query(&query);
    let hits = state.search.search(&query.text, MAX_HITS)?;
    let mut page = SearchPage {
        loose: hits.loose,
        ..SearchPage::default()
    };
    if !hits.ids.is_empty() {
        let listing = state
            .catalog
            .listing(Scope::Products(hits.ids), &query)
            .await?;
        page.listing = (*listing).clone();
    }
    if page.listing.total == 0 {
        page.popular = state.catalog.shelves().await?.best_sellers.clone();
        page.categories = state.catalog.taxonomy().await?.featured();
    }
    Ok(page)
}

#[server(prefix = "/api", endpoint = "search/suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest(text: String) -> Result<Suggestions, AppError> {
    let state = AppState::from_context()?;
    let text: String = text.chars().take(MAX_SUGGEST_INPUT).collect();
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Ok(Suggestions::default());
    }
    let taxonomy = state.catalog.taxonomy_now();
    let categories = taxonomy
        .categories()
        .iter()
        .filter(|c| c.name_zh.contains(&needle) || c.name_en.to_lowercase().contains(&needle))
        .take(SUGGESTED_CATEGORIES)
        .map(link)
        .collect();
    Ok(Suggestions {
        categories,
        products: state.search.suggest(&text, SUGGESTED_PRODUCTS)?,
    })
}
