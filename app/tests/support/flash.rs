//! Flash-sale fixtures: a running sale of one SKU and its item's row.

use app::flash_sales::buy::Terms;
use app::flash_sales::entity::flash_item;
use app::flash_sales::model::{NewItem, NewSession};
use app::flash_sales::repo::FlashRepo;
use app::orders::entity::{order, order_item};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::shop::{PRICE, SHIPPING};

pub const TERMS: Terms = Terms {
    shipping: SHIPPING,
    pay_within: Duration::minutes(10),
};

/// A running session (started a minute ago) with one item of the SKU.
pub async fn running_sale(db: &DatabaseConnection, sku_id: i64, units: i32, limit: i32) -> i64 {
    let now = Utc::now();
    let session = NewSession {
        title: "Midnight".into(),
        starts_at: (now - Duration::minutes(1)).timestamp_millis(),
        ends_at: (now + Duration::hours(1)).timestamp_millis(),
        items: vec![NewItem {
            sku_id,
            flash_price: PRICE / 2,
            stock: units,
            per_member_limit: limit,
        }],
    };
    let tx = app::db::begin_write(db).await.unwrap();
    let session_id = FlashRepo(&*tx).create_session(&session, now).await.unwrap();
    tx.commit().await.unwrap();
    item_of(db, session_id).await.id
}

pub async fn item_of(db: &DatabaseConnection, session_id: i64) -> flash_item::Model {
    flash_item::Entity::find()
        .filter(flash_item::Column::SessionId.eq(session_id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn item(db: &DatabaseConnection, id: i64) -> flash_item::Model {
    flash_item::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

/// The flash units each member holds in orders, from the order lines.
pub async fn units_by_member(db: &DatabaseConnection, item_id: i64) -> Vec<(i64, i64)> {
    let lines = order_item::Entity::find()
        .filter(order_item::Column::FlashItemId.eq(item_id))
        .all(db)
        .await
        .unwrap();
    let mut per_member = std::collections::BTreeMap::new();
    for line in lines {
        let owner = order::Entity::find_by_id(line.order_id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .member_id;
        *per_member.entry(owner).or_insert(0) += i64::from(line.quantity);
    }
    per_member.into_iter().collect()
}
