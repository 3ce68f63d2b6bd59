//! Group buying against real databases: members racing for a group's
//! last places never make it larger than its size, a member holds one
//! place per group, a group forms when every place is paid and only then
//! ships, and a group whose time runs out refunds each paid order once
//! however many sweepers run.

use crate::support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::group_buys::entity::{group_buy, group_member};
use app::group_buys::expire::fail_expired_groups;
use app::group_buys::join::{self, JoinError, Joined, Terms};
use app::group_buys::model::{DealEditError, GroupStage, NewDeal, Refusal};
use app::group_buys::repo::{DealSetupError, GroupRepo};
use app::orders::entity::{order, order_event};
use app::orders::repo::{OrderRepo, TransitionError};
use app::orders::status::{OrderEvent, OrderStatus};
use app::payments::model::{Notice, Outcome};
use app::payments::provider::{CallbackError, PaymentProvider, PaymentRequest, ProviderError};
use app::payments::repo::PaymentRepo;
use app::payments::sandbox::SandboxProvider;
use app::payments::settle::{Settled, apply};
use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use support::shop::{PRICE, SHIPPING, lamp, member, stock};
use support::test_databases;

const TERMS: Terms = Terms {
    shipping: SHIPPING,
    pay_within: Duration::minutes(30),
};
const GROUP_PRICE: i64 = PRICE / 2;

