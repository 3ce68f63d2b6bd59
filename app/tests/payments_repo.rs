//! Payment notices, refunds and the outbox on every database, with
//! racing deliveries: one notice pays once and writes one `order.paid`
//! event however often and however concurrently it comes; a forged or
//! wrong notice changes nothing; money paid for a cancelled order goes
//! back; points are awarded once per completed order even with two relays.

use crate::support;

use app::orders::checkout::{OrderWriter, place_from_cart};
use app::orders::entity::order;
use app::orders::repo::{OrderRepo, Placed};
use app::orders::status::{OrderEvent, OrderStatus};
use app::outbox::relay;
use app::outbox::repo::OutboxRepo;
use app::payments::model::{Outcome, PaymentStatus};
use app::payments::provider::PaymentProvider;
use app::payments::repo::PaymentRepo;
use app::payments::sandbox::SandboxProvider;
use app::payments::settle::{SettleError, Settled, handle_callback};
use app::payments::signature;
use app::points::repo::PointsRepo;
use chrono::Utc;
use http::HeaderMap;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use support::shop::{PRICE, checkout, lamp, shopper, stock};
use support::test_databases;

const TOTAL: i64 = 2 * PRICE + 1_000;

/// An unpaid order for two lamps and one attempt to pay it:
/// (member, order number, order id, payment number).
async fn unpaid_order(db: &DatabaseConnection, n: usize, lamp: i64) -> (i64, String, i64, String) {
    let member = shopper(db, n, lamp, 2).await;
    let Ok(Placed::New { order_no, .. }) =
        place_from_cart(db, &OrderWriter::Alone, checkout(member, "k", TOTAL)).await
    else {
        panic!("placed");
    };
    let order = OrderRepo(db)
        .find_own(member, &order_no)
        .await
        .unwrap()
        .unwrap();
    let payment_no = format!("pay_test_{n}");
    PaymentRepo(db)
        .open(
            order.id,
            SandboxProvider::NAME,
            &payment_no,
            TOTAL,
            Utc::now(),
        )
        .await
        .unwrap();
    (member, order_no, order.id, payment_no)
}

/// The body and headers of a callback carrying `header` as its signature.
fn signed(body: &[u8], header: &str) -> (Vec<u8>, HeaderMap) {
    let mut headers = HeaderMap::new();
    headers.insert(signature::HEADER, header.parse().unwrap());
    (body.to_vec(), headers)
}

async fn status_of(db: &DatabaseConnection, order_id: i64) -> String {
    order::Entity::find_by_id(order_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn topics(db: &DatabaseConnection, order_no: &str) -> Vec<String> {
    OutboxRepo(db)
        .about(order_no)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.topic)
        .collect()
}

#[tokio::test]
async fn ten_deliveries_of_one_notice_pay_once() {
    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 10).await;
        let (_, order_no, order_id, payment_no) = unpaid_order(&db.conn, 0, lamp).await;
        let (body, header) = sandbox.notice(
            &payment_no,
            &order_no,
            TOTAL,
            Outcome::Succeeded,
            Utc::now(),
        );
        let (body, headers) = signed(&body, &header);

        let other = db.another_pool().await;
        let sandbox = std::sync::Arc::new(sandbox);
        let mut tasks = Vec::new();
        for n in 0..10 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let (sandbox, body, headers) = (sandbox.clone(), body.clone(), headers.clone());
            tasks.push(tokio::spawn(async move {
                handle_callback(&conn, sandbox.as_ref(), &headers, &body, Utc::now()).await
            }));
        }
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(
                task.await
                    .unwrap()
                    .expect("every delivery is answered well"),
            );
        }
        let paid = outcomes.iter().filter(|o| **o == Settled::Paid).count();
        let repeats = outcomes
            .iter()
            .filter(|o| **o == Settled::AlreadySettled)
            .count();
        assert_eq!((paid, repeats), (1, 9), "{label}: {outcomes:?}");
        assert_eq!(status_of(&db.conn, order_id).await, "paid", "{label}");
        assert_eq!(
            topics(&db.conn, &order_no).await,
            ["order.created", "order.paid"],
            "{label}: one paid event"
        );
        let timeline = OrderRepo(&db.conn).timeline(order_id).await.unwrap();
        assert_eq!(timeline.len(), 2, "{label}");
    }
}

