//! What each app server knows of the running and upcoming flash-sale
//! items, so most attempts are answered without the database: before the
//! start, after the end, and once an item is sold out.
//!
//! The board is refreshed from the database every second (and at once on
//! an item it does not know, at most once a second). A flag can be stale
//! in two ways, neither of which can oversell: "not sold out" when another
//! server sold the last unit (the attempt then reaches the database, whose
//! conditional update refuses it), or "sold out" for up to a second after
//! a cancelled order gave a unit back (the unit waits that long).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::Mutex;

use super::gate::ItemState;
use super::model::{Phase, phase};
use super::repo::FlashRepo;
use crate::cart::model::CartLine;
use crate::cart::repo::CartRepo;

/// How often a server re-reads the board, and how soon an unknown item
/// may trigger a read.
pub const REFRESH: Duration = Duration::from_secs(1);

pub struct LiveItem {
    pub id: i64,
    pub session_id: i64,
    pub per_member_limit: i32,
    /// The order line a purchase makes: one unit at the flash price.
    pub line: CartLine,
    starts_at: AtomicI64,
    ends_at: AtomicI64,
    sold_out: AtomicBool,
    /// Attempts this server answered, for staff watching the sale.
    accepted: AtomicU64,
    refused: AtomicU64,
}

impl LiveItem {
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        phase(
            self.starts_at.load(Ordering::Relaxed),
            self.ends_at.load(Ordering::Relaxed),
            now.timestamp_millis(),
        )
    }

    pub fn sold_out(&self) -> bool {
        self.sold_out.load(Ordering::Relaxed)
    }

    pub fn mark_sold_out(&self) {
        self.sold_out.store(true, Ordering::Relaxed);
    }

    pub fn count(&self, accepted: bool) {
        let counter = if accepted {
            &self.accepted
        } else {
            &self.refused
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Attempts accepted and refused by this server so far.
    pub fn attempts(&self) -> (u64, u64) {
        (
            self.accepted.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
        )
    }
}

pub struct FlashBoard {
    db: DatabaseConnection,
    items: RwLock<HashMap<i64, Arc<LiveItem>>>,
    /// Held while reading the database, with when that last happened.
    reading: Mutex<Option<Instant>>,
}

impl FlashBoard {
    pub fn new(db: DatabaseConnection) -> Arc<Self> {
        Arc::new(Self {
            db,
            items: RwLock::new(HashMap::new()),
            reading: Mutex::new(None),
        })
    }

    /// The item, if its session has not ended or ended within the hour.
    pub async fn item(&self, id: i64, now: DateTime<Utc>) -> Result<Option<Arc<LiveItem>>, DbErr> {
        if let Some(item) = self.known(id) {
            return Ok(Some(item));
        }
        // Unknown: maybe new since the last read. Junk ids cost at most
        // one read a second between them all.
        let mut reading = self.reading.lock().await;
        if reading.is_none_or(|at| at.elapsed() >= REFRESH) {
            self.read(now).await?;
            *reading = Some(Instant::now());
        }
        Ok(self.known(id))
    }

    /// Re-reads every item of sessions that have not ended; answers what
    /// it read of the items still on sale or to come.
    pub async fn refresh(&self, now: DateTime<Utc>) -> Result<Vec<ItemState>, DbErr> {
        let mut reading = self.reading.lock().await;
        let states = self.read(now).await?;
        *reading = Some(Instant::now());
        Ok(states)
    }

    /// The lowest flash price of the product's items on sale now, with
    /// when its session ends and which SKU it is; from the board alone,
    /// so product pages cost the database nothing for it.
    pub fn on_product(&self, slug: &str, now: DateTime<Utc>) -> Option<(i64, i64, String)> {
        let items = self.items.read().unwrap_or_else(|e| e.into_inner());
        items
            .values()
            .filter(|i| i.line.product_slug == slug && i.phase(now) == Phase::Live && !i.sold_out())
            .map(|i| {
                let ends = i.ends_at.load(Ordering::Relaxed);
                (i.line.price, ends, i.line.variant.clone())
            })
            .min()
    }

    /// The item if this server knows it, without reading the database.
    pub fn known(&self, id: i64) -> Option<Arc<LiveItem>> {
        let items = self.items.read().unwrap_or_else(|e| e.into_inner());
        items.get(&id).cloned()
    }

    async fn read(&self, now: DateTime<Utc>) -> Result<Vec<ItemState>, DbErr> {
        // Sessions ended within the hour stay, so a late click hears
        // "ended" rather than "no such item".
        let sessions = FlashRepo(&self.db)
            .running_and_upcoming(now - chrono::Duration::hours(1))
            .await?;
        let sku_ids = crate::flash_sales::repo::sku_ids(&sessions);
        let lines = CartRepo(&self.db).describe(sku_ids).await?;
        let old = self.items.read().unwrap_or_else(|e| e.into_inner()).clone();
        let mut fresh = HashMap::new();
        let mut states = Vec::new();
        for (session, items) in sessions {
            let (starts, ends) = (
                session.starts_at.timestamp_millis(),
                session.ends_at.timestamp_millis(),
            );
            for item in items {
                let sold_out = item.sold >= item.stock;
                if ends > now.timestamp_millis() && !item.settled {
                    states.push(ItemState {
                        id: item.id,
                        starts_at: starts,
                        ends_at: ends,
                        per_member_limit: item.per_member_limit,
                        left: item.stock - item.sold,
                    });
                }
                // The same object stays in place, so a batch holding it
                // still marks what everyone reads; one staff re-priced
                // (before its start) is replaced.
                if let Some(live) = old.get(&item.id).filter(|live| {
                    live.line.price == item.flash_price
                        && live.per_member_limit == item.per_member_limit
                }) {
                    live.starts_at.store(starts, Ordering::Relaxed);
                    live.ends_at.store(ends, Ordering::Relaxed);
                    live.sold_out.store(sold_out, Ordering::Relaxed);
                    fresh.insert(item.id, Arc::clone(live));
                    continue;
                }
                let Some(mut line) = lines.get(&item.sku_id).cloned() else {
                    continue;
                };
                line.price = item.flash_price;
                line.added_price = item.flash_price;
                fresh.insert(
                    item.id,
                    Arc::new(LiveItem {
                        id: item.id,
                        session_id: item.session_id,
                        per_member_limit: item.per_member_limit,
                        line,
                        starts_at: AtomicI64::new(starts),
                        ends_at: AtomicI64::new(ends),
                        sold_out: AtomicBool::new(sold_out),
                        accepted: AtomicU64::new(0),
                        refused: AtomicU64::new(0),
                    }),
                );
            }
        }
        *self.items.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(states)
    }
}
