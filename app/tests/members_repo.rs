//! Members and their address books, on every database.

use crate::support;

use std::sync::Arc;

use app::db::begin_write;
use app::members::model::{AddressForm, DisplayName, Email, MAX_ADDRESSES};
use app::members::repo::{AddressError, MemberRepo, RegisterError};
use chrono::{Duration, Utc};
use support::{TestDb, test_databases};

async fn member(db: &TestDb, email: &str) -> i64 {
    MemberRepo(&db.conn)
        .create(
            &Email::parse(email).unwrap(),
            &DisplayName::parse("Ada").unwrap(),
            "hash",
        )
        .await
        .unwrap()
}

fn address(recipient: &str) -> app::members::model::AddressInput {
    AddressForm {
        recipient: recipient.into(),
        phone: "13800138000".into(),
        region: "浙江省".into(),
        city: "杭州市".into(),
        district: "西湖区".into(),
        street: "文三路 100 号".into(),
        postcode: "310000".into(),
    }
    .parse()
    .unwrap()
}

#[tokio::test]
async fn an_email_is_registered_once_whatever_its_case() {
    for db in test_databases().await {
        member(&db, "ada@example.com").await;
        let again = MemberRepo(&db.conn)
            .create(
                &Email::parse("  ADA@Example.com").unwrap(),
                &DisplayName::parse("Other").unwrap(),
                "hash",
            )
            .await;
        assert!(
            matches!(again, Err(RegisterError::EmailTaken)),
            "{}: {again:?}",
            db.label()
        );
    }
}

#[tokio::test]
async fn the_first_address_is_the_default_and_the_default_can_move() {
    for db in test_databases().await {
        let id = member(&db, "ada@example.com").await;
        let repo = MemberRepo(&db.conn);
        let home = repo.add_address(id, &address("Home")).await.unwrap();
        let office = repo.add_address(id, &address("Office")).await.unwrap();

        let book = repo.addresses(id).await.unwrap();
        assert_eq!(
            book.iter()
                .filter(|a| a.is_default)
                .map(|a| a.id)
                .collect::<Vec<_>>(),
            [home],
            "{}",
            db.label()
        );

        repo.set_default_address(id, office).await.unwrap();
        let book = repo.addresses(id).await.unwrap();
        assert_eq!(
            book[0].id,
            office,
            "{}: the default comes first",
            db.label()
        );
        assert_eq!(
            book.iter().filter(|a| a.is_default).count(),
            1,
            "{}",
            db.label()
        );

        repo.delete_address(id, office).await.unwrap();
        let book = repo.addresses(id).await.unwrap();
        assert_eq!(book.len(), 1);
        assert!(
            book[0].is_default,
            "{}: deleting the default promotes another",
            db.label()
        );
    }
}

#[tokio::test]
async fn a_member_cannot_touch_another_members_address() {
    for db in test_databases().await {
        let ada = member(&db, "ada@example.com").await;
        let bob = member(&db, "bob@example.com").await;
        let repo = MemberRepo(&db.conn);
        let adas = repo.add_address(ada, &address("Ada")).await.unwrap();

        assert!(matches!(
            repo.set_default_address(bob, adas).await,
            Err(AddressError::NotFound)
        ));
        assert!(matches!(
            repo.update_address(bob, adas, &address("Bob")).await,
            Err(AddressError::NotFound)
        ));
        assert!(matches!(
            repo.delete_address(bob, adas).await,
            Err(AddressError::NotFound)
        ));
        assert_eq!(
            repo.addresses(ada).await.unwrap()[0].recipient,
            "Ada",
            "{}",
            db.label()
        );
    }
}

#[tokio::test]
async fn the_address_book_has_a_limit() {
    for db in test_databases().await {
        let id = member(&db, "ada@example.com").await;
        let repo = MemberRepo(&db.conn);
        for n in 0..MAX_ADDRESSES {
            repo.add_address(id, &address(&format!("A{n}")))
                .await
                .unwrap();
        }
        assert!(
            matches!(
                repo.add_address(id, &address("One too many")).await,
                Err(AddressError::TooMany)
            ),
            "{}",
            db.label()
        );
    }
}

