//! Claiming coupons on every database, with many claims racing: never more
//! given than the template holds, never more to one member than the
//! limit, and each refusal says why and changes nothing.

use crate::support;

use app::members::model::{DisplayName, Email};
use app::members::repo::MemberRepo;
use app::promotions::entity::member_coupon;
use app::promotions::repo::{ClaimError, CouponRepo, NewTemplate, Validity};
use app::promotions::rules::{Benefit, CouponTerms, Scope};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use support::test_databases;

async fn members(db: &DatabaseConnection, n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for at in 0..n {
        let email = Email::parse(&format!("m{at}@shop.test")).unwrap();
        let name = DisplayName::parse(&format!("M{at}")).unwrap();
        ids.push(MemberRepo(db).create(&email, &name, "hash").await.unwrap());
    }
    ids
}

/// ¥20 off from ¥199, claimable for a day, usable for 7 days from the claim.
async fn template(db: &DatabaseConnection, total: i32, limit: i32, now: DateTime<Utc>) -> i64 {
    CouponRepo(db)
        .create_template(
            NewTemplate {
                name: "¥20 off ¥199",
                terms: CouponTerms {
                    threshold: 19_900,
                    benefit: Benefit::AmountOff(2_000),
                    scope: Scope::All,
                },
                claim_from: now - Duration::hours(1),
                claim_until: now + Duration::days(1),
                validity: Validity::DaysFromClaim(7),
                total_quantity: total,
                per_member_limit: limit,
                new_members_only: false,
            },
            now,
        )
        .await
        .unwrap()
}

async fn claim(db: &DatabaseConnection, template: i64, member: i64) -> Result<i64, ClaimError> {
    let tx = app::db::begin_write(db).await?;
    let coupon = CouponRepo(&tx).claim(template, member, Utc::now()).await?;
    tx.commit().await?;
    Ok(coupon.id)
}

async fn given(db: &DatabaseConnection, template: i64) -> (i32, u64) {
    let counted = CouponRepo(db)
        .template(template)
        .await
        .unwrap()
        .unwrap()
        .claimed;
    let rows = member_coupon::Entity::find()
        .filter(member_coupon::Column::TemplateId.eq(template))
        .count(db)
        .await
        .unwrap();
    (counted, rows)
}

#[tokio::test]
async fn a_hundred_members_racing_for_the_last_ten_coupons_get_exactly_ten() {
    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let ids = members(&db.conn, 100).await;
        let coupon = template(&db.conn, 10, 1, now).await;
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for (at, member) in ids.into_iter().enumerate() {
            let conn = if at % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            tasks.push(tokio::spawn(
                async move { claim(&conn, coupon, member).await },
            ));
        }
        let (mut won, mut all_claimed) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => won += 1,
                Err(ClaimError::AllClaimed) => all_claimed += 1,
                Err(other) => panic!("{label}: {other}"),
            }
        }
        assert_eq!((won, all_claimed), (10, 90), "{label}");
        assert_eq!(given(&db.conn, coupon).await, (10, 10), "{label}");
    }
}

#[tokio::test]
async fn one_member_claiming_from_many_tabs_never_passes_the_limit() {
    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let member = members(&db.conn, 1).await[0];
        let coupon = template(&db.conn, 100, 2, now).await;
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for at in 0..20 {
            let conn = if at % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            tasks.push(tokio::spawn(
                async move { claim(&conn, coupon, member).await },
            ));
        }
        let mut won = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => won += 1,
                Err(ClaimError::LimitReached(2)) => {}
                Err(other) => panic!("{label}: {other}"),
            }
        }
        assert!((1..=2).contains(&won), "{label}: {won} claims won");
        let (counted, rows) = given(&db.conn, coupon).await;
        assert_eq!(
            counted as u64, rows,
            "{label}: refused claims gave nothing back wrong"
        );
        assert_eq!(rows, won as u64, "{label}");
        // Once the race is over, a claim up to the limit succeeds, and no more.
        while claim(&db.conn, coupon, member).await.is_ok() {}
        assert_eq!(given(&db.conn, coupon).await, (2, 2), "{label}");
    }
}

#[tokio::test]
async fn claims_outside_the_window_or_on_a_paused_template_are_refused() {
    use app::promotions::entity::coupon_template;
    use sea_orm::sea_query::Expr;

    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let member = members(&db.conn, 1).await[0];
        let coupon = template(&db.conn, 5, 1, now).await;

        let early = {
            let tx = app::db::begin_write(&db.conn).await.unwrap();
            CouponRepo(&tx)
                .claim(coupon, member, now - Duration::hours(2))
                .await
        };
        assert!(matches!(early, Err(ClaimError::NotYet)), "{label}");
        let late = {
            let tx = app::db::begin_write(&db.conn).await.unwrap();
            CouponRepo(&tx)
                .claim(coupon, member, now + Duration::days(2))
                .await
        };
        assert!(matches!(late, Err(ClaimError::Ended)), "{label}");

        coupon_template::Entity::update_many()
            .col_expr(coupon_template::Column::Status, Expr::value("paused"))
            .filter(coupon_template::Column::Id.eq(coupon))
            .exec(&db.conn)
            .await
            .unwrap();
        assert!(
            matches!(
                claim(&db.conn, coupon, member).await,
                Err(ClaimError::Paused)
            ),
            "{label}"
        );
        assert_eq!(
            given(&db.conn, coupon).await,
            (0, 0),
            "{label}: nothing given"
        );
    }
}

