//! A throwaway PostgreSQL database for a server under test, found the way
//! the repository tests find theirs (`app/tests/support`): the admin URL in
//! `DATABASE_URL_TEST`, else the local default; without a server the test
//! is skipped loudly, unless `REQUIRE_POSTGRES=1` (`make test` sets it when
//! it found one), which makes the skip a failure.

use sea_orm::{ConnectionTrait, Database};

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct PgDatabase {
    admin_url: String,
    name: String,
    /// What the server is given as `DATABASE_URL`.
    pub url: String,
}

impl PgDatabase {
    pub fn create() -> Option<Self> {
        let admin_url =
            std::env::var("DATABASE_URL_TEST").unwrap_or_else(|_| DEFAULT_ADMIN_URL.into());
        let name = format!("shop_server_test_{}", uuid::Uuid::new_v4().simple());
        let created = block_on(async {
            let admin = Database::connect(admin_url.as_str()).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await?;
            admin.close().await
        });
        if let Err(err) = created {
            if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("REQUIRE_POSTGRES=1 but PostgreSQL at {admin_url} is unreachable: {err}");
            }
            eprintln!("\n*** SKIPPED the PostgreSQL run of this test: {admin_url}: {err}\n");
            return None;
        }
        let url = on_database(&admin_url, &name);
        Some(Self {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = block_on(async {
            let admin = Database::connect(self.admin_url.as_str()).await?;
            admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .await
        });
    }
}

fn block_on<T>(work: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the admin connection")
        .block_on(work)
}

/// The admin URL with its database name replaced by `name`, query kept.
fn on_database(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, ""), |(base, query)| (base, query));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{server}/{name}{query}")
}

#[test]
fn the_database_name_is_replaced_and_the_rest_kept() {
    assert_eq!(
        on_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
        "postgres://postgres@127.0.0.1:5432/t1"
    );
    assert_eq!(
        on_database("postgres://u:p@localhost/db?host=/var/run/postgresql", "t2"),
        "postgres://u:p@localhost/t2?host=/var/run/postgresql"
    );
    assert_eq!(
        on_database("postgres://h:5432", "t3"),
        "postgres://h:5432/t3"
    );
}