#[tokio::test]
async fn forged_stale_or_wrong_amount_notices_change_nothing() {
    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 10).await;
        let (_, order_no, order_id, payment_no) = unpaid_order(&db.conn, 0, lamp).await;
        let now = Utc::now();

        let forger = SandboxProvider::new("guessed").unwrap();
        let (body, header) = forger.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let forged = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert!(
            matches!(forged, Err(SettleError::Callback(_))),
            "{label}: {forged:?}"
        );

        let (body, header) = sandbox.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
        let (_, headers) = signed(&body, &header);
        let tampered = String::from_utf8(body.clone())
            .unwrap()
            .replace(&TOTAL.to_string(), "1");
        let changed = handle_callback(&db.conn, &sandbox, &headers, tampered.as_bytes(), now).await;
        assert!(
            matches!(changed, Err(SettleError::Callback(_))),
            "{label}: {changed:?}"
        );

        let late = now + chrono::Duration::seconds(signature::TOLERANCE_SECS + 5);
        let stale = handle_callback(&db.conn, &sandbox, &headers, &body, late).await;
        assert!(
            matches!(stale, Err(SettleError::Callback(_))),
            "{label}: {stale:?}"
        );

        // Correctly signed, but for less than the order costs.
        let (body, header) =
            sandbox.notice(&payment_no, &order_no, TOTAL - 1, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let short = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert!(
            matches!(short, Err(SettleError::WrongAmount)),
            "{label}: {short:?}"
        );

        // Correctly signed, for an attempt that does not exist.
        let (body, header) =
            sandbox.notice("pay_nobody", &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let unknown = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert!(
            matches!(unknown, Err(SettleError::UnknownPayment)),
            "{label}: {unknown:?}"
        );

        assert_eq!(
            status_of(&db.conn, order_id).await,
            "pending_payment",
            "{label}"
        );
        let attempt = PaymentRepo(&db.conn)
            .find(SandboxProvider::NAME, &payment_no)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(attempt.status, PaymentStatus::Pending.as_str(), "{label}");
        assert_eq!(
            topics(&db.conn, &order_no).await,
            ["order.created"],
            "{label}"
        );

        // The genuine notice still pays afterwards.
        let (body, header) = sandbox.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let genuine = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert_eq!(genuine.unwrap(), Settled::Paid, "{label}");
    }
}

#[tokio::test]
async fn a_failed_attempt_leaves_the_order_payable_by_another() {
    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 10).await;
        let (_, order_no, order_id, first) = unpaid_order(&db.conn, 0, lamp).await;
        let now = Utc::now();
        let (body, header) = sandbox.notice(&first, &order_no, TOTAL, Outcome::Failed, now);
        let (body, headers) = signed(&body, &header);
        let failed = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert_eq!(failed.unwrap(), Settled::Failed, "{label}");
        assert_eq!(
            status_of(&db.conn, order_id).await,
            "pending_payment",
            "{label}"
        );

        PaymentRepo(&db.conn)
            .open(order_id, sandbox.name(), "pay_again", TOTAL, now)
            .await
            .unwrap();
        let (body, header) = sandbox.notice("pay_again", &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let paid = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert_eq!(paid.unwrap(), Settled::Paid, "{label}");
        assert_eq!(status_of(&db.conn, order_id).await, "paid", "{label}");
    }
}

#[tokio::test]
async fn money_for_a_cancelled_order_is_refunded() {
    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 10).await;
        let (_, order_no, order_id, payment_no) = unpaid_order(&db.conn, 0, lamp).await;
        let now = Utc::now();
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&tx)
            .transition(
                order_id,
                OrderEvent::Cancel,
                "system",
                "not paid in time",
                now,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(stock(&db.conn, lamp).await, 10, "{label}: stock back");

        let (body, header) = sandbox.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        let settled = handle_callback(&db.conn, &sandbox, &headers, &body, now).await;
        assert_eq!(settled.unwrap(), Settled::Refunded, "{label}");
        assert_eq!(status_of(&db.conn, order_id).await, "cancelled", "{label}");
        let attempt = PaymentRepo(&db.conn)
            .find(SandboxProvider::NAME, &payment_no)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(attempt.status, PaymentStatus::Refunded.as_str(), "{label}");
        assert_eq!(
            stock(&db.conn, lamp).await,
            10,
            "{label}: no stock taken twice"
        );
    }
}

