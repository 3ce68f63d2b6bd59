//! Staff's second factor in the database, on every database: what must
//! happen once (a code's time step, a recovery code, a pending sign-in)
//! happens once, also when requests race from two app servers.

use crate::support;

use app::db::begin_write;
use app::members::model::{DisplayName, Email};
use app::staff::repo::StaffRepo;
use app::staff::two_factor_repo::TwoFactorRepo;
use chrono::{DateTime, Duration, Utc};
use support::test_databases;

async fn staff(conn: &sea_orm::DatabaseConnection, email: &str) -> i64 {
    StaffRepo(conn)
        .create(
            &Email::parse(email).unwrap(),
            &DisplayName::parse(email).unwrap(),
            "hash",
            "support",
        )
        .await
        .unwrap()
}

/// A whole second, as both databases store it exactly.
fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_796_688_000 + seconds, 0).unwrap()
}

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const OTHER_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[tokio::test]
async fn it_turns_on_only_with_the_key_last_shown() {
    for db in test_databases().await {
        let id = staff(&db.conn, "ada@shop.test").await;
        let repo = TwoFactorRepo(&db.conn);
        assert!(repo.record(id).await.unwrap().is_none(), "{}", db.label());
        repo.begin_setup(id, KEY, at(0)).await.unwrap();
        repo.begin_setup(id, OTHER_KEY, at(1)).await.unwrap();
        assert!(
            !repo.enable(id, KEY, 100, at(2)).await.unwrap(),
            "{}: a replaced key",
            db.label()
        );
        assert!(!repo.enabled(id).await.unwrap());
        assert!(repo.enable(id, OTHER_KEY, 100, at(2)).await.unwrap());
        assert!(
            !repo.enable(id, OTHER_KEY, 101, at(3)).await.unwrap(),
            "{}: once",
            db.label()
        );
        let record = repo.record(id).await.unwrap().unwrap();
        assert_eq!(record.secret.as_deref(), Some(OTHER_KEY));
        assert_eq!(record.pending_secret, None);
        assert_eq!(record.last_step, Some(100));
    }
}

#[tokio::test]
async fn a_time_step_is_taken_once_even_by_racing_app_servers() {
    for db in test_databases().await {
        let id = staff(&db.conn, "ada@shop.test").await;
        let repo = TwoFactorRepo(&db.conn);
        repo.begin_setup(id, KEY, at(0)).await.unwrap();
        repo.enable(id, KEY, 100, at(0)).await.unwrap();
        assert!(!repo.accept_step(id, 100).await.unwrap(), "{}", db.label());
        assert!(!repo.accept_step(id, 99).await.unwrap(), "{}", db.label());

        let other = db.another_pool().await;
        let pools = [&db.conn, &other];
        let taken = futures_of(16, |n| {
            let conn = pools[n % 2].clone();
            async move { TwoFactorRepo(&conn).accept_step(id, 101).await.unwrap() }
        })
        .await;
        assert_eq!(
            taken.iter().filter(|t| **t).count(),
            1,
            "{}: {taken:?}",
            db.label()
        );
        assert!(repo.accept_step(id, 102).await.unwrap());
        assert_eq!(repo.record(id).await.unwrap().unwrap().last_step, Some(102));
    }
}

