//! Search against real databases: Chinese words, typos, prefixes,
//! relevance paging and facets, the index following the catalog as it
//! changes, and the same answers on SQLite and PostgreSQL.

use crate::support;

use std::sync::Arc;

use app::catalog::model::{ListingQuery, PAGE_SIZE};
use app::catalog::repo::{CatalogRepo, Scope};
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewSku};
use app::search::index::SearchIndex;
use chrono::Utc;
use sea_orm::ConnectionTrait;
use support::test_databases;

struct Shop {
    earbuds: i64,
}

/// 30 Acme phones, Zeta earbuds (listed and a draft), a Zeta speaker and
/// Acme earbuds with an English title.
async fn stock_shop(db: &impl ConnectionTrait) -> Shop {
    let w = CatalogWriter(db);
    let audio = w
        .create_category(NewCategory {
            parent_id: None,
            slug: "audio",
            name_zh: "影音",
            name_en: "Audio",
            depth: 1,
            position: 0,
            featured: true,
        })
        .await
        .unwrap();
    let acme = w.create_brand("acme", "Acme").await.unwrap();
    let zeta = w.create_brand("zeta", "Zeta").await.unwrap();
    let product = |slug: String, brand: i64, title: &str, status, sales: i64| NewProduct {
        slug: slug.clone(),
        category_id: audio,
        brand_id: Some(brand),
        title: title.to_owned(),
        subtitle: String::new(),
        description: String::new(),
        status,
        sales_count: sales,
        images: vec![],
        attributes: vec![],
        specs: vec![("Colour".into(), vec!["Black".into()])],
        skus: vec![NewSku {
            code: slug,
            values: vec![0],
            price: 19_900,
            original_price: None,
            stock: 3,
            weight_grams: 100,
        }],
        listed_at: Some(Utc::now()),
    };
    for n in 0..30 {
        w.create_product(product(
            format!("phone-{n:02}"),
            acme,
            &format!("Acme 智能手机 X{n}"),
            ProductStatus::Listed,
            n,
        ))
        .await
        .unwrap();
    }
    let earbuds = w
        .create_product(product(
            "zeta-buds".into(),
            zeta,
            "Zeta 无线蓝牙耳机 Air",
            ProductStatus::Listed,
            500,
        ))
        .await
        .unwrap();
    for (slug, brand, title, status) in [
        (
            "zeta-buds-draft",
            zeta,
            "Zeta 无线蓝牙耳机 Next",
            ProductStatus::Draft,
        ),
        (
            "zeta-speaker",
            zeta,
            "Zeta 蓝牙音箱 Boom",
            ProductStatus::Listed,
        ),
        (
            "acme-buds",
            acme,
            "Acme Wireless Earbuds Pro",
            ProductStatus::Listed,
        ),
    ] {
        w.create_product(product(slug.into(), brand, title, status, 100))
            .await
            .unwrap();
    }
    Shop { earbuds }
}

fn query(text: &str) -> ListingQuery {
    app::catalog::api::parse_listing_query(text)
}

/// The slugs of a search's first page, as the search page shows them.
async fn search(db: &impl ConnectionTrait, index: &SearchIndex, url_query: &str) -> Vec<String> {
    let query = query(url_query);
    let hits = index.search(&query.text, 1_000).unwrap();
    if hits.ids.is_empty() {
        return Vec::new();
    }
    let repo = CatalogRepo(db);
    let taxonomy = repo.taxonomy().await.unwrap();
    repo.listing(&taxonomy, &Scope::Products(hits.ids), &query)
        .await
        .unwrap()
        .products
        .into_iter()
        .map(|card| card.slug)
        .collect()
}

