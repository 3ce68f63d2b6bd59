//! The NATS JetStream publisher against the real server at `NATS_URL_TEST`
//! (default `nats://127.0.0.1:4222`): events reach the stream once, even
//! when a batch is published twice, and wait in the outbox while NATS is
//! unreachable. Skipped with a loud message when no server answers, unless
//! `REQUIRE_NATS=1` (set by `make test` when it found or started one).

use crate::support;

use app::orders::status::OrderStatus;
use app::outbox::entity::outbox_consumer;
use app::outbox::event::OrderEvent;
use app::outbox::nats::{self, NatsPublisher};
use app::outbox::relay;
use app::outbox::repo::OutboxRepo;
use async_nats::jetstream;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{DatabaseConnection, EntityTrait};

fn nats_url() -> String {
    std::env::var("NATS_URL_TEST").unwrap_or_else(|_| "nats://127.0.0.1:4222".into())
}

/// A JetStream handle to ask the stream what it holds, or `None` to skip.
async fn inspector() -> Option<jetstream::Context> {
    let url = nats_url();
    match nats::connect(&url).await {
        Ok(client) => Some(jetstream::new(client)),
        Err(err) if std::env::var("REQUIRE_NATS").as_deref() == Ok("1") => {
            panic!("REQUIRE_NATS=1 but NATS at {url} is unreachable: {err}")
        }
        Err(err) => {
            eprintln!("\n*** SKIPPED the NATS publisher test: no server at {url} ({err}).\n");
            None
        }
    }
}

async fn stored(js: &jetstream::Context, stream: &str) -> u64 {
    let stream = js.get_stream(stream).await.expect("the stream exists");
    stream.cached_info().state.messages
}

/// The subject and message id of the message stored under `seq`.
async fn message(js: &jetstream::Context, stream: &str, seq: u64) -> (String, String) {
    let stream = js.get_stream(stream).await.expect("the stream exists");
    let message = stream.get_raw_message(seq).await.expect("a stored message");
    let id = message
        .headers
        .get("Nats-Msg-Id")
        .map(|id| id.to_string())
        .unwrap_or_default();
    (message.subject.to_string(), id)
}

async fn subject_of(js: &jetstream::Context, stream: &str, seq: u64) -> String {
    message(js, stream, seq).await.0
}

async fn write_event(
    db: &DatabaseConnection,
    order_no: &str,
    from: Option<OrderStatus>,
    to: OrderStatus,
) {
    let event = OrderEvent {
        order_id: 1,
        order_no: order_no.into(),
        member_id: 7,
        total: 12_300,
        from,
        to,
    };
    OutboxRepo(db)
        .order_event(&event, Utc::now())
        .await
        .unwrap();
}

async fn place(db: &DatabaseConnection) -> i64 {
    outbox_consumer::Entity::find_by_id("nats-jetstream".to_owned())
        .one(db)
        .await
        .unwrap()
        .map_or(0, |row| row.last_id)
}

#[tokio::test]
async fn order_events_reach_the_stream_once_and_wait_while_nats_is_down() {
    let Some(nats) = inspector().await else {
        return;
    };
    for db in support::test_databases().await {
        let label = db.label();
        let prefix = format!("shoptest{}", uuid::Uuid::new_v4().simple());
        let publisher = NatsPublisher::new(&nats_url(), &prefix).unwrap();
        let stream = publisher.stream().to_owned();
        let later = Utc::now() + chrono::Duration::seconds(5);

        write_event(&db.conn, "A", None, OrderStatus::PendingPayment).await;
        write_event(
            &db.conn,
            "A",
            Some(OrderStatus::PendingPayment),
            OrderStatus::Paid,
        )
        .await;
        write_event(&db.conn, "B", None, OrderStatus::PendingPayment).await;
        let sent = relay::drain_publisher(&db.conn, &publisher, later, relay::SETTLE)
            .await
            .unwrap();
        assert_eq!(sent, 3, "{label}");
        assert_eq!(
            stored(&nats, &stream).await,
            3,
            "{label}: three events stored"
        );
        assert_eq!(
            subject_of(&nats, &stream, 1).await,
            format!("{prefix}.order.created")
        );
        assert_eq!(
            subject_of(&nats, &stream, 2).await,
            format!("{prefix}.order.paid")
        );
        let (_, id) = message(&nats, &stream, 1).await;
        let first = OutboxRepo(&db.conn).after(0, later, 1).await.unwrap();
        assert_eq!(
            id,
            format!("{}-{}", first[0].id, first[0].created_at.timestamp_micros()),
            "{label}: the event's id and time are its message id"
        );

        // A crash after the acknowledgement but before the commit: the
        // place goes back and the batch is published again.
        outbox_consumer::Entity::update_many()
            .col_expr(outbox_consumer::Column::LastId, Expr::value(0))
            .exec(&db.conn)
            .await
            .unwrap();
        let again = relay::drain_publisher(&db.conn, &publisher, later, relay::SETTLE)
            .await
            .unwrap();
        assert_eq!(again, 3, "{label}: the batch went out again");
        assert_eq!(
            stored(&nats, &stream).await,
            3,
            "{label}: and JetStream dropped the repeats"
        );

        // NATS unreachable: the batch fails and the event waits.
        write_event(
            &db.conn,
            "B",
            Some(OrderStatus::PendingPayment),
            OrderStatus::Cancelled,
        )
        .await;
        let down = NatsPublisher::new("nats://127.0.0.1:1", &prefix).unwrap();
        let failed = relay::drain_publisher(&db.conn, &down, later, relay::SETTLE).await;
        assert!(failed.is_err(), "{label}: a publish to nowhere fails");
        assert_eq!(place(&db.conn).await, 3, "{label}: the place did not move");
        let caught_up = relay::drain_publisher(&db.conn, &publisher, later, relay::SETTLE)
            .await
            .unwrap();
        assert_eq!(caught_up, 1, "{label}");
        assert_eq!(
            stored(&nats, &stream).await,
            4,
            "{label}: delivered once NATS is back"
        );
        assert_eq!(
            subject_of(&nats, &stream, 4).await,
            format!("{prefix}.order.cancelled")
        );

        nats.delete_stream(&stream)
            .await
            .expect("the stream deleted");
    }
}
