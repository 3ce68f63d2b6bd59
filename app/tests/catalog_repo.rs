//! The catalog's listings against real databases: facet counts, filters,
//! sorting and pagination, the same on SQLite and PostgreSQL.

use crate::support;

use app::catalog::model::{ListingQuery, PAGE_SIZE};
use app::catalog::repo::{CatalogRepo, Scope};
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewReview, NewSku};
use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use support::test_databases;

struct Shop {
    phones: i64,
    audio: i64,
}

/// Electronics > {Phones, Audio}. Phones: 30 Acme phones (¥100, ¥110, …),
/// in Black or White, every third sold out. Audio: 2 Zeta earbuds, one
/// draft that must never show.
async fn stock_shop(db: &impl ConnectionTrait) -> Shop {
    let w = CatalogWriter(db);
    let top = w
        .create_category(NewCategory {
            parent_id: None,
            slug: "electronics",
            name_zh: "数码",
            name_en: "Electronics",
            depth: 1,
            position: 0,
            featured: false,
        })
        .await
        .unwrap();
    let child = |slug: &'static str, position| NewCategory {
        parent_id: Some(top),
        slug,
        name_zh: slug,
        name_en: slug,
        depth: 2,
        position,
        featured: false,
    };
    let phones = w.create_category(child("phones", 0)).await.unwrap();
    let audio = w.create_category(child("audio", 1)).await.unwrap();
    let acme = w.create_brand("acme", "Acme").await.unwrap();
    let zeta = w.create_brand("zeta", "Zeta").await.unwrap();
    let now = Utc::now();

    for n in 0..30i64 {
        let colour = if n % 2 == 0 { "Black" } else { "White" };
        let product = w
            .create_product(NewProduct {
                slug: format!("phone-{n}"),
                category_id: phones,
                brand_id: Some(acme),
                title: format!("Acme 智能手机 {n}"),
                subtitle: String::new(),
                description: String::new(),
                status: ProductStatus::Listed,
                sales_count: n * 10,
                images: vec![(format!("/media/p{n}.svg"), String::new())],
                attributes: vec![],
                specs: vec![("Colour".into(), vec![colour.into()])],
                skus: vec![NewSku {
                    code: format!("PH-{n}"),
                    values: vec![0],
                    price: 10_000 + n * 1_000,
                    original_price: None,
                    stock: if n % 3 == 0 { 0 } else { 5 },
                    weight_grams: 200,
                }],
                listed_at: Some(now - Duration::minutes(n)),
            })
            .await
            .unwrap();
        if n == 1 {
            for rating in [5, 4] {
                w.add_review(NewReview {
                    product_id: product,
                    member_id: None,
                    author_name: "Ann",
                    rating,
                    body: "ok",
                    created_at: now,
                })
                .await
                .unwrap();
            }
        }
    }
    for (slug, status) in [
        ("buds", ProductStatus::Listed),
        ("buds-draft", ProductStatus::Draft),
    ] {
        w.create_product(NewProduct {
            slug: slug.into(),
            category_id: audio,
            brand_id: Some(zeta),
            title: "Zeta 无线蓝牙耳机".into(),
            subtitle: String::new(),
            description: "**great**".into(),
            status,
            sales_count: 1_000_000,
            images: vec![],
            attributes: vec![("Battery".into(), "30 h".into())],
            specs: vec![
                ("Colour".into(), vec!["Black".into(), "Blue".into()]),
                ("Case".into(), vec!["Plain".into(), "Wireless".into()]),
            ],
            skus: (0..4)
                .map(|at| NewSku {
                    code: format!("{slug}-{at}"),
                    values: vec![at / 2, at % 2],
                    price: 29_900 + (at as i64) * 1_000,
                    original_price: Some(39_900),
                    stock: if at == 3 { 0 } else { 9 },
                    weight_grams: 50,
                })
                .collect(),
            listed_at: Some(now),
        })
        .await
        .unwrap();
    }
    Shop { phones, audio }
}

fn query(text: &str) -> ListingQuery {
    app::catalog::api::parse_listing_query(text)
}