/// A running deal on the SKU for groups of `size`; its id.
async fn deal(db: &DatabaseConnection, sku_id: i64, size: i32, limit: i32) -> i64 {
    let now = Utc::now();
    let new = NewDeal {
        sku_id,
        group_price: GROUP_PRICE,
        group_size: size,
        time_limit_minutes: 60,
        per_member_limit: limit,
        starts_at: (now - Duration::minutes(1)).timestamp_millis(),
        ends_at: (now + Duration::days(1)).timestamp_millis(),
    };
    let tx = app::db::begin_write(db).await.unwrap();
    let id = GroupRepo(&*tx).create_deal(&new, now).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn group(db: &DatabaseConnection, group_id: i64) -> group_buy::Model {
    GroupRepo(db).group(group_id).await.unwrap().unwrap()
}

async fn order_by_no(db: &DatabaseConnection, order_no: &str) -> order::Model {
    order::Entity::find()
        .filter(order::Column::OrderNo.eq(order_no))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

/// Pays the order through the provider's notice, as the callback would.
async fn pay(db: &DatabaseConnection, order_no: &str) -> Settled {
    let order = order_by_no(db, order_no).await;
    let payment_no = format!("pay_{order_no}");
    PaymentRepo(db)
        .open(
            order.id,
            SandboxProvider::NAME,
            &payment_no,
            order.total,
            Utc::now(),
        )
        .await
        .unwrap();
    let notice = Notice {
        payment_no,
        order_no: order_no.to_owned(),
        amount: order.total,
        outcome: Outcome::Succeeded,
    };
    apply(db, SandboxProvider::NAME, &notice, Utc::now())
        .await
        .unwrap()
}

async fn status(db: &DatabaseConnection, order_no: &str) -> OrderStatus {
    OrderStatus::parse(&order_by_no(db, order_no).await.status).unwrap()
}

fn refusal(outcome: Result<Joined, JoinError>) -> Option<Refusal> {
    match outcome {
        Ok(_) => None,
        Err(JoinError::Refused(refusal)) => Some(refusal),
        Err(JoinError::Database(err)) => panic!("database error: {err}"),
    }
}

#[tokio::test]
async fn ten_members_racing_for_the_last_place_of_a_group_of_five_leave_five() {
    for db in test_databases().await {
        let label = db.label();
        let other = db.another_pool().await;
        let sku = lamp(&db.conn, 100).await;
        let deal_id = deal(&db.conn, sku, 5, 1).await;
        let leader = member(&db.conn, 0).await;
        let opened = join::open(&db.conn, deal_id, leader, TERMS, Utc::now())
            .await
            .unwrap();
        for n in 1..4 {
            let id = member(&db.conn, n).await;
            join::join(&db.conn, opened.group_id, id, TERMS, Utc::now())
                .await
                .unwrap();
        }
        let mut racers = Vec::new();
        for n in 4..14 {
            racers.push(member(&db.conn, n).await);
        }
        let tasks: Vec<_> = racers
            .iter()
            .enumerate()
            .map(|(i, &id)| {
                let pool = if i % 2 == 0 {
                    db.conn.clone()
                } else {
                    other.clone()
                };
                let group_id = opened.group_id;
                tokio::spawn(
                    async move { join::join(&pool, group_id, id, TERMS, Utc::now()).await },
                )
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(refusal(task.await.unwrap()));
        }
        let won = outcomes.iter().filter(|o| o.is_none()).count();
        assert_eq!(won, 1, "{label}: one racer gets the last place");
        assert!(
            outcomes.iter().flatten().all(|r| *r == Refusal::Full),
            "{label}: the others are told it is full: {outcomes:?}"
        );
        let row = group(&db.conn, opened.group_id).await;
        assert_eq!(row.taken, 5, "{label}");
        let members = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(opened.group_id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(members, 5, "{label}: five members hold places");
        let orders = order::Entity::find()
            .filter(order::Column::GroupId.eq(opened.group_id))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(orders, 5, "{label}: one order per place");
        assert_eq!(stock(&db.conn, sku).await, 95, "{label}: five units taken");
    }
}

#[tokio::test]
async fn a_member_racing_into_one_group_five_times_holds_one_place() {
    for db in test_databases().await {
        let label = db.label();
        let other = db.another_pool().await;
        let sku = lamp(&db.conn, 100).await;
        let deal_id = deal(&db.conn, sku, 10, 5).await;
        let leader = member(&db.conn, 0).await;
        let opened = join::open(&db.conn, deal_id, leader, TERMS, Utc::now())
            .await
            .unwrap();
        let again = join::join(&db.conn, opened.group_id, leader, TERMS, Utc::now()).await;
        assert_eq!(
            refusal(again),
            Some(Refusal::AlreadyIn),
            "{label}: the host is in"
        );

        let eager = member(&db.conn, 1).await;
        let tasks: Vec<_> = (0..5)
            .map(|i| {
                let pool = if i % 2 == 0 {
                    db.conn.clone()
                } else {
                    other.clone()
                };
                let group_id = opened.group_id;
                tokio::spawn(
                    async move { join::join(&pool, group_id, eager, TERMS, Utc::now()).await },
                )
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(refusal(task.await.unwrap()));
        }
        assert_eq!(
            outcomes.iter().filter(|o| o.is_none()).count(),
            1,
            "{label}"
        );
        assert!(
            outcomes.iter().flatten().all(|r| *r == Refusal::AlreadyIn),
            "{label}: {outcomes:?}"
        );
        assert_eq!(group(&db.conn, opened.group_id).await.taken, 2, "{label}");
        assert_eq!(
            stock(&db.conn, sku).await,
            98,
            "{label}: refused joins took nothing"
        );
    }
}

#[tokio::test]
async fn a_group_forms_when_every_place_is_paid_and_only_then_ships() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let deal_id = deal(&db.conn, sku, 2, 1).await;
        let (host, friend) = (member(&db.conn, 0).await, member(&db.conn, 1).await);
        let opened = join::open(&db.conn, deal_id, host, TERMS, Utc::now())
            .await
            .unwrap();
        let placed = order_by_no(&db.conn, &opened.order_no).await;
        assert_eq!(
            placed.items_total, GROUP_PRICE,
            "{label}: at the group price"
        );

        assert_eq!(
            pay(&db.conn, &opened.order_no).await,
            Settled::Paid,
            "{label}"
        );
        let ship = |order_id| {
            let db = db.conn.clone();
            async move {
                let tx = app::db::begin_write(&db).await.unwrap();
                let shipped = OrderRepo(&*tx)
                    .ship(order_id, "SF", "SF1", "staff:1", Utc::now())
                    .await;
                tx.commit().await.unwrap();
                shipped
            }
        };
        assert!(
            matches!(ship(placed.id).await, Err(TransitionError::Illegal(_))),
            "{label}: a paid order waits for its group"
        );
        assert_eq!(group(&db.conn, opened.group_id).await.status, "forming");

        let joined = join::join(&db.conn, opened.group_id, friend, TERMS, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            pay(&db.conn, &joined.order_no).await,
            Settled::Paid,
            "{label}"
        );
        let formed = group(&db.conn, opened.group_id).await;
        assert_eq!(formed.status, GroupStage::Formed.as_str(), "{label}");
        assert_eq!(formed.paid, 2, "{label}");
        assert_eq!(
            ship(placed.id).await.unwrap(),
            OrderStatus::Shipped,
            "{label}"
        );
    }
}

#[tokio::test]
async fn an_unpaid_place_cancelled_is_free_for_someone_else() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let deal_id = deal(&db.conn, sku, 2, 1).await;
        let (host, slow, next) = (
            member(&db.conn, 0).await,
            member(&db.conn, 1).await,
            member(&db.conn, 2).await,
        );
        let opened = join::open(&db.conn, deal_id, host, TERMS, Utc::now())
            .await
            .unwrap();
        let taken = join::join(&db.conn, opened.group_id, slow, TERMS, Utc::now())
            .await
            .unwrap();
        let full = join::join(&db.conn, opened.group_id, next, TERMS, Utc::now()).await;
        assert_eq!(refusal(full), Some(Refusal::Full), "{label}");

        let slow_order = order_by_no(&db.conn, &taken.order_no).await;
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&*tx)
            .transition(
                slow_order.id,
                OrderEvent::Cancel,
                "system",
                "not paid in time",
                Utc::now(),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(group(&db.conn, opened.group_id).await.taken, 1, "{label}");
        assert_eq!(stock(&db.conn, sku).await, 9, "{label}: the unit went back");

        let retry = join::join(&db.conn, opened.group_id, next, TERMS, Utc::now()).await;
        assert!(retry.is_ok(), "{label}: the freed place is taken");
    }
}

#[tokio::test]
async fn the_limit_per_member_counts_live_group_orders_of_a_deal() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let deal_id = deal(&db.conn, sku, 3, 1).await;
        let keen = member(&db.conn, 0).await;
        let first = join::open(&db.conn, deal_id, keen, TERMS, Utc::now())
            .await
            .unwrap();
        let second = join::open(&db.conn, deal_id, keen, TERMS, Utc::now()).await;
        assert_eq!(refusal(second), Some(Refusal::LimitReached), "{label}");
        assert_eq!(
            group_buy::Entity::find().count(&db.conn).await.unwrap(),
            1,
            "{label}: the refused group was not kept"
        );

        let order = order_by_no(&db.conn, &first.order_no).await;
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&*tx)
            .transition(order.id, OrderEvent::Cancel, "member:1", "", Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let again = join::open(&db.conn, deal_id, keen, TERMS, Utc::now()).await;
        assert!(
            again.is_ok(),
            "{label}: a cancelled order frees the allowance"
        );
    }
}