#[tokio::test]
async fn a_completed_order_earns_its_points_once_with_two_relays() {
    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 10).await;
        let (member, order_no, order_id, payment_no) = unpaid_order(&db.conn, 0, lamp).await;
        let now = Utc::now();
        let (body, header) = sandbox.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
        let (body, headers) = signed(&body, &header);
        handle_callback(&db.conn, &sandbox, &headers, &body, now)
            .await
            .unwrap();
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        let repo = OrderRepo(&tx);
        repo.ship(order_id, "SF", "SF1", "staff:1", now)
            .await
            .unwrap();
        repo.transition(order_id, OrderEvent::ConfirmReceipt, "member", "", now)
            .await
            .unwrap();
        let done = repo
            .transition(order_id, OrderEvent::Complete, "member", "", now)
            .await
            .unwrap();
        assert_eq!(done, OrderStatus::Completed);
        tx.commit().await.unwrap();

        let other = db.another_pool().await;
        let later = Utc::now() + chrono::Duration::seconds(5);
        let consumers = &app::outbox::IN_PROCESS;
        let (a, b) = tokio::join!(
            relay::drain_all(&db.conn, consumers, later, relay::SETTLE),
            relay::drain_all(&other, consumers, later, relay::SETTLE),
        );
        a.unwrap();
        b.unwrap();
        // And once more, as after a restart.
        relay::drain_all(&db.conn, consumers, later, relay::SETTLE)
            .await
            .unwrap();

        let points = PointsRepo(&db.conn).balance(member).await.unwrap();
        assert_eq!(points, TOTAL / 100, "{label}: one point per yuan, once");
        let product = app::catalog::entity::product::Entity::find()
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            product.sales_count, 2,
            "{label}: two lamps sold, counted once"
        );
    }
}

#[tokio::test]
async fn two_sweepers_complete_each_shipped_order_once() {
    use sea_orm::sea_query::Expr;

    for db in test_databases().await {
        let label = db.label();
        let sandbox = SandboxProvider::new("secret").unwrap();
        let lamp = lamp(&db.conn, 20).await;
        let now = Utc::now();
        let mut orders = Vec::new();
        for n in 0..5 {
            let (_, order_no, order_id, payment_no) = unpaid_order(&db.conn, n, lamp).await;
            let (body, header) =
                sandbox.notice(&payment_no, &order_no, TOTAL, Outcome::Succeeded, now);
            let (body, headers) = signed(&body, &header);
            handle_callback(&db.conn, &sandbox, &headers, &body, now)
                .await
                .unwrap();
            let tx = app::db::begin_write(&db.conn).await.unwrap();
            OrderRepo(&tx)
                .ship(order_id, "SF", "SF1", "staff:1", now)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            orders.push(order_id);
        }
        // The fourth's member asked for a refund after it shipped, and was
        // refused: it completes as the others do.
        for event in [OrderEvent::RequestRefund, OrderEvent::RejectRefund] {
            let tx = app::db::begin_write(&db.conn).await.unwrap();
            OrderRepo(&tx)
                .transition(orders[3], event, "member:1", "changed my mind", now)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        // Four were shipped ten days ago; the fifth just now.
        order::Entity::update_many()
            .col_expr(
                order::Column::ShippedAt,
                Expr::value(now - chrono::Duration::days(10)),
            )
            .filter(order::Column::Id.ne(orders[4]))
            .exec(&db.conn)
            .await
            .unwrap();
        let other = db.another_pool().await;
        let week = chrono::Duration::days(7);
        let (a, b) = tokio::join!(
            app::orders::sweeper::complete_shipped(&db.conn, now, week),
            app::orders::sweeper::complete_shipped(&other, now, week),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 4, "{label}: each once");
        for (n, id) in orders.iter().enumerate() {
            let expected = if n == 4 { "shipped" } else { "completed" };
            assert_eq!(status_of(&db.conn, *id).await, expected, "{label}");
            let steps = OrderRepo(&db.conn).timeline(*id).await.unwrap().len();
            let expected_steps = match n {
                3 => 6,
                4 => 3,
                _ => 4,
            };
            assert_eq!(steps, expected_steps, "{label}");
        }
    }
}
