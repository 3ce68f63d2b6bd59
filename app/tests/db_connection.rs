//! How the shop opens its databases.

use crate::support;

use std::time::Duration;

use app::db;
use app::db::sent_together::SentTogether;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, InsertStatement, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, SqlErr, TransactionTrait};
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

/// A scratch table of numbered notes for the statements below.
async fn notes_table(conn: &DatabaseConnection) {
    conn.execute_unprepared("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")
        .await
        .unwrap();
}

fn insert_note(id: i64, body: &str) -> InsertStatement {
    Query::insert()
        .into_table(Alias::new("notes"))
        .columns([Alias::new("id"), Alias::new("body")])
        .values_panic([id.into(), body.into()])
        .to_owned()
}

fn notes_from(first_id: i64) -> SelectStatement {
    Query::select()
        .columns([Alias::new("id"), Alias::new("body")])
        .from(Alias::new("notes"))
        .and_where(Expr::col(Alias::new("id")).gte(first_id))
        .order_by(Alias::new("id"), Order::Asc)
        .to_owned()
}

fn as_notes(rows: Vec<QueryResult>) -> Vec<(i64, String)> {
    rows.into_iter()
        .map(|row| row.try_get_many_by_index().unwrap())
        .collect()
}

fn note(id: i64, body: &str) -> (i64, String) {
    (id, body.to_owned())
}

#[tokio::test]
async fn writes_sent_together_run_in_order_each_with_its_own_values() {
    for db in test_databases().await {
        notes_table(&db.conn).await;
        let mut writes = SentTogether::new(db.backend);
        writes
            .statement(&insert_note(1, "first"))
            .statement(&insert_note(2, "second"))
            .statement(
                &Query::update()
                    .table(Alias::new("notes"))
                    .value(Alias::new("body"), "first, edited")
                    .and_where(Expr::col(Alias::new("id")).eq(1))
                    .to_owned(),
            );
        writes.execute(&db.conn).await.unwrap();

        let mut more = SentTogether::new(db.backend);
        more.statement(&insert_note(3, "third"));
        let answered = more.then_query(&db.conn, &notes_from(2)).await.unwrap();
        assert_eq!(
            as_notes(answered),
            [note(2, "second"), note(3, "third")],
            "{}: the query sees the writes sent before it, and answers its own rows",
            db.label()
        );
        let all = db.conn.query_all(&notes_from(1)).await.unwrap();
        assert_eq!(
            as_notes(all)[0],
            note(1, "first, edited"),
            "{}: each statement got its own values, in order",
            db.label()
        );
    }
}

#[tokio::test]
async fn a_write_sent_together_that_fails_stops_the_rest_and_the_transaction_undoes_all() {
    for db in test_databases().await {
        notes_table(&db.conn).await;
        db.conn.execute(&insert_note(1, "kept")).await.unwrap();
        let tx = db.conn.begin().await.unwrap();
        let mut writes = SentTogether::new(db.backend);
        writes
            .statement(&insert_note(2, "undone"))
            .statement(&insert_note(1, "a second note 1"))
            .statement(&insert_note(3, "never run"));
        let failed = writes.execute(&tx).await.unwrap_err();
        assert!(
            matches!(failed.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))),
            "{}: the failing statement's own error, got {failed:?}",
            db.label()
        );
        tx.rollback().await.unwrap();
        let left = db.conn.query_all(&notes_from(1)).await.unwrap();
        assert_eq!(as_notes(left), [note(1, "kept")], "{}", db.label());
    }
}
