//! What the catalog pages read, kept in memory for a short while.
//!
//! Product and listing pages are read thousands of times for every change.
//! Each entry lives at most [`CATALOG_TTL`]; a change made through this
//! server drops everything at once (`invalidate`), so its own staff see
//! their edit on the next request, and other app servers within the TTL.
//! Prices and stock shown here are for display: placing an order reads
//! them again from the database.

use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use sea_orm::{DatabaseConnection, DbErr};

use super::model::{Listing, ListingQuery, ProductCard, Sort};
use super::product::ProductDetail;
use super::repo::{CatalogRepo, Scope};
use super::seo::product_json_ld;
use super::spec_names::SpecValueNames;
use super::taxonomy::Taxonomy;

/// How long another app server may show a catalog this one changed.
pub const CATALOG_TTL: Duration = Duration::from_secs(10);

/// Products on each home page shelf.
pub const SHELF_SIZE: u64 = 12;

/// Entries kept per kind; the least used go first.
const PRODUCTS: usize = 20_000;
const LISTINGS: usize = 5_000;

struct Entry<V> {
    value: V,
    at: Instant,
}

impl<V: Clone> Clone for Entry<V> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
            at: self.at,
        }
    }
}

/// A map whose entries expire; a miss is loaded by the caller's closure.
struct Expiring<K, V> {
    entries: Cache<K, Entry<V>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Expiring<K, V> {
    fn new(capacity: usize) -> Self {
        Self {
            entries: Cache::new(capacity),
        }
    }

    async fn get_or_load<F, Fut>(&self, key: K, load: F) -> Result<V, DbErr>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, DbErr>>,
    {
        if let Some(hit) = self.entries.get(&key)
            && hit.at.elapsed() < CATALOG_TTL
        {
            return Ok(hit.value);
        }
        let value = load().await?;
        self.entries.insert(
            key,
            Entry {
                value: value.clone(),
                at: Instant::now(),
            },
        );
        Ok(value)
    }

    fn clear(&self) {
        self.entries.clear();
    }
}

#[derive(Clone, PartialEq)]
pub struct HomeShelves {
    pub new_arrivals: Vec<ProductCard>,
    pub best_sellers: Vec<ProductCard>,
}

pub struct CatalogCache {
    db: DatabaseConnection,
    /// For the absolute URLs of structured data.
    base_url: String,
    /// The store's one currency (ISO 4217), from its settings, for the
    /// prices in structured data.
    currency: String,
    taxonomy: RwLock<Entry<Arc<Taxonomy>>>,
    /// Set by `invalidate`: the taxonomy is reloaded on the next read.
    taxonomy_changed: AtomicBool,
    generation: AtomicU64,
    products: Expiring<String, Option<Arc<ProductDetail>>>,
    listings: Expiring<(Scope, ListingQuery), Arc<Listing>>,
    shelves: Expiring<(), Arc<HomeShelves>>,
    spec_names: SpecValueNames,
}

impl CatalogCache {
    pub async fn load(
        db: DatabaseConnection,
        base_url: String,
        currency: String,
    ) -> Result<Arc<Self>, DbErr> {
        let taxonomy = CatalogRepo(&db).taxonomy().await?;
        Ok(Arc::new(Self {
            db,
            base_url,
            currency,
            taxonomy: RwLock::new(Entry {
                value: Arc::new(taxonomy),
                at: Instant::now(),
            }),
            taxonomy_changed: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            products: Expiring::new(PRODUCTS),
            listings: Expiring::new(LISTINGS),
            shelves: Expiring::new(1),
            spec_names: SpecValueNames::default(),
        }))
    }

    /// The names of spec values, which never change once written.
    pub fn spec_names(&self) -> &SpecValueNames {
        &self.spec_names
    }

    /// Categories and brands, reloaded once they are older than the TTL.
    pub async fn taxonomy(&self) -> Result<Arc<Taxonomy>, DbErr> {
        {
            let current = self.taxonomy.read().unwrap_or_else(|e| e.into_inner());
            if current.at.elapsed() < CATALOG_TTL && !self.taxonomy_changed.load(Ordering::Acquire)
            {
                return Ok(current.value.clone());
            }
        }
        self.taxonomy_changed.store(false, Ordering::Release);
        let fresh = Arc::new(CatalogRepo(&self.db).taxonomy().await?);
        *self.taxonomy.write().unwrap_or_else(|e| e.into_inner()) = Entry {
            value: fresh.clone(),
            at: Instant::now(),
        };
        Ok(fresh)
    }

    /// The categories and brands as they are now, without waiting for a
    /// reload: for the menu, which may lag a change by one TTL.
    pub fn taxonomy_now(&self) -> Arc<Taxonomy> {
        self.taxonomy
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .value
            .clone()
    }

    /// A listed product's page, or none.
    pub async fn product(&self, slug: &str) -> Result<Option<Arc<ProductDetail>>, DbErr> {
        let taxonomy = self.taxonomy().await?;
        self.products
            .get_or_load(slug.to_owned(), || async {
                let detail = CatalogRepo(&self.db).product_page(&taxonomy, slug).await?;
                Ok(detail.map(|mut detail| {
                    detail.json_ld = product_json_ld(&detail, &self.base_url, &self.currency);
                    Arc::new(detail)
                }))
            })
            .await
    }

    pub async fn listing(&self, scope: Scope, query: &ListingQuery) -> Result<Arc<Listing>, DbErr> {
        let taxonomy = self.taxonomy().await?;
        let query = query.normalised();
        self.listings
            .get_or_load((scope.clone(), query.clone()), || async {
                let listing = CatalogRepo(&self.db)
                    .listing(&taxonomy, &scope, &query)
                    .await?;
                Ok(Arc::new(listing))
            })
            .await
    }

    pub async fn shelves(&self) -> Result<Arc<HomeShelves>, DbErr> {
        self.shelves
            .get_or_load((), || async {
                let repo = CatalogRepo(&self.db);
                Ok(Arc::new(HomeShelves {
                    new_arrivals: repo.shelf(Sort::Newest, SHELF_SIZE).await?,
                    best_sellers: repo.shelf(Sort::BestSelling, SHELF_SIZE).await?,
                }))
            })
            .await
    }

    /// Counts the changes made through this server: whatever was built
    /// from the catalog at an older generation is out of date.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Forgets these products' pages (by slug), after a change that only
    /// they show, such as their stock going down.
    pub fn forget_products(&self, slugs: &[String]) {
        for slug in slugs {
            self.products.entries.remove(slug);
        }
    }

    /// Forgets everything: called after every change to the catalog.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.taxonomy_changed.store(true, Ordering::Release);
        self.products.clear();
        self.listings.clear();
        self.shelves.clear();
    }
}
