//! The catalog's server functions, under `/api/catalog/…`: reads only,
//! served from the catalog cache.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::{CategoryLink, Listing, ListingQuery, ProductCard};
use super::product::ProductDetail;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::repo::Scope, crate::state::AppState};

/// A category page: where it sits, what is under it, and its products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPage {
    pub category: CategoryLink,
    /// From the top category down to this one.
    pub breadcrumbs: Vec<CategoryLink>,
    pub children: Vec<CategoryLink>,
    pub listing: Listing,
}

/// What the home page shows below its banner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeCatalog {
    pub featured: Vec<CategoryLink>,
    pub new_arrivals: Vec<ProductCard>,
    pub best_sellers: Vec<ProductCard>,
}

/// `query` is the page's URL query string, read the same way on the server
/// and in the browser, so the URL stays the one source of the filters.
#[server(prefix = "/api", endpoint = "catalog/category", input = server_fn::codec::GetUrl)]
pub async fn get_category_page(slug: String, query: String) -> Result<CategoryPage, AppError> {
    let state = AppState::from_context()?;
    let taxonomy = state.catalog.taxonomy().await?;
    let category = taxonomy.category_by_slug(&slug).ok_or(AppError::NotFound)?;
    let mut query = parse_listing_query(&query);
    // A category page is not a search: stray words must not split its cache.
    query.text.clear();
    let scope = Scope::Categories(taxonomy.subtree_ids(category.id));
    let listing = state.catalog.listing(scope, &query).await?;
    Ok(CategoryPage {
        category: super::taxonomy::link(category),
        breadcrumbs: taxonomy.path(category.id),
        children: taxonomy.children_of(category.id),
        listing: Listing::clone(&listing),
    })
}

#[server(prefix = "/api", endpoint = "catalog/product", input = server_fn::codec::GetUrl)]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    let state = AppState::from_context()?;
    let product = state
        .catalog
        .product(&slug)
        .await?
        .ok_or(AppError::NotFound)?;
    super::member_lists::api::note_view(&state, product.id);
    Ok(ProductDetail::clone(&product))
}

#[server(prefix = "/api", endpoint = "catalog/home", input = server_fn::codec::GetUrl)]
pub async fn get_home_catalog() -> Result<HomeCatalog, AppError> {
    let state = AppState::from_context()?;
    let taxonomy = state.catalog.taxonomy().await?;
    let shelves = state.catalog.shelves().await?;
    Ok(HomeCatalog {
        featured: taxonomy.featured(),
        new_arrivals: shelves.new_arrivals.clone(),
        best_sellers: shelves.best_sellers.clone(),
    })
}

/// A listing query from a URL query string (with or without `?`).
pub fn parse_listing_query(query: &str) -> ListingQuery {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .into_owned()
            .collect();
    ListingQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}
