//! The back office's catalog writes on every database: review moderation
//! under racing clicks, and the category tree as staff rearrange it.

use crate::support;

use app::catalog::admin::reviews::model::Visibility;
use app::catalog::admin::reviews::repo::ReviewModerationRepo;
use app::catalog::admin::taxonomy::model::{descendant_depths, placement};
use app::catalog::admin::taxonomy::repo::{CategoryFields, TaxonomyRepo, TaxonomyWriteError};
use app::catalog::entity::product;
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewProduct, NewReview, NewSku};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait};
use support::test_databases;

async fn category(db: &impl ConnectionTrait, parent: Option<i64>, slug: &str, depth: i16) -> i64 {
    TaxonomyRepo(db)
        .create_category(
            parent,
            depth,
            &CategoryFields {
                slug,
                name_zh: slug,
                name_en: slug,
                featured: false,
            },
        )
        .await
        .unwrap()
}

async fn product_in(db: &impl ConnectionTrait, category_id: i64, slug: &str) -> i64 {
    CatalogWriter(db)
        .create_product(NewProduct {
            slug: slug.into(),
            category_id,
            brand_id: None,
            title: slug.into(),
            subtitle: String::new(),
            description: String::new(),
            status: ProductStatus::Listed,
            sales_count: 0,
            images: vec![],
            attributes: vec![],
            specs: vec![],
            skus: vec![NewSku {
                code: slug.to_uppercase(),
                values: vec![],
                price: 100,
                original_price: None,
                stock: 1,
                weight_grams: 1,
            }],
            listed_at: Some(Utc::now()),
        })
        .await
        .unwrap()
}

async fn rating(db: &impl ConnectionTrait, id: i64) -> (i64, i64) {
    let p = product::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (p.rating_sum, i64::from(p.review_count))
}

#[tokio::test]
async fn racing_hide_clicks_take_a_review_out_of_the_rating_once() {
    for db in test_databases().await {
        let label = db.label();
        let things = category(&db.conn, None, "things", 1).await;
        let id = product_in(&db.conn, things, "mug").await;
        let writer = CatalogWriter(&db.conn);
        let mut reviews = Vec::new();
        for (rating, body) in [(5, "lovely"), (1, "spam spam spam")] {
            reviews.push(
                writer
                    .add_review(NewReview {
                        product_id: id,
                        member_id: None,
                        author_name: "Ada",
                        rating,
                        body,
                        created_at: Utc::now(),
                    })
                    .await
                    .unwrap(),
            );
        }
        assert_eq!(rating(&db.conn, id).await, (6, 2), "{label}");

        // Twelve staff clicks on "hide" at once, from two pools.
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..12 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let spam = reviews[1];
            tasks.push(tokio::spawn(async move {
                let tx = app::db::begin_write(&conn).await?;
                let changed = ReviewModerationRepo(&tx).set_hidden(spam, true).await?;
                tx.commit().await?;
                Ok::<_, sea_orm::DbErr>(changed.is_some())
            }));
        }
        let mut flipped = 0;
        for task in tasks {
            flipped += usize::from(task.await.unwrap().unwrap());
        }
        assert_eq!(
            flipped, 1,
            "{label}: one click hides, the others find it hidden"
        );
        assert_eq!(rating(&db.conn, id).await, (5, 1), "{label}");

        let repo = ReviewModerationRepo(&db.conn);
        let hidden = repo.reviews(Visibility::Hidden, 0).await.unwrap();
        assert_eq!(hidden.total, 1, "{label}");
        assert_eq!(hidden.rows[0].body, "spam spam spam", "{label}");
        assert_eq!(hidden.rows[0].product_title, "mug", "{label}");

        assert!(repo.set_hidden(reviews[1], false).await.unwrap().is_some());
        assert!(repo.set_hidden(reviews[1], false).await.unwrap().is_none());
        assert_eq!(rating(&db.conn, id).await, (6, 2), "{label}: shown again");
    }
}

#[tokio::test]
async fn a_moved_category_takes_its_subtree_and_keeps_the_tree_three_deep() {
    for db in test_databases().await {
        let label = db.label();
        let repo = TaxonomyRepo(&db.conn);
        let digital = category(&db.conn, None, "digital", 1).await;
        let audio = category(&db.conn, Some(digital), "audio", 2).await;
        let earbuds = category(&db.conn, Some(audio), "earbuds", 3).await;
        let home = category(&db.conn, None, "home", 1).await;
        let kitchen = category(&db.conn, None, "kitchen", 1).await;
        let buds = product_in(&db.conn, earbuds, "buds").await;

        assert_eq!(
            repo.siblings(None).await.unwrap(),
            [digital, home, kitchen],
            "{label}"
        );

        // audio (with earbuds below it) moves under home: both keep their levels.
        let nodes = repo.nodes().await.unwrap();
        let depth = placement(&nodes, Some(audio), Some(home)).unwrap();
        repo.move_category(
            audio,
            Some(home),
            depth,
            &descendant_depths(&nodes, audio, depth),
        )
        .await
        .unwrap();
        // home (now two levels deep) cannot go below kitchen: earbuds would be at level 4.
        let nodes = repo.nodes().await.unwrap();
        assert!(
            placement(&nodes, Some(home), Some(kitchen)).is_err(),
            "{label}"
        );

        let tree = repo.load().await.unwrap();
        let order: Vec<(&str, i16)> = tree
            .categories
            .iter()
            .map(|c| (c.slug.as_str(), c.depth))
            .collect();
        assert_eq!(
            order,
            [
                ("digital", 1),
                ("home", 1),
                ("audio", 2),
                ("earbuds", 3),
                ("kitchen", 1)
            ],
            "{label}"
        );
        let earbuds_row = tree.categories.iter().find(|c| c.id == earbuds).unwrap();
        assert_eq!(earbuds_row.products, 1, "{label}");

        assert!(
            repo.category_in_use(earbuds).await.unwrap(),
            "{label}: has a product"
        );
        assert!(
            repo.category_in_use(home).await.unwrap(),
            "{label}: has a child"
        );
        assert!(
            !repo.category_in_use(digital).await.unwrap(),
            "{label}: now empty"
        );

        // A rename marks the products below changed, for the search index.
        let before = product::Entity::find_by_id(buds)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        assert_eq!(
            repo.touch_products_in(&[audio, earbuds]).await.unwrap(),
            1,
            "{label}"
        );
        let after = product::Entity::find_by_id(buds)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(after.updated_at > before.updated_at, "{label}");

        // Two categories cannot share a URL.
        let taken = repo
            .create_category(
                None,
                1,
                &CategoryFields {
                    slug: "home",
                    name_zh: "家",
                    name_en: "Home again",
                    featured: false,
                },
            )
            .await;
        assert!(
            matches!(taken, Err(TaxonomyWriteError::SlugTaken)),
            "{label}"
        );
    }
}
