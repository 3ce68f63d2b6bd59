//! Favourites and recently viewed on every database, with requests racing
//! as they do when a shopper double-clicks or has two tabs open.

use crate::support;

use app::catalog::member_lists::RECENT_KEPT;
use app::catalog::member_lists::repo::MemberListsRepo;
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewSku};
use app::members::model::{DisplayName, Email};
use app::members::repo::MemberRepo;
use chrono::Utc;
use sea_orm::ConnectionTrait;
use support::test_databases;

async fn products(db: &impl ConnectionTrait, count: usize) -> Vec<i64> {
    let w = CatalogWriter(db);
    let category = w
        .create_category(NewCategory {
            parent_id: None,
            slug: "things",
            name_zh: "杂货",
            name_en: "Things",
            depth: 1,
            position: 0,
            featured: false,
        })
        .await
        .unwrap();
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(
            w.create_product(NewProduct {
                slug: format!("thing-{n}"),
                category_id: category,
                brand_id: None,
                title: format!("Thing {n}"),
                subtitle: String::new(),
                description: String::new(),
                status: ProductStatus::Listed,
                sales_count: 0,
                images: vec![],
                attributes: vec![],
                specs: vec![],
                skus: vec![NewSku {
                    code: format!("T-{n}"),
                    values: vec![],
                    price: 100,
                    original_price: None,
                    stock: 1,
                    weight_grams: 1,
                }],
                listed_at: Some(Utc::now()),
            })
            .await
            .unwrap(),
        );
    }
    ids
}

async fn member(db: &impl ConnectionTrait, email: &str) -> i64 {
    MemberRepo(db)
        .create(
            &Email::parse(email).unwrap(),
            &DisplayName::parse("Ada").unwrap(),
            "hash",
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn racing_favourite_clicks_keep_one_favourite_per_product() {
    for db in test_databases().await {
        let label = db.label();
        let products = products(&db.conn, 2).await;
        let ada = member(&db.conn, "ada@example.com").await;
        let bob = member(&db.conn, "bob@example.com").await;

        // Sixteen "add" clicks at once, from two pools (two app servers).
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..16 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let product = products[0];
            tasks.push(tokio::spawn(async move {
                MemberListsRepo(&conn)
                    .set_favourite(ada, product, true)
                    .await
            }));
        }
        for task in tasks {
            assert!(task.await.unwrap().unwrap(), "{label}");
        }
        let repo = MemberListsRepo(&db.conn);
        assert_eq!(
            repo.favourite_ids(ada, 10).await.unwrap(),
            [products[0]],
            "{label}"
        );
        assert!(
            repo.favourite_ids(bob, 10).await.unwrap().is_empty(),
            "{label}: per member"
        );

        repo.set_favourite(ada, products[1], true).await.unwrap();
        assert_eq!(
            repo.favourite_ids(ada, 10).await.unwrap(),
            [products[1], products[0]],
            "{label}: the latest first"
        );
        assert!(!repo.set_favourite(ada, products[0], false).await.unwrap());
        assert!(
            !repo.is_favourite(ada, products[0]).await.unwrap(),
            "{label}"
        );
        assert!(
            repo.is_favourite(ada, products[1]).await.unwrap(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn recently_viewed_keeps_the_latest_twenty_newest_first() {
    for db in test_databases().await {
        let label = db.label();
        let products = products(&db.conn, 25).await;
        let ada = member(&db.conn, "ada@example.com").await;
        let repo = MemberListsRepo(&db.conn);
        for id in &products {
            repo.record_view(ada, *id).await.unwrap();
            // Views a few microseconds apart sort the same on every database.
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        // Looking at an old product again brings it to the front.
        repo.record_view(ada, products[10]).await.unwrap();

        let recent = repo.recent_ids(ada).await.unwrap();
        assert_eq!(recent.len(), RECENT_KEPT as usize, "{label}");
        assert_eq!(recent[0], products[10], "{label}");
        assert_eq!(recent[1], products[24], "{label}");
        assert!(
            !recent.contains(&products[0]),
            "{label}: the oldest is forgotten"
        );
    }
}
