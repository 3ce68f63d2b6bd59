//! Changing a product's variants after creation, on every database: new
//! spec values bring their SKUs, racing staff never leave a product with
//! clashing SKU codes or with no SKU on sale.

use crate::support;

use app::catalog::admin::repo::AdminCatalogRepo;
use app::catalog::admin::variants::model::VariantProblem;
use app::catalog::admin::variants::repo::{VariantRepo, VariantWriteError};
use app::catalog::entity::product;
use app::catalog::status::{ProductStatus, SkuStatus};
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewSku};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use support::test_databases;

/// A listed T-shirt in Black and White, sizes S and M, ¥99 each.
async fn t_shirt(db: &impl ConnectionTrait) -> i64 {
    let category_id = CatalogWriter(db)
        .create_category(NewCategory {
            parent_id: None,
            slug: "tops",
            name_zh: "上衣",
            name_en: "Tops",
            depth: 1,
            position: 0,
            featured: false,
        })
        .await
        .unwrap();
    let skus = [[0, 0], [0, 1], [1, 0], [1, 1]]
        .into_iter()
        .enumerate()
        .map(|(at, values)| NewSku {
            code: format!("TEE-{:02}", at + 1),
            values: values.to_vec(),
            price: 9_900,
            original_price: None,
            stock: 3,
            weight_grams: 200,
        })
        .collect();
    CatalogWriter(db)
        .create_product(NewProduct {
            slug: "tee".into(),
            category_id,
            brand_id: None,
            title: "Tee".into(),
            subtitle: String::new(),
            description: String::new(),
            status: ProductStatus::Listed,
            sales_count: 0,
            images: vec![],
            attributes: vec![],
            specs: vec![
                ("Colour".into(), vec!["Black".into(), "White".into()]),
                ("Size".into(), vec!["S".into(), "M".into()]),
            ],
            skus,
            listed_at: None,
        })
        .await
        .unwrap()
}

async fn add_value(
    db: &DatabaseConnection,
    product_id: i64,
    spec: usize,
    value: &str,
    price: i64,
) -> Result<Vec<String>, VariantWriteError> {
    let tx = app::db::begin_write(db).await?;
    let spec_id = VariantRepo(&tx).specs(product_id).await?[spec].id;
    let added = VariantRepo(&tx)
        .add_spec_value(product_id, spec_id, value, price)
        .await?;
    tx.commit().await?;
    Ok(added.codes)
}

#[tokio::test]
async fn a_new_colour_brings_one_sku_per_size_and_moves_the_price_range() {
    for db in test_databases().await {
        let label = db.label();
        let id = t_shirt(&db.conn).await;

        let codes = add_value(&db.conn, id, 0, " Red ", 7_900).await.unwrap();
        assert_eq!(codes, ["TEE-05", "TEE-06"], "{label}");
        let shown = AdminCatalogRepo(&db.conn)
            .product(id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(shown.specs[0].values, ["Black", "White", "Red"], "{label}");
        let red: Vec<(&str, &str, i64, i64)> = shown
            .skus
            .iter()
            .filter(|s| s.label.starts_with("Red"))
            .map(|s| (s.code.as_str(), s.label.as_str(), s.price, s.stock))
            .collect();
        assert_eq!(
            red,
            [
                ("TEE-05", "Red / S", 7_900, 0),
                ("TEE-06", "Red / M", 7_900, 0)
            ],
            "{label}: new SKUs start with no stock"
        );
        let summary = product::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (summary.price_min, summary.price_max),
            (7_900, 9_900),
            "{label}"
        );

        let refused = add_value(&db.conn, id, 0, "red", 7_900).await;
        assert!(
            matches!(
                refused,
                Err(VariantWriteError::Refused(VariantProblem::DuplicateValue))
            ),
            "{label}: {refused:?}"
        );
        let after = AdminCatalogRepo(&db.conn)
            .product(id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.skus.len(), 6, "{label}: a refused value adds nothing");

        // A new size pairs with all three colours.
        let codes = add_value(&db.conn, id, 1, "L", 9_900).await.unwrap();
        assert_eq!(codes, ["TEE-07", "TEE-08", "TEE-09"], "{label}");
    }
}

#[tokio::test]
async fn staff_adding_values_at_once_get_distinct_sku_codes() {
    for db in test_databases().await {
        let label = db.label();
        let id = t_shirt(&db.conn).await;
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for (n, colour) in ["Red", "Blue", "Green", "Grey", "Pink", "Teal"]
            .into_iter()
            .enumerate()
        {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            tasks.push(tokio::spawn(async move {
                add_value(&conn, id, 0, colour, 9_900).await
            }));
        }
        let mut codes = Vec::new();
        for task in tasks {
            codes.extend(task.await.unwrap().unwrap());
        }
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 12, "{label}: six colours × two sizes");
        let shown = AdminCatalogRepo(&db.conn)
            .product(id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(shown.specs[0].values.len(), 8, "{label}");
        assert_eq!(shown.skus.len(), 16, "{label}");
    }
}

#[tokio::test]
async fn racing_retirements_leave_one_sku_on_sale() {
    for db in test_databases().await {
        let label = db.label();
        let id = t_shirt(&db.conn).await;
        let skus = AdminCatalogRepo(&db.conn)
            .product(id)
            .await
            .unwrap()
            .unwrap()
            .skus;
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..16 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let sku = skus[n % 4].id;
            tasks.push(tokio::spawn(async move {
                let tx = app::db::begin_write(&conn).await?;
                let done = VariantRepo(&tx)
                    .set_sku_status(id, sku, SkuStatus::Retired)
                    .await;
                tx.commit().await?;
                done
            }));
        }
        let (mut retired, mut refused) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(Some(_)) => retired += 1,
                Ok(None) => {}
                Err(VariantWriteError::Refused(VariantProblem::LastActiveSku)) => refused += 1,
                Err(other) => panic!("{label}: {other}"),
            }
        }
        assert_eq!(retired, 3, "{label}: three of four SKUs retire");
        assert!(refused >= 1, "{label}: the last one is refused");
        let shown = AdminCatalogRepo(&db.conn)
            .product(id)
            .await
            .unwrap()
            .unwrap();
        let on_sale = shown
            .skus
            .iter()
            .filter(|s| s.status == SkuStatus::Active)
            .count();
        assert_eq!(on_sale, 1, "{label}");
        let summary = product::Entity::find_by_id(id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert!(summary.in_stock, "{label}: the SKU left still sells");

        // Restoring puts it back on sale; doing it twice changes nothing more.
        let retired_sku = shown.skus.last().unwrap().id;
        let repo = VariantRepo(&db.conn);
        assert!(
            repo.set_sku_status(id, retired_sku, SkuStatus::Active)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            repo.set_sku_status(id, retired_sku, SkuStatus::Active)
                .await
                .unwrap()
                .is_none()
        );
    }
}
