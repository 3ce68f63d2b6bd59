//! Opening the database: SQLite by default, PostgreSQL when the URL says so.
//!
//! Repositories take a `&DatabaseConnection` and never care which one it is;
//! the differences that matter for correctness (SQLite pragmas, how a write
//! transaction starts) are settled here, once.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

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
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = match db.get_database_backend() {
        DbBackend::Sqlite => TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        },
        _ => TransactionOptions::default(),
    };
    db.begin_with_options(options).await
}

/// Whether the database answers a trivial query within `timeout`.
pub async fn is_ready(db: &DatabaseConnection, timeout: Duration) -> bool {
    matches!(tokio::time::timeout(timeout, db.ping()).await, Ok(Ok(())))
}