#[tokio::test]
async fn listings_filter_count_sort_and_page_the_same_on_every_database() {
    for db in test_databases().await {
        let label = db.label();
        let shop = stock_shop(&db.conn).await;
        let repo = CatalogRepo(&db.conn);
        let taxonomy = repo.taxonomy().await.unwrap();
        let everything = Scope::Categories(
            taxonomy.subtree_ids(taxonomy.category_by_slug("electronics").unwrap().id),
        );
        let phones = Scope::Categories(vec![shop.phones]);

        // The top category shows its children's products, never drafts.
        let all = repo
            .listing(&taxonomy, &everything, &query(""))
            .await
            .unwrap();
        assert_eq!(all.total, 31, "{label}");
        assert_eq!(all.products[0].slug, "buds", "{label}: best-selling first");
        assert_eq!(all.products.len(), PAGE_SIZE as usize, "{label}");

        // Brand facet counts ignore the brand filter itself.
        let acme = repo
            .listing(&taxonomy, &everything, &query("brand=acme"))
            .await
            .unwrap();
        assert_eq!(acme.total, 30, "{label}");
        let counts: Vec<(String, u64, bool)> = acme
            .facets
            .brands
            .iter()
            .map(|b| (b.value.clone(), b.count, b.selected))
            .collect();
        assert_eq!(
            counts,
            [("acme".into(), 30, true), ("zeta".into(), 1, false)],
            "{label}"
        );

        // Spec facet: 15 black and 15 white phones, plus the earbuds' black.
        let colours = &all
            .facets
            .specs
            .iter()
            .find(|f| f.name == "Colour")
            .unwrap()
            .values;
        let black = colours.iter().find(|v| v.value == "Black").unwrap();
        assert_eq!(black.count, 16, "{label}");
        let white = repo
            .listing(&taxonomy, &phones, &query("spec=Colour%3AWhite"))
            .await
            .unwrap();
        assert_eq!(white.total, 15, "{label}");
        assert!(
            white.products.iter().all(|p| p
                .slug
                .trim_start_matches("phone-")
                .parse::<i64>()
                .unwrap()
                % 2
                == 1)
        );

        // In stock: 20 of the 30 phones; the facet counts them beforehand.
        assert_eq!(
            repo.listing(&taxonomy, &phones, &query(""))
                .await
                .unwrap()
                .facets
                .in_stock,
            20,
            "{label}"
        );
        let in_stock = repo
            .listing(&taxonomy, &phones, &query("stock=1"))
            .await
            .unwrap();
        assert_eq!(in_stock.total, 20, "{label}");
        assert!(in_stock.products.iter().all(|p| p.in_stock), "{label}");

        // Price range in yuan, both ends inclusive: ¥110 … ¥130.
        let priced = repo
            .listing(&taxonomy, &phones, &query("min=110&max=130&sort=price_asc"))
            .await
            .unwrap();
        let prices: Vec<i64> = priced.products.iter().map(|p| p.price).collect();
        assert_eq!(prices, [11_000, 12_000, 13_000], "{label}");

        // Sorting by price both ways, and newest.
        let desc = repo
            .listing(&taxonomy, &phones, &query("sort=price_desc"))
            .await
            .unwrap();
        assert_eq!(desc.products[0].price, 39_000, "{label}");
        let newest = repo
            .listing(&taxonomy, &phones, &query("sort=newest"))
            .await
            .unwrap();
        assert_eq!(newest.products[0].slug, "phone-0", "{label}");

        // Pages: 30 phones are 24 + 6, no product twice, none missing, and
        // a page past the end is empty rather than an error.
        let first = repo
            .listing(&taxonomy, &phones, &query("sort=price_asc"))
            .await
            .unwrap();
        let second = repo
            .listing(&taxonomy, &phones, &query("sort=price_asc&page=2"))
            .await
            .unwrap();
        assert_eq!(
            (first.products.len(), second.products.len()),
            (24, 6),
            "{label}"
        );
        assert_eq!(first.page_count(), 2, "{label}");
        let mut seen: Vec<&str> = first
            .products
            .iter()
            .chain(&second.products)
            .map(|p| p.slug.as_str())
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 30, "{label}");
        let beyond = repo
            .listing(&taxonomy, &phones, &query("page=9"))
            .await
            .unwrap();
        assert!(beyond.products.is_empty(), "{label}");
        assert_eq!(beyond.total, 30, "{label}");

        // An unknown brand matches nothing rather than everything.
        let unknown = repo
            .listing(&taxonomy, &phones, &query("brand=nobody"))
            .await
            .unwrap();
        assert_eq!(unknown.total, 0, "{label}");

        // Drafts never show, not even in their own category.
        let audio = repo
            .listing(&taxonomy, &Scope::Categories(vec![shop.audio]), &query(""))
            .await
            .unwrap();
        assert_eq!(audio.total, 1, "{label}");
    }
}

#[tokio::test]
async fn a_product_page_has_its_skus_specs_reviews_and_related_products() {
    for db in test_databases().await {
        let label = db.label();
        stock_shop(&db.conn).await;
        let repo = CatalogRepo(&db.conn);
        let taxonomy = repo.taxonomy().await.unwrap();

        let buds = repo
            .product_page(&taxonomy, "buds")
            .await
            .unwrap()
            .expect("listed");
        assert_eq!(buds.skus.len(), 4, "{label}");
        assert_eq!(
            buds.specs
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["Colour", "Case"]
        );
        assert_eq!(
            buds.breadcrumbs
                .iter()
                .map(|c| c.slug.as_str())
                .collect::<Vec<_>>(),
            ["electronics", "audio"]
        );
        assert_eq!(buds.brand.as_deref(), Some("Zeta"));
        assert!(
            buds.description_html.contains("<strong>great</strong>"),
            "{label}"
        );
        // Blue + Wireless is sold out: the picker must grey it out.
        let blue = buds.specs[0].values[1].id;
        let wireless = buds.specs[1].values[1].id;
        assert!(
            !buds.is_available(&[Some(blue), None], 1, wireless),
            "{label}"
        );
        assert!(
            buds.is_available(&[Some(blue), None], 1, buds.specs[1].values[0].id),
            "{label}"
        );
        assert!(
            !buds.related.iter().any(|p| p.slug == "buds-draft"),
            "{label}: drafts are never related"
        );

        let phone = repo
            .product_page(&taxonomy, "phone-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(phone.rating.count, 2, "{label}");
        assert_eq!(phone.distribution, [0, 0, 0, 1, 1], "{label}");
        assert_eq!(phone.related.len(), 8, "{label}");
        assert!(phone.related.iter().all(|p| p.slug != "phone-1"), "{label}");

        assert!(
            repo.product_page(&taxonomy, "buds-draft")
                .await
                .unwrap()
                .is_none(),
            "{label}: drafts have no page"
        );
        assert!(
            repo.product_page(&taxonomy, "nope")
                .await
                .unwrap()
                .is_none(),
            "{label}"
        );

        assert_eq!(
            repo.buyable_sku("buds-3").await.unwrap().map(|s| s.stock),
            Some(0),
            "{label}"
        );
        assert_eq!(
            repo.buyable_sku("buds-0").await.unwrap().map(|s| s.stock),
            Some(9),
            "{label}"
        );
        assert_eq!(
            repo.buyable_sku("buds-draft-0").await.unwrap(),
            None,
            "{label}"
        );
    }
}
