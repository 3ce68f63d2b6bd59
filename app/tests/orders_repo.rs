//! Placing and cancelling orders on every database, with many tasks
//! racing (50 buyers for 10 units, 20 submits of one page, 8 cancels):
//! stock never goes below zero, one checkout page places one order, a
//! cancellation returns the stock exactly once, and a refused order
//! writes nothing, alone or written together with others.

use crate::support;

use std::sync::Arc;

use app::cart::repo::{CartOwner, CartRepo};
use app::orders::checkout::{Checkout, OrderWriter, place_from_cart};
use app::orders::repo::{OrderRepo, PlaceError, Placed, TransitionError};
use app::orders::status::{OrderEvent, OrderStatus};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::shop::{
    EXPRESS, PRICE, STANDARD, bulb, checkout, lamp, refill_cart, shopper, stock, writers,
};
use support::test_databases;

#[tokio::test]
async fn racing_checkouts_sell_exactly_the_stock() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 10).await;
        let mut members = Vec::new();
        for n in 0..50 {
            members.push(shopper(&db.conn, n, lamp, 1).await);
        }
        let writers = writers(&db.conn, &db.another_pool().await);
        let mut tasks = Vec::new();
        for (n, member) in members.into_iter().enumerate() {
            let (conn, writer) = writers[n % writers.len()].clone();
            tasks.push(tokio::spawn(async move {
                place_from_cart(&conn, &writer, checkout(member, "k", PRICE + 1_000)).await
            }));
        }
        let (mut placed, mut refused) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(Placed::New { .. }) => placed += 1,
                Err(PlaceError::OnlyLeft { .. }) => refused += 1,
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!((placed, refused), (10, 40), "{label}: 50 buyers, 10 lamps");
        assert_eq!(stock(&db.conn, lamp).await, 0, "{label}: never below zero");
    }
}

/// Batches of one-line checkouts with stock enough for all take it in
/// one statement: each order exactly once, none missed.
#[tokio::test]
async fn checkouts_with_stock_for_all_each_take_theirs_once() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 100).await;
        let mut members = Vec::new();
        for n in 0..50 {
            members.push(shopper(&db.conn, n, lamp, 1 + n as i64 % 2).await);
        }
        let writers = writers(&db.conn, &db.another_pool().await);
        let mut tasks = Vec::new();
        for (n, member) in members.into_iter().enumerate() {
            let (conn, writer) = writers[n % writers.len()].clone();
            let units = 1 + n as i64 % 2;
            // Under the free-shipping threshold: the ¥10 fee is added.
            let total = PRICE * units + 1_000;
            tasks.push(tokio::spawn(async move {
                place_from_cart(&conn, &writer, checkout(member, "k", total)).await
            }));
        }
        for task in tasks {
            match task.await.unwrap() {
                Ok(Placed::New { .. }) => {}
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(
            stock(&db.conn, lamp).await,
            100 - 75,
            "{label}: 25 buyers of one lamp, 25 of two"
        );
    }
}

/// Checkouts written together each take their own stock: an order that
/// cannot have one of its lines takes none of them, and the others stand.
#[tokio::test]
async fn an_order_short_of_one_line_takes_none_of_its_lines() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 100).await;
        let bulb = bulb(&db.conn, 3).await;
        let mut members = Vec::new();
        for n in 0..12 {
            let member = shopper(&db.conn, n, lamp, 1).await;
            refill_cart(&db.conn, member, bulb, 1).await;
            members.push(member);
        }
        let writer = Arc::new(OrderWriter::batched(&db.conn));
        let mut tasks = Vec::new();
        for &member in &members {
            let (conn, writer) = (db.conn.clone(), Arc::clone(&writer));
            tasks.push(tokio::spawn(async move {
                let page = checkout(member, "k", 2 * PRICE + 1_000);
                (member, place_from_cart(&conn, &writer, page).await)
            }));
        }
        let (mut placed, mut refused) = (Vec::new(), Vec::new());
        for task in tasks {
            match task.await.unwrap() {
                (member, Ok(Placed::New { order_no, .. })) => placed.push((member, order_no)),
                (member, Err(PlaceError::OnlyLeft { .. })) => refused.push(member),
                (_, other) => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!((placed.len(), refused.len()), (3, 9), "{label}: 3 bulbs");
        assert_eq!(stock(&db.conn, bulb).await, 0, "{label}");
        assert_eq!(
            stock(&db.conn, lamp).await,
            97,
            "{label}: refused orders gave their lamps back"
        );
        for (member, order_no) in &placed {
            let order = OrderRepo(&db.conn)
                .find_own(*member, order_no)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(order.total, 2 * PRICE + 1_000, "{label}");
            let (_, left) = CartRepo(&db.conn)
                .lines_of(&CartOwner::Member(*member))
                .await
                .unwrap();
            assert!(left.is_empty(), "{label}: ordered lines leave the cart");
        }
        for member in refused {
            let (_, kept) = CartRepo(&db.conn)
                .lines_of(&CartOwner::Member(member))
                .await
                .unwrap();
            assert_eq!(kept.len(), 2, "{label}: a refused order's cart is kept");
        }
    }
}