/// The sandbox, counting the refunds it is asked for.
struct CountingProvider {
    inner: SandboxProvider,
    refunds: Mutex<HashMap<String, u32>>,
}

#[async_trait::async_trait]
impl PaymentProvider for CountingProvider {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    async fn start(&self, request: PaymentRequest<'_>) -> Result<String, ProviderError> {
        self.inner.start(request).await
    }

    fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Notice, CallbackError> {
        self.inner.verify(headers, body, now)
    }

    async fn refund(&self, payment_no: &str, amount: i64) -> Result<(), ProviderError> {
        *self
            .refunds
            .lock()
            .unwrap()
            .entry(payment_no.to_owned())
            .or_default() += 1;
        self.inner.refund(payment_no, amount).await
    }
}

#[tokio::test]
async fn a_failed_group_refunds_every_paid_order_once() {
    for db in test_databases().await {
        let label = db.label();
        let other = db.another_pool().await;
        let sku = lamp(&db.conn, 10).await;
        let deal_id = deal(&db.conn, sku, 4, 1).await;
        let members = [
            member(&db.conn, 0).await,
            member(&db.conn, 1).await,
            member(&db.conn, 2).await,
        ];
        let opened = join::open(&db.conn, deal_id, members[0], TERMS, Utc::now())
            .await
            .unwrap();
        let second = join::join(&db.conn, opened.group_id, members[1], TERMS, Utc::now())
            .await
            .unwrap();
        let unpaid = join::join(&db.conn, opened.group_id, members[2], TERMS, Utc::now())
            .await
            .unwrap();
        for paid in [&opened.order_no, &second.order_no] {
            assert_eq!(pay(&db.conn, paid).await, Settled::Paid, "{label}");
        }
        assert_eq!(stock(&db.conn, sku).await, 7, "{label}");
        // Its time runs out.
        group_buy::Entity::update_many()
            .col_expr(
                group_buy::Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::minutes(1)),
            )
            .filter(group_buy::Column::Id.eq(opened.group_id))
            .exec(&db.conn)
            .await
            .unwrap();

        let provider = Arc::new(CountingProvider {
            inner: SandboxProvider::new("secret").unwrap(),
            refunds: Mutex::new(HashMap::new()),
        });
        let sweepers: Vec<_> = [db.conn.clone(), other.clone(), db.conn.clone()]
            .into_iter()
            .map(|pool| {
                let provider = Arc::clone(&provider);
                tokio::spawn(async move {
                    fail_expired_groups(&pool, provider.as_ref(), Utc::now())
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut failed = 0;
        for sweeper in sweepers {
            failed += sweeper.await.unwrap().groups;
        }
        assert_eq!(failed, 1, "{label}: one sweeper fails the group");
        assert_eq!(
            group(&db.conn, opened.group_id).await.status,
            "failed",
            "{label}"
        );

        let refunds = provider.refunds.lock().unwrap().clone();
        assert_eq!(
            refunds.len(),
            2,
            "{label}: both payments refunded: {refunds:?}"
        );
        assert!(
            refunds.values().all(|&n| n == 1),
            "{label}: each once: {refunds:?}"
        );
        for paid in [&opened.order_no, &second.order_no] {
            assert_eq!(
                status(&db.conn, paid).await,
                OrderStatus::Refunded,
                "{label}"
            );
            let order = order_by_no(&db.conn, paid).await;
            let refunded_steps = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order.id))
                .filter(order_event::Column::ToStatus.eq(OrderStatus::Refunded.as_str()))
                .count(&db.conn)
                .await
                .unwrap();
            assert_eq!(refunded_steps, 1, "{label}: refunded once on the timeline");
        }
        assert_eq!(
            status(&db.conn, &unpaid.order_no).await,
            OrderStatus::Cancelled,
            "{label}"
        );
        assert_eq!(
            stock(&db.conn, sku).await,
            10,
            "{label}: every unit is back"
        );

        // A payment arriving after the failure is not kept.
        assert_eq!(
            pay(&db.conn, &unpaid.order_no).await,
            Settled::Refunded,
            "{label}"
        );
        let again = fail_expired_groups(&db.conn, provider.as_ref(), Utc::now())
            .await
            .unwrap();
        assert_eq!(again.groups, 0, "{label}: nothing left to fail");
        assert!(
            provider.refunds.lock().unwrap().values().all(|&n| n == 1),
            "{label}: no payment refunded twice"
        );
    }
}

async fn edit_deal(
    db: &DatabaseConnection,
    deal_id: i64,
    wanted: &NewDeal,
) -> Result<bool, DealSetupError> {
    let tx = app::db::begin_write(db).await.unwrap();
    let edited = GroupRepo(&*tx).edit_deal(deal_id, wanted, Utc::now()).await;
    if edited.is_ok() {
        tx.commit().await.unwrap();
    }
    edited
}

fn as_new(deal: &app::group_buys::entity::group_deal::Model) -> NewDeal {
    NewDeal {
        sku_id: deal.sku_id,
        group_price: deal.group_price,
        group_size: deal.group_size,
        time_limit_minutes: deal.time_limit_minutes,
        per_member_limit: deal.per_member_limit,
        starts_at: deal.starts_at.timestamp_millis(),
        ends_at: deal.ends_at.timestamp_millis(),
    }
}

#[tokio::test]
async fn a_running_deal_may_run_longer_but_keeps_its_price_and_size() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let deal_id = deal(&db.conn, sku, 3, 1).await;
        let current = as_new(&GroupRepo(&db.conn).deal(deal_id).await.unwrap().unwrap());

        let longer = NewDeal {
            ends_at: current.ends_at + 3_600_000,
            time_limit_minutes: 120,
            per_member_limit: 2,
            ..current.clone()
        };
        assert!(
            edit_deal(&db.conn, deal_id, &longer).await.unwrap(),
            "{label}"
        );
        let saved = GroupRepo(&db.conn).deal(deal_id).await.unwrap().unwrap();
        assert_eq!(
            (
                saved.ends_at.timestamp_millis(),
                saved.time_limit_minutes,
                saved.per_member_limit
            ),
            (longer.ends_at, 120, 2),
            "{label}"
        );
        for (wanted, what) in [
            (
                NewDeal {
                    group_price: GROUP_PRICE - 1,
                    ..longer.clone()
                },
                "price",
            ),
            (
                NewDeal {
                    group_size: 2,
                    ..longer.clone()
                },
                "size",
            ),
        ] {
            assert!(
                matches!(
                    edit_deal(&db.conn, deal_id, &wanted).await,
                    Err(DealSetupError::Edit(DealEditError::Started))
                ),
                "{label}: the {what} is kept"
            );
        }
        let saved = GroupRepo(&db.conn).deal(deal_id).await.unwrap().unwrap();
        assert_eq!(
            (saved.group_price, saved.group_size),
            (GROUP_PRICE, 3),
            "{label}"
        );
        assert!(
            !edit_deal(&db.conn, deal_id + 1000, &longer).await.unwrap(),
            "{label}: no such deal"
        );
    }
}
