//! Opening the database: SQLite by default, PostgreSQL when the URL says so.
//!
//! Repositories take a `&DatabaseConnection` and never care which one it is;
//! the differences that matter for correctness (SQLite pragmas, how a write
//! transaction starts) are settled here, once.

mod any;
pub mod group_commit;
pub mod sent_together;

pub use any::AnyConnection;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How hard SQLite works to keep a commit through a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteDurability {
    /// `synchronous=FULL`: a committed order survives a power loss.
    #[default]
    Full,
    /// `synchronous=NORMAL`: survives a crash of the process, may lose the
    /// last commits on power loss; faster writes.
    Normal,
}

impl std::str::FromStr for SqliteDurability {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.to_ascii_lowercase().as_str() {
            "full" => Ok(Self::Full),
            "normal" => Ok(Self::Normal),
            other => Err(format!("expected `full` or `normal`, got `{other}`")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    pub max_connections: u32,
    pub sqlite_durability: SqliteDurability,
    pub connect_timeout: Duration,
}

impl DbOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 16,
            sqlite_durability: SqliteDurability::default(),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// The SQLite URL for a database file, created if missing.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Metric: how long writers of this process queued for their turn.
pub const SQLITE_TURN_WAIT: &str = "shop_sqlite_write_wait_seconds";

/// How long a writer waits for SQLite's lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn connect(options: &DbOptions) -> Result<DatabaseConnection, DbErr> {
    let mut connect = ConnectOptions::new(options.url.clone());
    connect
        .max_connections(options.max_connections)
        .min_connections(1)
        .connect_timeout(options.connect_timeout)
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every checkout doubles the round trips of short
        // queries; a connection that died is noticed by its next query anyway.
        .test_before_acquire(false)
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Trace)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_millis(250));

    let synchronous = match options.sqlite_durability {
        SqliteDurability::Full => SqliteSynchronous::Full,
        SqliteDurability::Normal => SqliteSynchronous::Normal,
    };
    connect.map_sqlx_sqlite_opts(move |sqlite| {
        sqlite
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .create_if_missing(true)
    });

    Database::connect(connect).await
}

/// Starts a transaction that will write.
///
/// On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`): a deferred
/// transaction that reads first and writes later can fail with "database is
/// locked" at its first write, when retrying is no longer safe. PostgreSQL
/// needs nothing special here; its repositories lock the rows they change.
///
/// SQLite has one write lock, and a writer that finds it taken sleeps in
/// SQLite's busy handler for up to 100 ms before looking again, however
/// soon the lock is free. So this process's writers first queue for their
/// turn on the pool's [`WriterQueue`], first come first served, and reach
/// SQLite one at a time: the lock passes from one to the next at once.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let (options, turn) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let queue = WriterQueue::of(db.get_sqlite_connection_pool());
            let queued = std::time::Instant::now();
            // As long as SQLite itself would wait: a writer stuck this long
            // fails as "busy" instead of hanging its request.
            let turn = tokio::time::timeout(SQLITE_BUSY_TIMEOUT, queue.acquire_owned())
                .await
                .map_err(|_| DbErr::Custom("timed out waiting for the turn to write".into()))?
                .map_err(|_| DbErr::Custom("the writer queue is closed".into()))?;
            metrics::histogram!(SQLITE_TURN_WAIT).record(queued.elapsed().as_secs_f64());
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            (options, Some(turn))
        }
        _ => (TransactionOptions::default(), None),
    };
    Ok(WriteTxn {
        tx: db.begin_with_options(options).await?,
        _turn: turn,
    })
}

/// A transaction from [`begin_write`]: use it as any connection, then
/// `commit` it; dropped, it rolls back. On SQLite it holds this process's
/// turn to write until then.
pub struct WriteTxn {
    // Declared first so that it ends (and SQLite's lock with it) before
    // the turn passes on.
    tx: DatabaseTransaction,
    _turn: Option<OwnedSemaphorePermit>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.tx.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.tx.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.tx.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.tx.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.tx.query_all_raw(stmt).await
    }
}

/// The queue of one SQLite pool's writers. A pool is known by its connect
/// options, which it keeps in one `Arc` for its whole life, so every clone
/// of a `DatabaseConnection` finds the same queue, and two pools on one
/// file (two app servers, as the race tests have them) keep apart and meet
/// only at SQLite's own lock.
struct WriterQueue;

impl WriterQueue {
    fn of(pool: &sea_orm::sqlx::SqlitePool) -> Arc<Semaphore> {
        static QUEUES: LazyLock<Mutex<HashMap<usize, Arc<Semaphore>>>> =
            LazyLock::new(Default::default);
        let key = Arc::as_ptr(&pool.connect_options()) as usize;
        QUEUES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(key)
            .or_insert_with(|| Arc::new(Semaphore::new(1)))
            .clone()
    }
}

/// Whether the database answers a trivial query within `timeout`.
pub async fn is_ready(db: &DatabaseConnection, timeout: Duration) -> bool {
    matches!(tokio::time::timeout(timeout, db.ping()).await, Ok(Ok(())))
}