#[tokio::test]
async fn search_finds_words_typos_and_prefixes_the_same_on_every_database() {
    let mut answers: Vec<(&str, Vec<Vec<String>>)> = Vec::new();
    for db in test_databases().await {
        let label = db.label();
        stock_shop(&db.conn).await;
        let taxonomy = CatalogRepo(&db.conn).taxonomy().await.unwrap();
        let index = Arc::new(SearchIndex::in_memory().unwrap());
        let report = index.sync(&db.conn, &taxonomy).await.unwrap();
        assert!(report.rebuilt, "{label}");
        assert_eq!(index.len(), 33, "{label}: every listed product, no draft");

        // Chinese is cut into words: 蓝牙耳机 finds 无线蓝牙耳机, but not the
        // speaker (蓝牙 without 耳机) nor the draft.
        let buds = search(&db.conn, &index, "q=蓝牙耳机").await;
        assert_eq!(buds, ["zeta-buds"], "{label}");
        // A typo in a Latin word still finds it; so do the category and brand.
        assert_eq!(
            search(&db.conn, &index, "q=earbuts").await,
            ["acme-buds"],
            "{label}"
        );
        assert!(
            search(&db.conn, &index, "q=audio+zeta")
                .await
                .contains(&"zeta-speaker".to_owned())
        );

        // Relevance paging: 31 Acme products over two pages, none twice.
        let first = search(&db.conn, &index, "q=acme").await;
        let second = search(&db.conn, &index, "q=acme&page=2").await;
        assert_eq!(
            (first.len(), second.len()),
            (PAGE_SIZE as usize, 7),
            "{label}"
        );
        assert!(first.iter().all(|slug| !second.contains(slug)), "{label}");
        // Filters narrow the ranked results; the brand facet counts them.
        let hits = index.search("蓝牙", 1_000).unwrap();
        let listing = CatalogRepo(&db.conn)
            .listing(&taxonomy, &Scope::Products(hits.ids), &query("q=蓝牙"))
            .await
            .unwrap();
        assert_eq!(listing.total, 2, "{label}");
        let brands: Vec<(&str, u64)> = listing
            .facets
            .brands
            .iter()
            .map(|b| (b.value.as_str(), b.count))
            .collect();
        assert_eq!(brands, [("zeta", 2)], "{label}");

        // Words that never occur together fall back to any of them.
        let loose = index.search("耳机 Boom", 1_000).unwrap();
        assert!(loose.loose, "{label}");
        assert_eq!(loose.ids.len(), 2, "{label}");
        assert!(
            index.search("xylophone", 10).unwrap().ids.is_empty(),
            "{label}"
        );

        // Suggestions complete the word being typed.
        let titles: Vec<String> = index
            .suggest("acme wirel", 8)
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect();
        assert_eq!(titles, ["Acme Wireless Earbuds Pro"], "{label}");

        answers.push((
            label,
            vec![
                buds,
                first,
                second,
                search(&db.conn, &index, "q=蓝牙&sort=price_asc").await,
            ],
        ));
    }
    if let [(_, sqlite), (_, postgres)] = answers.as_slice() {
        assert_eq!(
            sqlite, postgres,
            "the same results on SQLite and PostgreSQL"
        );
    }
}

#[tokio::test]
async fn the_index_follows_the_catalog_and_survives_a_restart() {
    for db in test_databases().await {
        let label = db.label();
        let shop = stock_shop(&db.conn).await;
        let repo = CatalogRepo(&db.conn);
        let dir = std::env::temp_dir().join(format!("shop-search-{}", uuid::Uuid::new_v4()));

        let index = Arc::new(SearchIndex::open(&dir).unwrap());
        index
            .sync(&db.conn, &repo.taxonomy().await.unwrap())
            .await
            .unwrap();
        assert_eq!(
            index.search("耳机", 10).unwrap().ids,
            [shop.earbuds],
            "{label}"
        );

        // Staff rename and delist products: the next sync reflects both.
        let w = CatalogWriter(&db.conn);
        w.set_title(shop.earbuds, "Zeta Silent 耳机 Air")
            .await
            .unwrap();
        let speaker = index.search("音箱", 10).unwrap().ids;
        w.set_status(speaker[0], ProductStatus::Delisted)
            .await
            .unwrap();
        let report = index
            .sync(&db.conn, &repo.taxonomy().await.unwrap())
            .await
            .unwrap();
        assert!(!report.rebuilt, "{label}: only the changes are read");
        assert_eq!(
            index.search("silent", 10).unwrap().ids,
            [shop.earbuds],
            "{label}"
        );
        assert!(index.search("音箱", 10).unwrap().ids.is_empty(), "{label}");
        drop(index);

        // Reopened, the index is used as it is, not rebuilt.
        let reopened = Arc::new(SearchIndex::open(&dir).unwrap());
        assert_eq!(reopened.len(), 32, "{label}");
        let report = reopened
            .sync(&db.conn, &repo.taxonomy().await.unwrap())
            .await
            .unwrap();
        assert!(!report.rebuilt, "{label}");
        drop(reopened);

        // A damaged index is rebuilt from the database.
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == "meta.json") {
                std::fs::write(&path, b"not json").unwrap();
            }
        }
        let rebuilt = Arc::new(SearchIndex::open(&dir).unwrap());
        assert!(rebuilt.is_empty(), "{label}");
        let report = rebuilt
            .sync(&db.conn, &repo.taxonomy().await.unwrap())
            .await
            .unwrap();
        assert!(report.rebuilt, "{label}");
        assert_eq!(
            rebuilt.search("SILENT", 10).unwrap().ids,
            [shop.earbuds],
            "{label}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
