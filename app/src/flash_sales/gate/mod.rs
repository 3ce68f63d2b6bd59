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
//!
//! Redis is reached through the `redis` crate: one multiplexed connection
//! per server (a [`ConnectionManager`], opened on first use and reopened
//! after a failure), and the Lua scripts run by digest (`EVALSHA`), loaded
//! again when Redis says it lost them. `REDIS_URL` may be `redis://` or
//! `rediss://` (TLS), with a user and password and a database number.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, ConnectionAddr, ErrorKind, RedisError, Script};
use sea_orm::{ConnectionTrait, DbErr};

use super::model::Refusal;
use super::repo::FlashRepo;

static ADMIT: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("admit.lua")));
static RELEASE: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("release.lua")));
static SYNC: LazyLock<Script> = LazyLock::new(|| Script::new(include_str!("sync.lua")));

/// How long after the last admission the gate may be reloaded: longer
/// than any batch takes to commit, so no admitted buyer is in flight.
pub const QUIET: Duration = Duration::from_secs(3);

/// How long connecting (TCP, TLS, password, database) may take.
const CONNECT_WITHIN: Duration = Duration::from_secs(2);

/// How long a call waits for its reply.
const CALL_WITHIN: Duration = Duration::from_secs(2);

/// How long after a failed connection the gate leaves Redis alone, so a
/// Redis that is down costs each buyer one quick error rather than a
/// connection attempt.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// How often at most the gate says it stopped working (a Redis going up
/// and down).
const WARN_EVERY_SECS: i64 = 60;

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
    #[error(
        "not a Redis URL ({0}): expected redis://[[user]:password@]host[:port][/db], or rediss://… for TLS"
    )]
    Url(RedisError),
    #[error(transparent)]
    Redis(#[from] RedisError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct FlashGate {
    client: Client,
    /// Where Redis is (`host:port`), for logs: never the password.
    addr: String,
    /// Made on first use (it needs the Tokio runtime); it connects on its
    /// first command and again after the connection fails.
    conn: OnceLock<ConnectionManager>,
    breaker: Breaker,
    alarm: Alarm,
    prefix: String,
    quiet: Duration,
    admitted: AtomicU64,
    refused: AtomicU64,
}

impl FlashGate {
    /// A gate on the Redis at `url`, its keys under `{prefix}:flash:`.
    /// Nothing is connected until the gate is first used, so a Redis that
    /// is down does not stop the shop from starting.
    pub fn new(url: &str, prefix: &str) -> Result<Self, GateError> {
        let client = Client::open(url).map_err(GateError::Url)?;
        if let ConnectionAddr::TcpTls { insecure: true, .. } = client.get_connection_info().addr() {
            return Err(GateError::Url(RedisError::from((
                ErrorKind::InvalidClientConfig,
                "#insecure (TLS without checking the certificate) is not supported",
            ))));
        }
        Ok(Self::with_quiet(client, prefix, QUIET))
    }

    /// The same with another quiet time (tests use none).
    pub fn with_quiet(client: Client, prefix: &str, quiet: Duration) -> Self {
        Self {
            addr: client.get_connection_info().addr().to_string(),
            client,
            conn: OnceLock::new(),
            breaker: Breaker::new(RETRY_AFTER),
            alarm: Alarm::default(),
            prefix: prefix.to_owned(),
            quiet,
            admitted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        }
    }

