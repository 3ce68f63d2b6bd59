//! Sessions, login throttling and identity lookups, on every database.

use crate::support;

use std::sync::Arc;

use app::auth::identify::IdentityCache;
use app::auth::repo::{NewSession, SessionRepo, ThrottleRepo};
use app::auth::session::{SessionKind, SessionLifetimes};
use app::auth::throttle::PER_ACCOUNT;
use app::auth::token::new_token;
use app::members::model::{AccountStatus, DisplayName, Email};
use app::members::repo::MemberRepo;
use chrono::{Duration, Utc};
use http::HeaderMap;
use support::test_databases;

fn session<'a>(
    kind: SessionKind,
    subject_id: i64,
    hash: &'a str,
    remember: bool,
    now: chrono::DateTime<Utc>,
) -> NewSession<'a> {
    NewSession {
        kind,
        subject_id,
        token_hash: hash,
        remember,
        lifetimes: SessionLifetimes::default(),
        now,
        ip: Some("127.0.0.1".into()),
        user_agent: Some("test".into()),
    }
}

#[tokio::test]
async fn a_session_belongs_to_its_kind_and_ends_when_it_expires() {
    for db in test_databases().await {
        let repo = SessionRepo(&db.conn);
        let lifetimes = SessionLifetimes::default();
        let now = Utc::now();
        repo.create(session(SessionKind::Member, 7, "live", false, now))
            .await
            .unwrap();
        repo.create(session(
            SessionKind::Member,
            7,
            "old",
            false,
            now - Duration::hours(13),
        ))
        .await
        .unwrap();

        assert_eq!(
            repo.subject(SessionKind::Member, "live", &lifetimes, now)
                .await
                .unwrap(),
            Some(7),
            "{}",
            db.label()
        );
        assert_eq!(
            repo.subject(SessionKind::Staff, "live", &lifetimes, now)
                .await
                .unwrap(),
            None,
            "{}: not a staff session",
            db.label()
        );
        assert_eq!(
            repo.subject(SessionKind::Member, "old", &lifetimes, now)
                .await
                .unwrap(),
            None,
            "{}: expired",
            db.label()
        );
        assert_eq!(
            repo.delete_expired(&lifetimes, now).await.unwrap(),
            1,
            "{}",
            db.label()
        );
    }
}

