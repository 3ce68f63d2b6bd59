//! The demo shop's flash sales: one running for six days from the load,
//! with a few units of three SKUs at about half price, and one starting
//! the next day, so `/flash-sales` shows both kinds.

use app::catalog::entity::sku;
use app::flash_sales::model::{NewItem, NewSession};
use app::flash_sales::repo::{FlashRepo, SetupError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

/// (title, starts after the load, lasts, units per item)
const SESSIONS: [(&str, Duration, Duration, [i32; 3]); 2] = [
    (
        "今日秒杀 Today's flash sale",
        Duration::minutes(-1),
        Duration::days(6),
        [20, 10, 5],
    ),
    (
        "明晚 8 点场 Tomorrow night",
        Duration::days(1),
        Duration::hours(2),
        [50, 30, 10],
    ),
];

pub async fn load<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<usize, DbErr> {
    // Well-stocked SKUs over ¥50, six of them, three a session.
    let skus = sku::Entity::find()
        .filter(sku::Column::Stock.gte(60))
        .filter(sku::Column::Price.gte(5_000))
        .order_by_asc(sku::Column::Id)
        .all(db)
        .await?;
    let mut picks = skus.chunks(7).filter_map(|c| c.first());
    for (title, starts, lasts, units) in SESSIONS {
        let starts_at = now + starts;
        let items = units
            .iter()
            .zip(picks.by_ref())
            .map(|(&stock, sku)| NewItem {
                sku_id: sku.id,
                // About half price, ending in .90 like the shop's prices.
                flash_price: (sku.price / 2 / 100 * 100 - 10).max(90),
                stock,
                per_member_limit: 1,
            })
            .collect();
        let session = NewSession {
            title: title.to_owned(),
            starts_at: starts_at.timestamp_millis(),
            ends_at: (starts_at + lasts).timestamp_millis(),
            items,
        };
        FlashRepo(db)
            .create_session(&session, now)
            .await
            .map_err(|err| match err {
                SetupError::Database(err) => err,
                other => DbErr::Custom(format!("the demo flash sale: {other}")),
            })?;
    }
    Ok(SESSIONS.len())
}