    /// Where Redis is, as `host:port`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    fn key(&self, item_id: i64) -> String {
        gate_key(&self.prefix, item_id)
    }

    /// The shared connection, unless Redis failed a moment ago (then
    /// that failure again).
    fn connection(&self) -> Result<ConnectionManager, RedisError> {
        self.breaker.check()?;
        if let Some(conn) = self.conn.get() {
            return Ok(conn.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECT_WITHIN))
            .set_response_timeout(Some(CALL_WITHIN))
            // One attempt per failure: the breaker spaces the next ones.
            .set_number_of_retries(0);
        let made = self.client.get_connection_manager_lazy(config)?;
        Ok(self.conn.get_or_init(|| made).clone())
    }

    /// Waits for a Redis call; a failure of the connection (not of the
    /// command) rests the gate for a moment.
    async fn ask<T>(
        &self,
        call: impl Future<Output = Result<T, RedisError>>,
    ) -> Result<T, RedisError> {
        match call.await {
            Ok(answer) => {
                if self.alarm.clear() {
                    tracing::info!(redis = %self.addr, "the flash-sale gate works again");
                }
                Ok(answer)
            }
            Err(err) => {
                if err.is_io_error() || err.is_unrecoverable_error() {
                    self.breaker.trip(&err);
                }
                Err(err)
            }
        }
    }

    /// Asks the gate to let the member try for one unit.
    pub async fn admit(
        &self,
        item_id: i64,
        member_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Admission, RedisError> {
        let mut conn = self.connection()?;
        let answer: String = self
            .ask(
                ADMIT
                    .key(self.key(item_id))
                    .arg(now.timestamp_millis())
                    .arg(member_id)
                    .invoke_async(&mut conn),
            )
            .await?;
        let admission = match answer.as_str() {
            "admitted" => Admission::Admitted,
            "unknown" => Admission::Unknown,
            "not_started" => Admission::Refused(Refusal::NotStarted),
            "ended" => Admission::Refused(Refusal::Ended),
            "sold_out" => Admission::Refused(Refusal::SoldOut),
            "limit" => Admission::Refused(Refusal::LimitReached),
            other => return Err(unexpected(other, "the admit script")),
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
        let mut conn = self.connection()?;
        self.ask(
            RELEASE
                .key(self.key(item_id))
                .arg(member_id)
                .invoke_async::<()>(&mut conn),
        )
        .await
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
        let mut conn = self.connection()?;
        self.ask(
            redis::cmd("HGET")
                .arg(self.key(item_id))
                .arg("left")
                .query_async(&mut conn),
        )
        .await
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
        // Asked even with no item to load, so a Redis that is down is
        // reported when the server starts, not when a sale does.
        let mut conn = self.connection()?;
        self.ask(redis::cmd("PING").query_async::<()>(&mut conn))
            .await?;
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
        let mut conn = self.connection()?;
        let answer: i64 = self
            .ask(
                SYNC.key(self.key(item.id))
                    .arg(&args)
                    .invoke_async(&mut conn),
            )
            .await?;
        match answer {
            0 => Ok(Synced::InLine),
            1 => Ok(Synced::Stale),
            2 => Ok(Synced::Loaded),
            other => Err(unexpected(&other.to_string(), "the sync script").into()),
        }
    }

    /// Says that the gate stopped working, once (at most once a minute
    /// when Redis keeps coming and going); the gate says when it works
    /// again.
    pub fn report(&self, err: &GateError) {
        if self.alarm.raise(Utc::now().timestamp()) {
            tracing::warn!(
                redis = %self.addr,
                error = %err,
                "the flash-sale gate is not working: flash-sale buyers go straight to the database until it does"
            );
        }
    }
}

/// `{prefix}:flash:{item id}`, the item's hash (see admit.lua).
fn gate_key(prefix: &str, item_id: i64) -> String {
    format!("{prefix}:flash:{item_id}")
}

fn unexpected(answer: &str, from: &'static str) -> RedisError {
    RedisError::from((
        ErrorKind::UnexpectedReturnType,
        from,
        format!("`{answer}`, which it never answers"),
    ))
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

/// Remembers the last failure of the connection to Redis, so calls in
/// the following moment fail with it at once instead of trying again.
struct Breaker {
    rest: Duration,
    failed: Mutex<Option<(Instant, RedisError)>>,
}

impl Breaker {
    fn new(rest: Duration) -> Self {
        Self {
            rest,
            failed: Mutex::new(None),
        }
    }

    fn trip(&self, err: &RedisError) {
        *self.failed.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), err.clone()));
    }

    fn check(&self) -> Result<(), RedisError> {
        match &*self.failed.lock().unwrap_or_else(|e| e.into_inner()) {
            Some((at, err)) if at.elapsed() < self.rest => Err(err.clone()),
            _ => Ok(()),
        }
    }
}