#[tokio::test]
async fn one_checkout_page_places_one_order_however_often_it_is_sent() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 50).await;
        let member = shopper(&db.conn, 0, lamp, 2).await;
        let writers = writers(&db.conn, &db.another_pool().await);
        let mut tasks = Vec::new();
        for n in 0..20 {
            let (conn, writer) = writers[n % writers.len()].clone();
            tasks.push(tokio::spawn(async move {
                let page = checkout(member, "page-1", 2 * PRICE + 1_000);
                place_from_cart(&conn, &writer, page).await
            }));
        }
        let mut numbers = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Ok(placed) => numbers.push(placed.order_no().to_owned()),
                other => panic!("{label}: {other:?}"),
            }
        }
        numbers.dedup();
        assert_eq!(numbers.len(), 1, "{label}: every answer names one order");
        assert_eq!(stock(&db.conn, lamp).await, 48, "{label}: taken once");
        let order = OrderRepo(&db.conn)
            .find_own(member, &numbers[0])
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (order.items_total, order.shipping_fee, order.total),
            (4_000, 1_000, 5_000),
            "{label}"
        );
        let cart = CartRepo(&db.conn)
            .find(&CartOwner::Member(member))
            .await
            .unwrap()
            .unwrap();
        assert!(
            CartRepo(&db.conn).lines(cart).await.unwrap().is_empty(),
            "{label}: ordered lines leave the cart"
        );
        // Another member cannot see it by its number.
        let stranger = shopper(&db.conn, 1, lamp, 1).await;
        assert!(
            OrderRepo(&db.conn)
                .find_own(stranger, &numbers[0])
                .await
                .unwrap()
                .is_none(),
            "{label}"
        );
    }
}

/// Express and standard checkouts written together each keep their own
/// delivery: express at its fee even above the free-shipping threshold.
#[tokio::test]
async fn each_order_ships_by_the_method_its_checkout_chose() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 100).await;
        let writers = writers(&db.conn, &db.another_pool().await);
        let mut tasks = Vec::new();
        for n in 0..6 {
            // Five lamps, ¥100: standard delivery is free from ¥99.
            let member = shopper(&db.conn, n, lamp, 5).await;
            let (conn, writer) = writers[n % writers.len()].clone();
            let express = n % 2 == 0;
            tasks.push(tokio::spawn(async move {
                let fee = if express { 2_000 } else { 0 };
                let chosen = Checkout {
                    shipping: if express { EXPRESS } else { STANDARD },
                    ..checkout(member, "k", 5 * PRICE + fee)
                };
                let placed = place_from_cart(&conn, &writer, chosen).await;
                (member, express, placed)
            }));
        }
        for task in tasks {
            let (member, express, placed) = task.await.unwrap();
            let placed = placed.unwrap_or_else(|err| panic!("{label}: {err:?}"));
            let order = OrderRepo(&db.conn)
                .find_own(member, placed.order_no())
                .await
                .unwrap()
                .unwrap();
            let expected = if express {
                ("express", 2_000)
            } else {
                ("standard", 0)
            };
            assert_eq!(
                (order.shipping_method.as_str(), order.shipping_fee),
                expected,
                "{label}"
            );
            assert_eq!(order.total, 5 * PRICE + expected.1, "{label}");
        }
    }
}

#[tokio::test]
async fn two_tabs_of_one_cart_order_its_lines_once() {
    use app::orders::entity::order;
    use sea_orm::PaginatorTrait;

    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 50).await;
        let member = shopper(&db.conn, 0, lamp, 2).await;
        let writers = writers(&db.conn, &db.another_pool().await);
        let (_, lines) = CartRepo(&db.conn)
            .lines_of(&CartOwner::Member(member))
            .await
            .unwrap();
        let shown: Arc<Vec<i64>> = Arc::new(lines.iter().filter_map(|l| l.line_id).collect());
        // Each tab loaded the checkout page itself, so each has a key.
        let mut tasks = Vec::new();
        for n in 0..20 {
            let (conn, writer) = writers[n % writers.len()].clone();
            let shown = shown.clone();
            tasks.push(tokio::spawn(async move {
                let key = format!("tab-{n}");
                let tab = Checkout {
                    shown_lines: &shown,
                    ..checkout(member, &key, 2 * PRICE + 1_000)
                };
                place_from_cart(&conn, &writer, tab).await
            }));
        }
        let mut placed = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(Placed::New { .. }) => placed += 1,
                // Beaten to the lines, or too late to find them in the
                // cart: either way the tab is told where they went.
                Err(PlaceError::AlreadyOrdered) => {}
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(placed, 1, "{label}: one tab's order is placed");
        let orders = order::Entity::find()
            .filter(order::Column::MemberId.eq(member))
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(orders, 1, "{label}: and no other is written");
        assert_eq!(stock(&db.conn, lamp).await, 48, "{label}: taken once");
    }
}

