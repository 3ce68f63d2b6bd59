//! A connection whose type is not known where it is used: a pool, a
//! transaction or a [`WriteTxn`](super::WriteTxn), behind one type.
//!
//! Code that is handed a connection through a trait object (the order
//! hooks, `orders::hooks`) cannot be generic over it, and sea-orm's
//! `ConnectionTrait` has generic methods, so it cannot be a trait object
//! itself. [`AnyConnection`] wraps the caller's connection, whatever it is,
//! and runs every statement on it: in the caller's transaction when it is
//! one.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, Statement};

/// The object-safe part of `ConnectionTrait`: what every query comes down to.
#[async_trait::async_trait]
trait RawConnection: Sync {
    fn backend(&self) -> DbBackend;
    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr>;
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr>;
    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr>;
    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr>;
}

#[async_trait::async_trait]
impl<C: ConnectionTrait> RawConnection for C {
    fn backend(&self) -> DbBackend {
        self.get_database_backend()
    }

    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        ConnectionTrait::execute_unprepared(self, sql).await
    }

    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.query_one_raw(stmt).await
    }

    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.query_all_raw(stmt).await
    }
}

/// Any connection, usable wherever sea-orm takes `&impl ConnectionTrait`.
#[derive(Clone, Copy)]
pub struct AnyConnection<'c>(&'c dyn RawConnection);

impl<'c> AnyConnection<'c> {
    pub fn new<C: ConnectionTrait>(conn: &'c C) -> Self {
        Self(conn)
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for AnyConnection<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.0.backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.0.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.0.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.0.query_one(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.0.query_all(stmt).await
    }
}
