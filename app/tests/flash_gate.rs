//! The Redis gate in front of flash-sale batches, against the real Redis
//! at `REDIS_URL_TEST` (default `redis://127.0.0.1:6379`) and real
//! databases: it admits exactly as many buyers as there are units across
//! several servers, takes the database's word when loaded, reopens for a
//! unit an unpaid order gave back, and a Redis that is down changes
//! nothing but speed. Skipped with a loud message when no Redis answers,
//! unless `REQUIRE_REDIS=1` (set by `make test` when it found one).

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use app::flash_sales::board::FlashBoard;
use app::flash_sales::buy::{BuyError, FlashBuyer};
use app::flash_sales::gate::FlashGate;
use app::flash_sales::model::Refusal;
use app::orders::sweeper::cancel_overdue;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use support::flash::{TERMS, item, running_sale, units_by_member};
use support::shop::{lamp, member};
use support::test_databases;

fn redis_url() -> String {
    std::env::var("REDIS_URL_TEST").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// Whether Redis answers (a gate of its own asks it about no item);
/// panics instead of skipping under `REQUIRE_REDIS=1`.
async fn redis_answers() -> bool {
    let url = redis_url();
    let probe = FlashGate::new(&url, "probe").expect("REDIS_URL_TEST");
    match probe.left(0).await {
        Ok(_) => true,
        Err(err) if std::env::var("REQUIRE_REDIS").as_deref() == Ok("1") => {
            panic!("REQUIRE_REDIS=1 but Redis at {url} is unreachable: {err}")
        }
        Err(err) => {
            eprintln!("\n*** SKIPPED the flash-sale gate test: no Redis at {url} ({err}).\n");
            false
        }
    }
}

/// Keys of their own for each test and database: item ids repeat.
fn prefix(label: &str) -> String {
    format!("test-{}-{label}", uuid::Uuid::new_v4().simple())
}

/// One app server's gate: its own connection to the shared Redis, no
/// quiet time (nothing else runs in these tests).
fn gate(prefix: &str) -> Arc<FlashGate> {
    let redis = redis::Client::open(redis_url()).expect("REDIS_URL_TEST");
    Arc::new(FlashGate::with_quiet(redis, prefix, Duration::ZERO))
}

fn gated(pool: DatabaseConnection, batching: bool, gate: Arc<FlashGate>) -> Arc<FlashBuyer> {
    FlashBuyer::gated(pool.clone(), FlashBoard::new(pool), batching, Some(gate))
}

#[tokio::test]
async fn three_servers_behind_the_gate_admit_fifty_buyers_for_fifty_units() {
    if !redis_answers().await {
        return;
    }
    for db in test_databases().await {
        let label = db.label();
        let prefix = prefix(label);
        let sku = lamp(&db.conn, 80).await;
        let item_id = running_sale(&db.conn, sku, 50, 1).await;
        let mut members = Vec::new();
        for n in 0..200 {
            members.push(member(&db.conn, n).await);
        }
        let gates = [gate(&prefix), gate(&prefix), gate(&prefix)];
        let buyers = [
            gated(db.conn.clone(), true, Arc::clone(&gates[0])),
            gated(db.another_pool().await, true, Arc::clone(&gates[1])),
            gated(db.another_pool().await, false, Arc::clone(&gates[2])),
        ];
        buyers[0].load_gate(Utc::now()).await.unwrap();

        let mut tasks = Vec::new();
        for attempt in 0..500 {
            let buyer = Arc::clone(&buyers[attempt % buyers.len()]);
            let member_id = members[attempt % members.len()];
            tasks.push(tokio::spawn(async move {
                buyer.buy(item_id, member_id, TERMS, Utc::now()).await
            }));
        }
        let (mut sold, mut refused) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => sold += 1,
                Err(BuyError::Refused(Refusal::SoldOut | Refusal::LimitReached)) => refused += 1,
                Err(other) => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(
            (sold, refused),
            (50, 450),
            "{label}: exactly the flash stock"
        );
        let admitted: u64 = gates.iter().map(|g| g.decisions().0).sum();
        assert_eq!(
            admitted, 50,
            "{label}: the database saw one buyer per unit, no more"
        );
        assert_eq!(gates[0].left(item_id).await.unwrap(), Some(0), "{label}");
        assert_eq!(item(&db.conn, item_id).await.sold, 50, "{label}");
        let holdings = units_by_member(&db.conn, item_id).await;
        assert_eq!(holdings.len(), 50, "{label}: fifty members");
        assert!(
            holdings.iter().all(|(_, units)| *units == 1),
            "{label}: nobody above the limit: {holdings:?}"
        );
    }
}

#[tokio::test]
async fn loading_the_gate_takes_the_databases_word_for_units_and_limits() {
    if !redis_answers().await {
        return;
    }
    for db in test_databases().await {
        let label = db.label();
        let prefix = prefix(label);
        let sku = lamp(&db.conn, 10).await;
        let item_id = running_sale(&db.conn, sku, 3, 1).await;
        let (early, late) = (member(&db.conn, 0).await, member(&db.conn, 1).await);
        let gate = gate(&prefix);
        let buyer = gated(db.conn.clone(), true, Arc::clone(&gate));
        buyer.load_gate(Utc::now()).await.unwrap();
        assert_eq!(gate.left(item_id).await.unwrap(), Some(3), "{label}");

        // A server without the gate sells a unit: the gate is now behind.
        let ungated = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        ungated
            .buy(item_id, early, TERMS, Utc::now())
            .await
            .unwrap();
        assert_eq!(gate.left(item_id).await.unwrap(), Some(3), "{label}");

        buyer.load_gate(Utc::now()).await.unwrap();
        assert_eq!(gate.left(item_id).await.unwrap(), Some(2), "{label}");
        let again = buyer.buy(item_id, early, TERMS, Utc::now()).await;
        assert!(
            matches!(again, Err(BuyError::Refused(Refusal::LimitReached))),
            "{label}: {again:?}"
        );
        assert_eq!(
            gate.decisions(),
            (0, 1),
            "{label}: refused by the gate, the database not asked"
        );
        buyer.buy(item_id, late, TERMS, Utc::now()).await.unwrap();
        assert_eq!(gate.left(item_id).await.unwrap(), Some(1), "{label}");
    }
}

#[tokio::test]
async fn the_gate_reopens_for_a_unit_an_unpaid_order_gave_back() {
    if !redis_answers().await {
        return;
    }
    for db in test_databases().await {
        let label = db.label();
        let prefix = prefix(label);
        let sku = lamp(&db.conn, 10).await;
        let item_id = running_sale(&db.conn, sku, 1, 1).await;
        let (first, second) = (member(&db.conn, 0).await, member(&db.conn, 1).await);
        let gate = gate(&prefix);
        let buyer = gated(db.conn.clone(), true, Arc::clone(&gate));
        buyer.load_gate(Utc::now()).await.unwrap();
        buyer.buy(item_id, first, TERMS, Utc::now()).await.unwrap();
        let late = buyer.buy(item_id, second, TERMS, Utc::now()).await;
        assert!(
            matches!(late, Err(BuyError::Refused(Refusal::SoldOut))),
            "{label}: {late:?}"
        );

        let overdue = Utc::now() + chrono::Duration::minutes(11);
        assert_eq!(
            cancel_overdue(&db.conn, overdue).await.unwrap(),
            1,
            "{label}"
        );
        buyer.refresh(Utc::now()).await.unwrap();
        assert_eq!(
            gate.left(item_id).await.unwrap(),
            Some(1),
            "{label}: the returned unit is open again"
        );
        buyer
            .buy(item_id, second, TERMS, Utc::now())
            .await
            .expect("the returned unit sells again");
        assert_eq!(item(&db.conn, item_id).await.sold, 1, "{label}");
    }
}

/// The same Redis URL with another database (and no query).
fn with_db(url: &str, db: u32) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("redis", url));
    let server = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    format!("{scheme}://{server}/{db}")
}