/// A checkout key is for one request: sent again with other parameters
/// (another cart, another address) it is refused, as SPEC.md's
/// idempotency rule says, and the cart is left as it was; sent again as
/// it was, it answers with its order.
#[tokio::test]
async fn a_key_sent_again_with_other_parameters_is_refused_and_changes_nothing() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 50).await;
        let bulb = bulb(&db.conn, 50).await;
        let member = shopper(&db.conn, 0, lamp, 2).await;
        let writer = OrderWriter::Alone;
        let first = place_from_cart(&db.conn, &writer, checkout(member, "k", 2 * PRICE + 1_000))
            .await
            .unwrap();
        let order_no = first.order_no().to_owned();
        let repeat = place_from_cart(&db.conn, &writer, checkout(member, "k", 2 * PRICE + 1_000))
            .await
            .unwrap();
        assert_eq!(repeat, Placed::Existing(order_no.clone()), "{label}");

        // Another address under the same key.
        let mut elsewhere = checkout(member, "k", 2 * PRICE + 1_000);
        elsewhere.ship_to.address = "2 Other Road".into();
        match place_from_cart(&db.conn, &writer, elsewhere).await {
            Err(PlaceError::KeyReused(no)) => assert_eq!(no, order_no, "{label}"),
            other => panic!("{label}: {other:?}"),
        }

        // A bulb put in the cart since, ordered under the first key.
        refill_cart(&db.conn, member, bulb, 1).await;
        let bulb_stock = stock(&db.conn, bulb).await;
        match place_from_cart(&db.conn, &writer, checkout(member, "k", PRICE + 1_000)).await {
            Err(PlaceError::KeyReused(no)) => assert_eq!(no, order_no, "{label}"),
            other => panic!("{label}: {other:?}"),
        }
        assert_eq!(
            stock(&db.conn, bulb).await,
            bulb_stock,
            "{label}: nothing taken"
        );
        let cart = CartRepo(&db.conn)
            .find(&CartOwner::Member(member))
            .await
            .unwrap()
            .unwrap();
        let left: Vec<i64> = CartRepo(&db.conn)
            .lines(cart)
            .await
            .unwrap()
            .iter()
            .map(|line| line.sku_id)
            .collect();
        assert_eq!(left, [bulb], "{label}: the bulb is still in the cart");
    }
}

#[tokio::test]
async fn a_changed_total_is_refused_and_nothing_is_written() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 5).await;
        let member = shopper(&db.conn, 0, lamp, 5).await;
        // The page showed ¥99 for five lamps (free shipping); they cost ¥100.
        let refused =
            place_from_cart(&db.conn, &OrderWriter::Alone, checkout(member, "k", 9_900)).await;
        match refused {
            Err(PlaceError::PriceChanged(now)) => {
                assert_eq!((now.items, now.shipping, now.total), (10_000, 0, 10_000));
            }
            other => panic!("{label}: {other:?}"),
        }
        assert_eq!(stock(&db.conn, lamp).await, 5, "{label}");
        assert!(
            OrderRepo(&db.conn)
                .by_key(member, "k")
                .await
                .unwrap()
                .is_none(),
            "{label}"
        );
    }
}

