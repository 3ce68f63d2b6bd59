//! Real databases for repository tests: a fresh SQLite file always, and a
//! throwaway PostgreSQL database when a server is reachable.
//!
//! PostgreSQL is found through `DATABASE_URL_TEST` (an admin URL, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`), else that default. When
//! none answers, the PostgreSQL half is skipped with a loud message, unless
//! `REQUIRE_POSTGRES=1` (set by `make test` when it found a server), which
//! turns the skip into a failure.

#![allow(dead_code)]

pub mod flash;
pub mod shop;

use std::path::PathBuf;

use app::db::{self, DbOptions};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A migrated, empty database that is deleted when dropped.
pub struct TestDb {
    pub conn: DatabaseConnection,
    pub backend: DbBackend,
    pub options: DbOptions,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDb { admin_url: String, name: String },
}

impl TestDb {
    pub fn label(&self) -> &'static str {
        match self.backend {
            DbBackend::Sqlite => "SQLite",
            DbBackend::Postgres => "PostgreSQL",
            _ => "other",
        }
    }

    /// A second, independent pool on the same database, as another app
    /// server would have.
    pub async fn another_pool(&self) -> DatabaseConnection {
        db::connect(&self.options).await.expect("second pool")
    }
}

/// Every database the tests can reach, migrated and empty.
pub async fn test_databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}

fn unique_name() -> String {
    format!("shop_test_{}", uuid::Uuid::new_v4().simple())
}

pub async fn sqlite() -> TestDb {
    // As the app does at start: orders run the activities' hooks.
    app::order_hooks::register();
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::create_dir_all(&dir).expect("temp dir for SQLite");
    let options = DbOptions::new(db::sqlite_url(&dir.join("shop.db")));
    let conn = db::connect(&options).await.expect("open SQLite");
    Migrator::up(&conn, None).await.expect("migrate SQLite");
    TestDb {
        conn,
        backend: DbBackend::Sqlite,
        options,
        cleanup: Cleanup::SqliteDir(dir),
    }
}

pub async fn postgres() -> Option<TestDb> {
    app::order_hooks::register();
    let admin_url = std::env::var("DATABASE_URL_TEST").unwrap_or_else(|_| DEFAULT_ADMIN_URL.into());
    let admin = match Database::connect(admin_url.as_str()).await {
        Ok(admin) => admin,
        Err(err) => {
            if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("REQUIRE_POSTGRES=1 but PostgreSQL at {admin_url} is unreachable: {err}");
            }
            eprintln!(
                "\n*** SKIPPED the PostgreSQL half of this test: no server at {admin_url} ({err}).\n\
                 *** Set DATABASE_URL_TEST to an admin URL to run it.\n"
            );
            return None;
        }
    };
    let name = unique_name();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the throwaway PostgreSQL database");
    admin.close().await.ok();

    let options = DbOptions::new(with_database(&admin_url, &name));
    let conn = db::connect(&options).await.expect("open PostgreSQL");
    Migrator::up(&conn, None).await.expect("migrate PostgreSQL");
    Some(TestDb {
        conn,
        backend: DbBackend::Postgres,
        options,
        cleanup: Cleanup::PostgresDb { admin_url, name },
    })
}

/// The same server URL pointing at another database.
fn with_database(admin_url: &str, database: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && !server.ends_with('/') => server,
        _ => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDb { admin_url, name } => {
                // Drop cannot await, and the test's own runtime is blocked
                // here: a private runtime on its own thread drops the
                // database. FORCE ends the test pool's connections, which
                // belong to the blocked runtime and cannot be closed politely.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async move {
                        let admin = Database::connect(admin_url.as_str()).await.ok()?;
                        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        admin.execute_unprepared(&drop).await.ok()?;
                        admin.close().await.ok()
                    })
                })
                .join();
            }
        }
    }
}

/// Runs a one-column query and returns the value as text, for PRAGMA checks.
pub async fn query_text(conn: &DatabaseConnection, sql: &str) -> String {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query")
        .expect("one row");
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .expect("text or integer")
}
