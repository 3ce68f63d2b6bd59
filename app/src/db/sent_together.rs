//! Statements sent to the database together.
//!
//! Under SQLite's one write lock, what a statement costs is mostly not
//! SQLite's work but its trip to the connection's thread and back, and on
//! a busy machine each trip waits for that thread to be scheduled. sqlx
//! runs a string of several statements one after another on that thread,
//! binding each its share of the values in order, so statements sent
//! together there cost one trip. PostgreSQL takes one statement per
//! message when values are bound, so there they still go one by one.
//!
//! Only statements that would run one after another anyway belong here:
//! they run in order, and the first that fails stops the rest, as it
//! would have stopped the caller. Their writes are undone only with the
//! transaction they run in, so send them inside one.

use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, QueryResult, QueryTrait, Statement, StatementBuilder, Values,
};

/// Writes whose results nobody reads, to send together.
pub struct SentTogether {
    backend: DbBackend,
    statements: Vec<Statement>,
}

impl SentTogether {
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            statements: Vec::new(),
        }
    }

    /// Adds a sea-orm query (an insert, update or delete of an entity).
    pub fn query(&mut self, query: &impl QueryTrait) -> &mut Self {
        self.statements.push(query.build(self.backend));
        self
    }

    /// Adds a sea-query statement.
    pub fn statement(&mut self, statement: &impl StatementBuilder) -> &mut Self {
        self.statements.push(self.backend.build(statement));
        self
    }

    pub fn extend(&mut self, other: SentTogether) -> &mut Self {
        self.statements.extend(other.statements);
        self
    }

    /// Runs them, in the order they were added.
    pub async fn execute(self, conn: &impl ConnectionTrait) -> Result<(), DbErr> {
        if self.backend == DbBackend::Sqlite {
            if let Some(joined) = self.joined() {
                conn.execute_raw(joined).await?;
            }
            return Ok(());
        }
        for statement in self.statements {
            conn.execute_raw(statement).await?;
        }
        Ok(())
    }

    /// Runs them, then `query`, and answers `query`'s rows.
    pub async fn then_query(
        mut self,
        conn: &impl ConnectionTrait,
        query: &impl StatementBuilder,
    ) -> Result<Vec<QueryResult>, DbErr> {
        let query = self.backend.build(query);
        if self.backend != DbBackend::Sqlite {
            self.execute(conn).await?;
            return conn.query_all_raw(query).await;
        }
        self.statements.push(query);
        // The statements before `query` return no rows, so all are its.
        let joined = self.joined().expect("holds `query`");
        conn.query_all_raw(joined).await
    }

    /// The statements as one string, with their values in order.
    fn joined(self) -> Option<Statement> {
        if self.statements.len() < 2 {
            return self.statements.into_iter().next();
        }
        let sql = self
            .statements
            .iter()
            .map(|statement| statement.sql.as_str())
            .collect::<Vec<_>>()
            .join(";\n");
        let values = self
            .statements
            .into_iter()
            .flat_map(|statement| statement.values.map(|values| values.0).unwrap_or_default())
            .collect();
        Some(Statement {
            sql,
            values: Some(Values(values)),
            db_backend: self.backend,
        })
    }
}
