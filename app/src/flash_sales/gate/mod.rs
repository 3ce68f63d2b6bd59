//! The optional Redis gate in front of flash-sale batches (`REDIS_URL`).
//!
//! The in-process board turns attempts away once this server knows an
//! item is sold out, but until then every attempt on every server reaches
//! the database. The gate is shared by all servers: one atomic script
//! checks the window, the member's limit and what is left, and admits
//! only as many buyers as there are units, so the database sees about one
//! attempt per unit however many servers and buyers there are.
//!
//! The database stays the source of truth: an admitted buyer is still
//! sold to by the same conditional updates, and one it refuses gives the
//! gate its unit back. The gate is loaded from the database when a
//! server starts, and each board refresh checks it against the database:
//! when they disagree (a cancelled order gave a unit back) and nobody has
//! been admitted for a while (so nothing is in flight), it is reloaded.
//! A gate that is wrong can only send extra buyers to the database or
//! keep a returned unit waiting, never oversell; a Redis that is down
//! sends everyone to the database, as without the gate.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::model::Refusal;
use super::repo::FlashRepo;
use crate::redis::{Redis, RedisError, Script, Value};

static ADMIT: Script = Script::new(include_str!("admit.lua"));
static RELEASE: Script = Script::new(include_str!("release.lua"));
static SYNC: Script = Script::new(include_str!("sync.lua"));

/// How long after the last admission the gate may be reloaded: longer
/// than any batch takes to commit, so no admitted buyer is in flight.
pub const QUIET: Duration = Duration::from_secs(3);

/// What the board knows of an item, for the gate to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemState {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub per_member_limit: i32,
    pub left: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Go on to the database, which decides.
    Admitted,
    Refused(Refusal),
    /// The gate has not loaded the item yet: go on to the database.
    Unknown,
}

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error(transparent)]
    Redis(#[from] RedisError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct FlashGate {
    redis: Redis,
    prefix: String,
    quiet: Duration,
    admitted: AtomicU64,
    refused: AtomicU64,
    /// When a Redis failure was last logged (Unix seconds), so a Redis
    /// that is down is reported once a minute, not once per buyer.
    warned_at: AtomicI64,
}

impl FlashGate {
    /// A gate on the Redis at `url`, its keys under `{prefix}:flash:`.
    pub fn new(url: &str, prefix: &str) -> Result<Self, RedisError> {
        Ok(Self::with_quiet(Redis::new(url)?, prefix, QUIET))
    }

    /// The same with another quiet time (tests use none).
    pub fn with_quiet(redis: Redis, prefix: &str, quiet: Duration) -> Self {
        Self {
            redis,
            prefix: prefix.to_owned(),
            quiet,
            admitted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            warned_at: AtomicI64::new(0),
        }
    }

    pub fn addr(&self) -> &str {
        self.redis.addr()
    }

    fn key(&self, item_id: i64) -> String {
        format!("{}:flash:{item_id}", self.prefix)
    }