/// Whether the gate's failure has been reported: one line when it stops
/// working, one when it works again, not one per buyer.
#[derive(Default)]
struct Alarm {
    raised: AtomicBool,
    /// When it was last raised (Unix seconds).
    raised_at: AtomicI64,
}

impl Alarm {
    /// Answers whether to report a failure seen at `now` (Unix seconds).
    fn raise(&self, now: i64) -> bool {
        if self.raised.load(Ordering::Relaxed) {
            return false;
        }
        let last = self.raised_at.load(Ordering::Relaxed);
        if last != 0 && now - last < WARN_EVERY_SECS {
            return false;
        }
        let won = self
            .raised_at
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok();
        if won {
            self.raised.store(true, Ordering::Relaxed);
        }
        won
    }

    /// Answers whether to report that the gate works again.
    fn clear(&self) -> bool {
        self.raised.load(Ordering::Relaxed) && self.raised.swap(false, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_has_its_hash_under_the_prefix() {
        assert_eq!(gate_key("shop", 42), "shop:flash:42");
        assert_eq!(gate_key("shop-eu", -1), "shop-eu:flash:-1");
    }

    #[test]
    fn urls_may_ask_for_tls_a_password_and_a_database() {
        for url in [
            "redis://127.0.0.1:6379",
            "redis://cache/",
            "redis://:s3cret@cache:6380/2",
            "redis://shop:s3cret@cache",
            "rediss://shop:s3cret@cache.example.com:6380/1",
        ] {
            assert!(FlashGate::new(url, "shop").is_ok(), "{url}");
        }
        let gate = FlashGate::new("rediss://:pw@cache.example.com:6380/1", "shop").unwrap();
        assert_eq!(gate.addr(), "cache.example.com:6380", "no password in logs");
        assert_eq!(
            FlashGate::new("redis://cache", "shop").unwrap().addr(),
            "cache:6379"
        );
    }

    #[test]
    fn refuses_what_is_not_a_redis_url() {
        for url in [
            "127.0.0.1:6379",
            "http://cache:6379",
            "redis://",
            "redis://cache:port",
            "redis://cache/zero",
            "rediss://cache/#insecure",
        ] {
            let err = FlashGate::new(url, "shop").err();
            assert!(matches!(err, Some(GateError::Url(_))), "{url}: {err:?}");
        }
    }

    #[test]
    fn a_failed_connection_rests_the_gate_for_a_moment() {
        let breaker = Breaker::new(Duration::from_millis(50));
        assert!(breaker.check().is_ok(), "nothing failed yet");
        breaker.trip(&RedisError::from((ErrorKind::Io, "connection refused")));
        let again = breaker.check().unwrap_err();
        assert!(again.is_io_error(), "the same failure: {again}");
        std::thread::sleep(Duration::from_millis(60));
        assert!(breaker.check().is_ok(), "tries again after the rest");
    }

    #[test]
    fn a_failure_is_reported_once_and_so_is_the_recovery() {
        let alarm = Alarm::default();
        assert!(!alarm.clear(), "nothing to recover from");
        assert!(alarm.raise(1_000));
        assert!(!alarm.raise(1_001), "still failing: said already");
        assert!(!alarm.raise(5_000), "still failing, however long");
        assert!(alarm.clear());
        assert!(!alarm.clear());
        assert!(
            !alarm.raise(1_030),
            "failing again within the minute: quiet"
        );
        assert!(!alarm.clear(), "and so is its recovery");
        assert!(alarm.raise(1_060), "a minute later it is said again");
    }
}