#[tokio::test]
async fn racing_to_set_the_default_leaves_exactly_one() {
    for db in test_databases().await {
        let id = member(&db, "ada@example.com").await;
        let mut ids = Vec::new();
        for n in 0..10 {
            ids.push(
                MemberRepo(&db.conn)
                    .add_address(id, &address(&format!("A{n}")))
                    .await
                    .unwrap(),
            );
        }
        let conn = Arc::new(db.conn.clone());
        let tasks: Vec<_> = ids
            .iter()
            .flat_map(|&address_id| [address_id, address_id])
            .map(|address_id| {
                let conn = conn.clone();
                tokio::spawn(async move {
                    let tx = begin_write(&conn).await.unwrap();
                    MemberRepo(&tx)
                        .set_default_address(id, address_id)
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let defaults = MemberRepo(&db.conn)
            .addresses(id)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.is_default)
            .count();
        assert_eq!(defaults, 1, "{}", db.label());
    }
}

#[tokio::test]
async fn a_reset_link_works_once_even_when_opened_twice_at_once() {
    for db in test_databases().await {
        let id = member(&db, "ada@example.com").await;
        let now = Utc::now();
        MemberRepo(&db.conn)
            .create_reset(id, "token-hash", now, now + Duration::minutes(30))
            .await
            .unwrap();

        let conn = Arc::new(db.conn.clone());
        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let conn = conn.clone();
                tokio::spawn(async move {
                    MemberRepo(&*conn)
                        .consume_reset("token-hash", Utc::now())
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut used = Vec::new();
        for attempt in attempts {
            used.extend(attempt.await.unwrap());
        }
        assert_eq!(used, [id], "{}", db.label());
    }
}

#[tokio::test]
async fn an_expired_reset_link_does_not_work() {
    for db in test_databases().await {
        let id = member(&db, "ada@example.com").await;
        let then = Utc::now() - Duration::minutes(31);
        let repo = MemberRepo(&db.conn);
        repo.create_reset(id, "old", then, then + Duration::minutes(30))
            .await
            .unwrap();
        assert_eq!(
            repo.consume_reset("old", Utc::now()).await.unwrap(),
            None,
            "{}",
            db.label()
        );
    }
}

#[tokio::test]
async fn members_are_found_by_part_of_their_email_or_name_in_any_case() {
    for db in test_databases().await {
        let repo = MemberRepo(&db.conn);
        repo.create(
            &Email::parse("ada@example.com").unwrap(),
            &DisplayName::parse("Ada Lovelace").unwrap(),
            "h",
        )
        .await
        .unwrap();
        repo.create(
            &Email::parse("bob@shop.test").unwrap(),
            &DisplayName::parse("王小明").unwrap(),
            "h",
        )
        .await
        .unwrap();
        repo.create(
            &Email::parse("c100%@x.io").unwrap(),
            &DisplayName::parse("Percent").unwrap(),
            "h",
        )
        .await
        .unwrap();

        let names = |found: Vec<app::members::model::MemberSummary>| {
            found
                .into_iter()
                .map(|m| m.display_name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(repo.search("LOVELACE", 0, 20).await.unwrap().0),
            ["Ada Lovelace"],
            "{}",
            db.label()
        );
        assert_eq!(
            names(repo.search("shop.test", 0, 20).await.unwrap().0),
            ["王小明"],
            "{}",
            db.label()
        );
        assert_eq!(
            names(repo.search("小明", 0, 20).await.unwrap().0),
            ["王小明"],
            "{}",
            db.label()
        );
        assert_eq!(
            names(repo.search("0%", 0, 20).await.unwrap().0),
            ["Percent"],
            "{}: % is literal",
            db.label()
        );
        let (all, total) = repo.search("", 0, 2).await.unwrap();
        assert_eq!((all.len(), total), (2, 3), "{}: pages", db.label());
    }
}