#[tokio::test]
async fn recovery_codes_are_each_used_once_and_replaced_whole() {
    for db in test_databases().await {
        let id = staff(&db.conn, "ada@shop.test").await;
        let neighbour = staff(&db.conn, "bob@shop.test").await;
        let repo = TwoFactorRepo(&db.conn);
        repo.begin_setup(id, KEY, at(0)).await.unwrap();
        repo.enable(id, KEY, 1, at(0)).await.unwrap();

        let hashes: Vec<String> = (0..10).map(|n| format!("{n:064x}")).collect();
        let tx = begin_write(&db.conn).await.unwrap();
        TwoFactorRepo(&tx)
            .replace_recovery_codes(id, &hashes, at(1))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(repo.recovery_codes_left(id).await.unwrap(), 10);

        assert!(
            !repo
                .use_recovery_code(neighbour, &hashes[0], at(2))
                .await
                .unwrap(),
            "{}: another account's code",
            db.label()
        );
        let used = futures_of(8, |_| {
            let (conn, hash) = (db.conn.clone(), hashes[0].clone());
            async move {
                TwoFactorRepo(&conn)
                    .use_recovery_code(id, &hash, at(2))
                    .await
                    .unwrap()
            }
        })
        .await;
        assert_eq!(used.iter().filter(|u| **u).count(), 1, "{}", db.label());
        assert_eq!(repo.recovery_codes_left(id).await.unwrap(), 9);

        // New codes replace the old ones, used or not.
        repo.replace_recovery_codes(id, &hashes[5..], at(3))
            .await
            .unwrap();
        assert_eq!(repo.recovery_codes_left(id).await.unwrap(), 5);
        assert!(
            !repo.use_recovery_code(id, &hashes[1], at(4)).await.unwrap(),
            "{}: an old code",
            db.label()
        );

        // Turned off, nothing is left of the key or the codes.
        assert!(repo.disable(id, at(5)).await.unwrap());
        assert!(!repo.enabled(id).await.unwrap());
        assert_eq!(repo.recovery_codes_left(id).await.unwrap(), 0);
        assert!(!repo.accept_step(id, 500).await.unwrap(), "{}", db.label());
        assert!(!repo.disable(id, at(6)).await.unwrap(), "already off");
    }
}

#[tokio::test]
async fn a_pending_sign_in_ends_at_its_first_use_or_when_it_expires() {
    for db in test_databases().await {
        let id = staff(&db.conn, "ada@shop.test").await;
        let repo = TwoFactorRepo(&db.conn);
        let token = "a".repeat(64);
        repo.start_pending_login(id, &token, at(0)).await.unwrap();
        assert_eq!(repo.pending_login(&token, at(60)).await.unwrap(), Some(id));
        assert_eq!(
            repo.pending_login(&"b".repeat(64), at(60)).await.unwrap(),
            None,
            "{}: a made-up token",
            db.label()
        );

        let finished = futures_of(6, |_| {
            let (conn, token) = (db.conn.clone(), token.clone());
            async move {
                TwoFactorRepo(&conn)
                    .finish_pending_login(&token, at(60))
                    .await
                    .unwrap()
            }
        })
        .await;
        assert_eq!(finished.iter().filter(|f| **f).count(), 1, "{}", db.label());
        assert_eq!(repo.pending_login(&token, at(61)).await.unwrap(), None);

        let late = "c".repeat(64);
        repo.start_pending_login(id, &late, at(100)).await.unwrap();
        let after = at(100) + Duration::minutes(5);
        assert_eq!(repo.pending_login(&late, after).await.unwrap(), None);
        assert!(!repo.finish_pending_login(&late, after).await.unwrap());
        // Left over ones go when the next sign-in starts.
        repo.start_pending_login(id, &"d".repeat(64), after)
            .await
            .unwrap();
        assert_eq!(
            repo.pending_login(&late, at(101)).await.unwrap(),
            None,
            "{}: deleted",
            db.label()
        );
    }
}

#[tokio::test]
async fn the_grace_period_starts_when_the_rule_is_first_seen_and_ends_with_it() {
    for db in test_databases().await {
        let id = staff(&db.conn, "ada@shop.test").await;
        let repo = TwoFactorRepo(&db.conn);
        assert_eq!(repo.note_requirement(id, false, at(0)).await.unwrap(), None);
        assert_eq!(
            repo.note_requirement(id, true, at(10)).await.unwrap(),
            Some(at(10)),
            "{}",
            db.label()
        );
        assert_eq!(
            repo.note_requirement(id, true, at(20)).await.unwrap(),
            Some(at(10)),
            "{}: the first sight is kept",
            db.label()
        );
        assert_eq!(
            repo.note_requirement(id, false, at(30)).await.unwrap(),
            None
        );
        assert_eq!(
            repo.note_requirement(id, true, at(40)).await.unwrap(),
            Some(at(40)),
            "{}: required again, a new period",
            db.label()
        );
        // Setting up a key keeps the date.
        repo.begin_setup(id, KEY, at(50)).await.unwrap();
        assert_eq!(
            repo.record(id).await.unwrap().unwrap().required_since,
            Some(at(40))
        );
    }
}

/// Runs `count` futures made by `make` at once; their answers in order.
async fn futures_of<F, Fut, T>(count: usize, make: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let tasks: Vec<_> = (0..count).map(|n| tokio::spawn(make(n))).collect();
    let mut out = Vec::with_capacity(count);
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}
