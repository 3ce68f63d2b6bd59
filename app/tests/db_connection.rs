//! How the shop opens its databases.

mod support;

use std::time::Duration;

use app::db;
use support::{query_text, sqlite, test_databases};

#[tokio::test]
async fn sqlite_is_opened_for_durability_and_concurrency() {
    let db = sqlite().await;
    // Checked on several pooled connections: every one must be set up alike.
    let conns = [db.conn.clone(), db.another_pool().await];
    for conn in conns {
        assert_eq!(query_text(&conn, "PRAGMA journal_mode").await, "wal");
        assert_eq!(query_text(&conn, "PRAGMA foreign_keys").await, "1");
        assert_eq!(query_text(&conn, "PRAGMA synchronous").await, "2", "FULL");
        assert_eq!(query_text(&conn, "PRAGMA busy_timeout").await, "5000");
    }
}

#[tokio::test]
async fn sqlite_durability_can_be_relaxed_to_normal() {
    let db = sqlite().await;
    let mut options = db.options.clone();
    options.sqlite_durability = db::SqliteDurability::Normal;
    let relaxed = db::connect(&options).await.unwrap();
    assert_eq!(
        query_text(&relaxed, "PRAGMA synchronous").await,
        "1",
        "NORMAL"
    );
}

#[tokio::test]
async fn readiness_follows_the_database() {
    for db in test_databases().await {
        let conn = db.another_pool().await;
        assert!(
            db::is_ready(&conn, Duration::from_secs(2)).await,
            "{}",
            db.label()
        );
        conn.clone().close().await.unwrap();
        assert!(
            !db::is_ready(&conn, Duration::from_secs(2)).await,
            "{}",
            db.label()
        );
    }
}