#[tokio::test]
async fn a_claimed_coupon_is_usable_for_its_days_from_the_claim() {
    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let member = members(&db.conn, 1).await[0];
        let coupon = template(&db.conn, 5, 1, now).await;
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        let held = CouponRepo(&tx).claim(coupon, member, now).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(held.status, "unused", "{label}");
        assert_eq!(held.ends_at - held.starts_at, Duration::days(7), "{label}");
        assert!((held.starts_at - now).num_seconds().abs() <= 1, "{label}");
    }
}

/// The coupon centre's path: claims queued per template and settled in
/// batches, with two app servers (two queues, two pools) at once.
#[tokio::test]
async fn batched_claims_from_two_servers_give_exactly_the_last_ten() {
    use app::promotions::claim_queue::ClaimQueue;

    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let ids = members(&db.conn, 100).await;
        let coupon = template(&db.conn, 10, 1, now).await;
        let servers = [
            ClaimQueue::new(db.conn.clone()),
            ClaimQueue::new(db.another_pool().await),
        ];
        let mut tasks = Vec::new();
        for (at, member) in ids.into_iter().enumerate() {
            let queue = servers[at % 2].clone();
            // Each member asks twice: the second is over the limit of one.
            for _ in 0..2 {
                let queue = queue.clone();
                tasks.push(tokio::spawn(
                    async move { queue.claim(coupon, member).await },
                ));
            }
        }
        let (mut won, mut all_claimed, mut limit) = (0, 0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => won += 1,
                Err(ClaimError::AllClaimed) => all_claimed += 1,
                Err(ClaimError::LimitReached(1)) => limit += 1,
                Err(other) => panic!("{label}: {other}"),
            }
        }
        assert_eq!(won, 10, "{label}");
        assert_eq!(won + all_claimed + limit, 200, "{label}");
        assert_eq!(given(&db.conn, coupon).await, (10, 10), "{label}");
        let holders = member_coupon::Entity::find()
            .filter(member_coupon::Column::TemplateId.eq(coupon))
            .all(&db.conn)
            .await
            .unwrap();
        let mut members: Vec<i64> = holders.iter().map(|c| c.member_id).collect();
        members.sort_unstable();
        members.dedup();
        assert_eq!(members.len(), 10, "{label}: one each");
    }
}

#[tokio::test]
async fn a_batch_gives_one_member_no_more_than_the_limit() {
    use app::promotions::claim_queue::ClaimQueue;

    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let member = members(&db.conn, 1).await[0];
        let coupon = template(&db.conn, 100, 2, now).await;
        let queue = ClaimQueue::new(db.conn.clone());
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let queue = queue.clone();
            tasks.push(tokio::spawn(
                async move { queue.claim(coupon, member).await },
            ));
        }
        let mut numbers = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Ok(held) => numbers.push(held.claim_no),
                Err(ClaimError::LimitReached(2)) => {}
                Err(other) => panic!("{label}: {other}"),
            }
        }
        numbers.sort_unstable();
        assert_eq!(numbers, [1, 2], "{label}");
        assert_eq!(given(&db.conn, coupon).await, (2, 2), "{label}");
    }
}

/// Claims naming coupons that do not exist are refused without keeping
/// anything: an attacker sending made-up ids must not grow the server.
#[tokio::test]
async fn made_up_coupon_ids_are_refused_and_start_no_worker() {
    use app::promotions::claim_queue::ClaimQueue;

    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let member = members(&db.conn, 1).await[0];
        let real = template(&db.conn, 5, 1, now).await;
        let queue = ClaimQueue::new(db.conn.clone());
        let mut tasks = Vec::new();
        for made_up in (1..=500).map(|n| real + n * 1_000) {
            let queue = queue.clone();
            tasks.push(tokio::spawn(
                async move { queue.claim(made_up, member).await },
            ));
        }
        for task in tasks {
            assert!(
                matches!(task.await.unwrap(), Err(ClaimError::NotFound)),
                "{label}"
            );
        }
        assert_eq!(queue.workers(), 0, "{label}: no worker for a made-up id");
        queue.claim(real, member).await.unwrap();
        assert_eq!(queue.workers(), 1, "{label}: the real coupon's worker");
    }
}
