//! The demo shop's group deals: two running for six days from the load,
//! one for pairs and one for groups of three, on SKUs the flash sales do
//! not use, so `/group-buys` has something to open.

use app::catalog::entity::sku;
use app::group_buys::model::NewDeal;
use app::group_buys::repo::{DealSetupError, GroupRepo};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// (group size, hours to form a group, share of the price paid, in %)
const DEALS: [(i32, i32, i64); 2] = [(2, 24, 80), (3, 48, 70)];

pub async fn load<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let skus = sku::Entity::find()
        .filter(sku::Column::Stock.gte(60))
        .filter(sku::Column::Price.gte(5_000))
        .order_by_asc(sku::Column::Id)
        .all(db)
        .await?;
    // The flash sales take the first SKU of each run of seven.
    let picks = skus.chunks(7).filter_map(|c| c.get(3));
    let mut loaded = 0;
    for ((size, hours, percent), sku) in DEALS.into_iter().zip(picks) {
        let deal = NewDeal {
            sku_id: sku.id,
            // Ending in .90 like the shop's prices.
            group_price: (sku.price * percent / 100 / 100 * 100 - 10).max(90),
            group_size: size,
            time_limit_minutes: hours * 60,
            per_member_limit: 2,
            starts_at: (now - Duration::minutes(1)).timestamp_millis(),
            ends_at: (now + Duration::days(6)).timestamp_millis(),
        };
        GroupRepo(db)
            .create_deal(&deal, now)
            .await
            .map_err(|err| match err {
                DealSetupError::Database(err) => err,
                other => DbErr::Custom(format!("the demo group deal: {other}")),
            })?;
        loaded += 1;
    }
    Ok(loaded)
}