/// The ids of the connections Redis has open on database `db`.
async fn clients_on(admin: &mut redis::aio::MultiplexedConnection, db: u32) -> Vec<String> {
    let list: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(admin)
        .await
        .expect("CLIENT LIST");
    let on_db = format!(" db={db} ");
    list.lines()
        .filter(|line| line.contains(&on_db))
        .filter_map(|line| line.split(' ').find_map(|field| field.strip_prefix("id=")))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_gate_reconnects_after_redis_drops_its_connection() {
    if !redis_answers().await {
        return;
    }
    // A database of its own, to tell the gate's connection from the
    // other tests'.
    let db = 15;
    let gate = FlashGate::new(&with_db(&redis_url(), db), &prefix("reconnect")).unwrap();
    assert_eq!(gate.left(1).await.unwrap(), None, "the gate is connected");
    let mut admin = redis::Client::open(redis_url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let before = clients_on(&mut admin, db).await;
    assert_eq!(before.len(), 1, "one connection for the gate: {before:?}");
    redis::cmd("CLIENT")
        .arg("KILL")
        .arg("ID")
        .arg(&before[0])
        .query_async::<()>(&mut admin)
        .await
        .unwrap();

    // A call or two fail (the connection dropped, then the gate rests a
    // moment); then the gate answers again on a new connection.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match gate.left(1).await {
            Ok(left) => {
                assert_eq!(left, None);
                break;
            }
            Err(err) => assert!(
                std::time::Instant::now() < deadline,
                "the gate did not reconnect: {err}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = clients_on(&mut admin, db).await;
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, before, "a new connection");
}

#[tokio::test]
async fn a_redis_that_is_down_sends_buyers_to_the_database() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let item_id = running_sale(&db.conn, sku, 5, 1).await;
        // Nothing listens on port 1.
        let down = redis::Client::open("redis://127.0.0.1:1").unwrap();
        let gate = Arc::new(FlashGate::with_quiet(down, "down", Duration::ZERO));
        let buyer = gated(db.conn.clone(), true, gate);
        assert!(
            buyer.load_gate(Utc::now()).await.is_err(),
            "{label}: loading says Redis is down"
        );
        let mut tasks = Vec::new();
        for n in 0..20 {
            let member_id = member(&db.conn, n).await;
            let buyer = Arc::clone(&buyer);
            tasks.push(tokio::spawn(async move {
                buyer.buy(item_id, member_id, TERMS, Utc::now()).await
            }));
        }
        let mut sold = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => sold += 1,
                Err(BuyError::Refused(Refusal::SoldOut)) => {}
                Err(other) => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(sold, 5, "{label}: the database alone sells the stock");
        assert_eq!(item(&db.conn, item_id).await.sold, 5, "{label}");
    }
}