/// A session unused for longer than the idle limit ends, though its
/// absolute lifetime has not; one in use stays; a shorter absolute limit
/// set by the owner ends sessions already running.
#[tokio::test]
async fn a_session_ends_when_idle_too_long_or_older_than_the_limit_now_set() {
    for db in test_databases().await {
        let repo = SessionRepo(&db.conn);
        let lifetimes = SessionLifetimes::default();
        let start = Utc::now() - Duration::hours(3);
        for hash in ["used", "left", "counter"] {
            repo.create(session(SessionKind::Staff, 1, hash, false, start))
                .await
                .unwrap();
        }
        // "used" is seen every 20 minutes; "left" never again.
        for minutes in (20..=180).step_by(20) {
            repo.touch("used", start + Duration::minutes(minutes))
                .await
                .unwrap();
        }
        let now = start + Duration::minutes(181);
        let live = |hash: &'static str, lifetimes: SessionLifetimes| {
            let repo = SessionRepo(&db.conn);
            async move {
                repo.subject(SessionKind::Staff, hash, &lifetimes, now)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(live("used", lifetimes).await, Some(1), "{}", db.label());
        assert_eq!(live("left", lifetimes).await, None, "{}: idle", db.label());

        // The owner allows two hours of staff session from now on.
        let shorter = SessionLifetimes {
            staff: Duration::hours(2),
            ..lifetimes
        };
        assert_eq!(live("used", shorter).await, None, "{}", db.label());
        // Both idle and too old sessions go in the hourly clean-up, the
        // one in use stays.
        repo.touch("counter", now).await.unwrap();
        assert_eq!(
            repo.delete_expired(&lifetimes, now).await.unwrap(),
            1,
            "{}: only the idle one",
            db.label()
        );
        assert_eq!(
            repo.delete_expired(&shorter, now).await.unwrap(),
            2,
            "{}: then those older than the new limit",
            db.label()
        );
    }
}

#[tokio::test]
async fn ending_all_sessions_of_an_account_leaves_others_alone() {
    for db in test_databases().await {
        let repo = SessionRepo(&db.conn);
        let lifetimes = SessionLifetimes::default();
        let now = Utc::now();
        for (hash, subject) in [("a1", 1), ("a2", 1), ("b1", 2)] {
            repo.create(session(SessionKind::Member, subject, hash, true, now))
                .await
                .unwrap();
        }
        let mut ended = repo.delete_all_for(SessionKind::Member, 1).await.unwrap();
        ended.sort();
        assert_eq!(ended, ["a1", "a2"], "{}", db.label());
        assert_eq!(
            repo.subject(SessionKind::Member, "b1", &lifetimes, now)
                .await
                .unwrap(),
            Some(2),
            "{}",
            db.label()
        );
    }
}

#[tokio::test]
async fn failed_logins_lock_an_account_for_the_rest_of_the_window() {
    for db in test_databases().await {
        let throttle = ThrottleRepo(&db.conn);
        let start = Utc::now();
        for _ in 0..PER_ACCOUNT.max_failures - 1 {
            throttle
                .record_failure("k", PER_ACCOUNT, start)
                .await
                .unwrap();
        }
        assert!(
            !throttle.blocks("k", PER_ACCOUNT, start).await.unwrap(),
            "{}",
            db.label()
        );
        throttle
            .record_failure("k", PER_ACCOUNT, start)
            .await
            .unwrap();
        assert!(
            throttle.blocks("k", PER_ACCOUNT, start).await.unwrap(),
            "{}",
            db.label()
        );

        let later = start + PER_ACCOUNT.window;
        assert!(
            !throttle.blocks("k", PER_ACCOUNT, later).await.unwrap(),
            "{}: window over",
            db.label()
        );
        throttle
            .record_failure("k", PER_ACCOUNT, later)
            .await
            .unwrap();
        assert!(
            !throttle.blocks("k", PER_ACCOUNT, later).await.unwrap(),
            "{}: counting starts over",
            db.label()
        );

        throttle.clear("k").await.unwrap();
        assert!(!throttle.blocks("k", PER_ACCOUNT, later).await.unwrap());
    }
}

#[tokio::test]
async fn concurrent_failures_are_all_counted() {
    for db in test_databases().await {
        let conn = Arc::new(db.conn.clone());
        let now = Utc::now();
        let tasks: Vec<_> = (0..24)
            .map(|_| {
                let conn = conn.clone();
                tokio::spawn(async move {
                    ThrottleRepo(&*conn)
                        .record_failure("busy", PER_ACCOUNT, now)
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let rule = app::auth::throttle::ThrottleRule {
            max_failures: 24,
            window: Duration::minutes(15),
        };
        assert!(
            ThrottleRepo(&db.conn)
                .blocks("busy", rule, now)
                .await
                .unwrap(),
            "{}: all 24 counted",
            db.label()
        );
        let rule = app::auth::throttle::ThrottleRule {
            max_failures: 25,
            ..rule
        };
        assert!(
            !ThrottleRepo(&db.conn)
                .blocks("busy", rule, now)
                .await
                .unwrap(),
            "{}: not more",
            db.label()
        );
    }
}

fn cookie_headers(name: &str, token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::COOKIE,
        format!("lang=en; {name}={token}").parse().unwrap(),
    );
    headers
}

#[tokio::test]
async fn a_session_cookie_identifies_an_active_member_only() {
    for db in test_databases().await {
        let id = MemberRepo(&db.conn)
            .create(
                &Email::parse("ada@example.com").unwrap(),
                &DisplayName::parse("Ada").unwrap(),
                "h",
            )
            .await
            .unwrap();
        let (token, hash) = new_token();
        SessionRepo(&db.conn)
            .create(session(SessionKind::Member, id, &hash, false, Utc::now()))
            .await
            .unwrap();

        let cache = IdentityCache::default();
        let lifetimes = SessionLifetimes::default();
        let (viewer, sessions) = cache
            .identify(&db.conn, &cookie_headers("sid", &token), &lifetimes)
            .await
            .unwrap();
        assert_eq!(
            viewer.member.map(|m| m.email),
            Some("ada@example.com".into()),
            "{}",
            db.label()
        );
        assert_eq!(viewer.staff, None);
        assert_eq!(sessions.member.as_deref(), Some(hash.as_str()));

        let (viewer, _) = cache
            .identify(
                &db.conn,
                &cookie_headers("sid", &"0".repeat(64)),
                &lifetimes,
            )
            .await
            .unwrap();
        assert_eq!(
            viewer.member,
            None,
            "{}: an unknown token is nobody",
            db.label()
        );
        let (viewer, _) = cache
            .identify(&db.conn, &cookie_headers("staff_sid", &token), &lifetimes)
            .await
            .unwrap();
        assert_eq!(
            viewer.staff,
            None,
            "{}: a member token is not a staff token",
            db.label()
        );

        // Disabled, and this server forgets the session: nobody any more.
        MemberRepo(&db.conn)
            .set_status(id, AccountStatus::Disabled)
            .await
            .unwrap();
        cache.forget(SessionKind::Member, [&hash]);
        let (viewer, _) = cache
            .identify(&db.conn, &cookie_headers("sid", &token), &lifetimes)
            .await
            .unwrap();
        assert_eq!(viewer.member, None, "{}", db.label());
    }
}

/// Attempts claimed together (a burst of logins) get no more than the
/// rule allows between them, on both databases.
#[tokio::test]
async fn a_burst_of_claims_gets_exactly_the_allowance() {
    for db in test_databases().await {
        let conn = Arc::new(db.conn.clone());
        let now = Utc::now();
        let tasks: Vec<_> = (0..30)
            .map(|_| {
                let conn = conn.clone();
                tokio::spawn(async move {
                    ThrottleRepo(&*conn)
                        .claim("burst", PER_ACCOUNT, now)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut allowed = 0;
        for task in tasks {
            allowed += i32::from(task.await.unwrap());
        }
        assert_eq!(allowed, PER_ACCOUNT.max_failures, "{}", db.label());

        // A good attempt gives its claim back; a wiped key starts over.
        let throttle = ThrottleRepo(&db.conn);
        throttle.clear("burst").await.unwrap();
        for _ in 0..PER_ACCOUNT.max_failures {
            assert!(throttle.claim("burst", PER_ACCOUNT, now).await.unwrap());
        }
        assert!(!throttle.claim("burst", PER_ACCOUNT, now).await.unwrap());
        throttle.release("burst").await.unwrap();
        throttle.release("burst").await.unwrap();
        assert!(
            throttle.claim("burst", PER_ACCOUNT, now).await.unwrap(),
            "{}: released claims make room",
            db.label()
        );
    }
}