#[tokio::test]
async fn racing_cancellations_return_the_stock_once() {
    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 5).await;
        let member = shopper(&db.conn, 0, lamp, 2).await;
        let Ok(Placed::New {
            order_no: number, ..
        }) = place_from_cart(
            &db.conn,
            &OrderWriter::Alone,
            checkout(member, "k", 2 * PRICE + 1_000),
        )
        .await
        else {
            panic!("{label}: the order is placed");
        };
        assert_eq!(stock(&db.conn, lamp).await, 3, "{label}");
        let order_id = OrderRepo(&db.conn)
            .find_own(member, &number)
            .await
            .unwrap()
            .unwrap()
            .id;

        // The member's click and sweepers on two servers, all at once.
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..8 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            tasks.push(tokio::spawn(async move {
                let tx = app::db::begin_write(&conn).await?;
                let moved = OrderRepo(&tx)
                    .transition(
                        order_id,
                        OrderEvent::Cancel,
                        "system",
                        "not paid in time",
                        Utc::now(),
                    )
                    .await;
                tx.commit().await?;
                moved
            }));
        }
        let mut cancelled = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(OrderStatus::Cancelled) => cancelled += 1,
                Err(TransitionError::Illegal(_)) => {}
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(cancelled, 1, "{label}");
        assert_eq!(stock(&db.conn, lamp).await, 5, "{label}: returned once");
        let timeline: Vec<String> = OrderRepo(&db.conn)
            .timeline(order_id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.to_status)
            .collect();
        assert_eq!(timeline, ["pending_payment", "cancelled"], "{label}");

        // A cancelled order can no longer be paid.
        let late = OrderRepo(&db.conn)
            .transition(order_id, OrderEvent::Pay, "system", "", Utc::now())
            .await;
        assert!(matches!(late, Err(TransitionError::Illegal(_))), "{label}");
    }
}

#[tokio::test]
async fn two_sweepers_cancel_each_overdue_order_once() {
    use app::orders::entity::order;
    use sea_orm::sea_query::Expr;

    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 20).await;
        let mut placed = Vec::new();
        for n in 0..6 {
            let member = shopper(&db.conn, n, lamp, 2).await;
            let Ok(Placed::New { order_no: no, .. }) = place_from_cart(
                &db.conn,
                &OrderWriter::Alone,
                checkout(member, "k", 2 * PRICE + 1_000),
            )
            .await
            else {
                panic!("{label}: placed");
            };
            placed.push((member, no));
        }
        // A seventh is still within its time to pay.
        let patient = shopper(&db.conn, 6, lamp, 1).await;
        place_from_cart(
            &db.conn,
            &OrderWriter::Alone,
            checkout(patient, "k", PRICE + 1_000),
        )
        .await
        .unwrap();
        assert_eq!(stock(&db.conn, lamp).await, 7, "{label}");
        order::Entity::update_many()
            .col_expr(
                order::Column::PayBy,
                Expr::value(Utc::now() - Duration::minutes(1)),
            )
            .filter(order::Column::MemberId.ne(patient))
            .exec(&db.conn)
            .await
            .unwrap();

        let other = db.another_pool().await;
        let now = Utc::now();
        let (a, b) = tokio::join!(
            app::orders::sweeper::cancel_overdue(&db.conn, now),
            app::orders::sweeper::cancel_overdue(&other, now),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 6, "{label}: each once");
        assert_eq!(
            stock(&db.conn, lamp).await,
            19,
            "{label}: 12 back, 1 still held"
        );
        for (member, no) in placed {
            let repo = OrderRepo(&db.conn);
            let order = repo.find_own(member, &no).await.unwrap().unwrap();
            assert_eq!(order.status, "cancelled", "{label}");
            assert_eq!(repo.timeline(order.id).await.unwrap().len(), 2, "{label}");
        }
    }
}

#[tokio::test]
async fn the_order_list_tabs_show_their_statuses_only() {
    use app::orders::tabs::OrderTab;

    for db in test_databases().await {
        let label = db.label();
        let lamp = lamp(&db.conn, 10).await;
        let member = shopper(&db.conn, 0, lamp, 1).await;
        place_from_cart(
            &db.conn,
            &OrderWriter::Alone,
            checkout(member, "first", PRICE + 1_000),
        )
        .await
        .unwrap();
        refill_cart(&db.conn, member, lamp, 1).await;
        let Placed::New {
            order_no: second, ..
        } = place_from_cart(
            &db.conn,
            &OrderWriter::Alone,
            checkout(member, "second", PRICE + 1_000),
        )
        .await
        .unwrap()
        else {
            panic!("{label}: a second order");
        };
        let repo = OrderRepo(&db.conn);
        let order = repo.find_own(member, &second).await.unwrap().unwrap();
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&tx)
            .transition(order.id, OrderEvent::Cancel, "member", "", Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let count = |tab: OrderTab| {
            let repo = OrderRepo(&db.conn);
            async move {
                repo.list_own(member, tab.statuses(), 0, 20)
                    .await
                    .unwrap()
                    .len()
            }
        };
        assert_eq!(count(OrderTab::All).await, 2, "{label}");
        assert_eq!(count(OrderTab::ToPay).await, 1, "{label}");
        assert_eq!(count(OrderTab::Cancelled).await, 1, "{label}");
        assert_eq!(count(OrderTab::Completed).await, 0, "{label}");
    }
}