    /// Asks the gate to let the member try for one unit.
    pub async fn admit(
        &self,
        item_id: i64,
        member_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Admission, RedisError> {
        let args = [now.timestamp_millis().to_string(), member_id.to_string()];
        let answer = ADMIT.run(&self.redis, &[&self.key(item_id)], &args).await?;
        let admission = match answer.as_str() {
            Some("admitted") => Admission::Admitted,
            Some("unknown") => Admission::Unknown,
            Some("not_started") => Admission::Refused(Refusal::NotStarted),
            Some("ended") => Admission::Refused(Refusal::Ended),
            Some("sold_out") => Admission::Refused(Refusal::SoldOut),
            Some("limit") => Admission::Refused(Refusal::LimitReached),
            _ => return Err(unexpected(&answer, "the admit script")),
        };
        let counter = match admission {
            Admission::Admitted => &self.admitted,
            Admission::Refused(_) => &self.refused,
            Admission::Unknown => return Ok(admission),
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(admission)
    }

    /// Gives back the unit and the member's count an admitted buyer did
    /// not get.
    pub async fn release(&self, item_id: i64, member_id: i64) -> Result<(), RedisError> {
        RELEASE
            .run(&self.redis, &[&self.key(item_id)], &[member_id.to_string()])
            .await?;
        Ok(())
    }

    /// Buyers admitted and refused by this server's gate so far.
    pub fn decisions(&self) -> (u64, u64) {
        (
            self.admitted.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
        )
    }

    /// Units the gate will still admit buyers for, if it knows the item.
    pub async fn left(&self, item_id: i64) -> Result<Option<i64>, RedisError> {
        let answer = self
            .redis
            .call(&["HGET", &self.key(item_id), "left"])
            .await?;
        match answer {
            Value::Nil => Ok(None),
            other => other
                .as_str()
                .and_then(|s| s.parse().ok())
                .map(Some)
                .ok_or_else(|| unexpected(&other, "HGET left")),
        }
    }

    /// Loads every item from the database, whatever the gate held: on
    /// start, when this server cannot know what is in flight elsewhere
    /// and the database is the one to believe.
    pub async fn load<C: ConnectionTrait>(
        &self,
        db: &C,
        items: &[ItemState],
        now: DateTime<Utc>,
    ) -> Result<(), GateError> {
        for item in items {
            self.sync_item(db, item, "load", now).await?;
        }
        Ok(())
    }

    /// Follows the database where the gate has fallen out of line with
    /// it; answers how many items were reloaded.
    pub async fn follow<C: ConnectionTrait>(
        &self,
        db: &C,
        items: &[ItemState],
        now: DateTime<Utc>,
    ) -> Result<usize, GateError> {
        let mut reloaded = 0;
        for item in items {
            if self.sync_item(db, item, "check", now).await? == Synced::Stale {
                let again = self.sync_item(db, item, "reload", now).await?;
                reloaded += usize::from(again == Synced::Loaded);
            }
        }
        Ok(reloaded)
    }

    async fn sync_item<C: ConnectionTrait>(
        &self,
        db: &C,
        item: &ItemState,
        mode: &str,
        now: DateTime<Utc>,
    ) -> Result<Synced, GateError> {
        // Kept an hour past the end, as the board keeps the item.
        let expire_at = item.ends_at.saturating_add(3_600_000);
        let mut args = vec![
            mode.to_owned(),
            now.timestamp_millis().to_string(),
            self.quiet.as_millis().to_string(),
            item.starts_at.to_string(),
            item.ends_at.to_string(),
            item.per_member_limit.to_string(),
            item.left.max(0).to_string(),
            expire_at.to_string(),
        ];
        if mode != "check" {
            for (member_id, units) in FlashRepo(db).purchases(item.id).await? {
                args.push(member_id.to_string());
                args.push(units.to_string());
            }
        }
        match SYNC.run(&self.redis, &[&self.key(item.id)], &args).await? {
            Value::Int(0) => Ok(Synced::InLine),
            Value::Int(1) => Ok(Synced::Stale),
            Value::Int(2) => Ok(Synced::Loaded),
            other => Err(unexpected(&other, "the sync script").into()),
        }
    }

    /// Logs a Redis failure, at most once a minute.
    pub fn report(&self, err: &GateError) {
        let now = Utc::now().timestamp();
        let last = self.warned_at.load(Ordering::Relaxed);
        if now - last >= 60
            && self
                .warned_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(error = %err, "the flash-sale gate failed: buyers go to the database");
        }
    }
}

/// What the sync script answered (see sync.lua).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Synced {
    /// The gate agrees with the database, or buyers are in flight.
    InLine,
    /// The gate needs reloading with the members' counts.
    Stale,
    /// The gate was loaded from the database.
    Loaded,
}

fn unexpected(value: &Value, what: &str) -> RedisError {
    RedisError::Protocol(format!("{value:?} from {what}"))
}
