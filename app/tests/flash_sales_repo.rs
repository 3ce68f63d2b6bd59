//! Flash sales against real databases: many members racing for few units
//! on several app servers, batching and not, sell exactly the flash stock
//! with no member over the limit; unpaid orders give their unit back; an
//! ended session returns what did not sell.

use crate::support;

use std::sync::Arc;

use app::flash_sales::board::FlashBoard;
use app::flash_sales::buy::{BuyError, FlashBuyer};
use app::flash_sales::edit::EditError;
use app::flash_sales::entity::{flash_item, flash_session};
use app::flash_sales::model::{NewItem, NewSession, Refusal};
use app::flash_sales::repo::{FlashRepo, SetupError, settle_ended_sessions};
use app::members::model::{DisplayName, Email};
use app::members::repo::MemberRepo;
use app::orders::entity::{order, order_event, order_item};
use app::orders::repo::OrderRepo;
use app::orders::status::OrderEvent;
use app::orders::sweeper::cancel_overdue;
use app::outbox::repo::OutboxRepo;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use support::flash::{TERMS, item, item_of, running_sale, units_by_member};
use support::shop::{PRICE, SHIPPING, lamp, member, stock};
use support::test_databases;

/// Two app servers batching and a third not, as a cluster would have.
async fn buyers(db: &support::TestDb) -> Vec<Arc<FlashBuyer>> {
    let mut buyers = Vec::new();
    for (pool, batching) in [
        (db.conn.clone(), true),
        (db.another_pool().await, true),
        (db.another_pool().await, false),
    ] {
        buyers.push(FlashBuyer::new(
            pool.clone(),
            FlashBoard::new(pool),
            batching,
        ));
    }
    buyers
}

#[tokio::test]
async fn five_hundred_attempts_by_two_hundred_members_sell_exactly_fifty() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 80).await;
        let item_id = running_sale(&db.conn, sku, 50, 1).await;
        assert_eq!(
            stock(&db.conn, sku).await,
            30,
            "{label}: flash stock set aside"
        );
        let mut members = Vec::new();
        for n in 0..200 {
            members.push(member(&db.conn, n).await);
        }
        let buyers = buyers(&db).await;
        let mut tasks = Vec::new();
        for attempt in 0..500 {
            let buyer = Arc::clone(&buyers[attempt % buyers.len()]);
            let member_id = members[attempt % members.len()];
            tasks.push(tokio::spawn(async move {
                buyer.buy(item_id, member_id, TERMS, Utc::now()).await
            }));
        }
        let (mut sold, mut sold_out, mut limited) = (0, 0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => sold += 1,
                Err(BuyError::Refused(Refusal::SoldOut)) => sold_out += 1,
                Err(BuyError::Refused(Refusal::LimitReached)) => limited += 1,
                Err(other) => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(sold, 50, "{label}: exactly the flash stock");
        assert_eq!(sold + sold_out + limited, 500, "{label}: everyone answered");
        assert_eq!(item(&db.conn, item_id).await.sold, 50, "{label}");
        let holdings = units_by_member(&db.conn, item_id).await;
        assert_eq!(holdings.len(), 50, "{label}: fifty orders, fifty members");
        assert!(
            holdings.iter().all(|(_, units)| *units == 1),
            "{label}: nobody above the limit: {holdings:?}"
        );
        let order = order::Entity::find()
            .filter(order::Column::MemberId.eq(holdings[0].0))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (order.items_total, order.shipping_fee, order.total),
            (PRICE / 2, SHIPPING.fee, PRICE / 2 + SHIPPING.fee),
            "{label}: a pending order at the flash price"
        );
        assert_eq!(
            stock(&db.conn, sku).await,
            30,
            "{label}: the SKU's own stock untouched"
        );
    }
}

#[tokio::test]
async fn a_member_limit_of_two_holds_under_a_burst_from_one_member() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 100).await;
        let item_id = running_sale(&db.conn, sku, 100, 2).await;
        let greedy = member(&db.conn, 0).await;
        let buyers = buyers(&db).await;
        let mut tasks = Vec::new();
        for attempt in 0..30 {
            let buyer = Arc::clone(&buyers[attempt % buyers.len()]);
            tasks.push(tokio::spawn(async move {
                buyer.buy(item_id, greedy, TERMS, Utc::now()).await
            }));
        }
        let mut sold = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => sold += 1,
                Err(BuyError::Refused(Refusal::LimitReached)) => {}
                Err(other) => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!(sold, 2, "{label}: two, the limit");
        assert_eq!(
            item(&db.conn, item_id).await.sold,
            2,
            "{label}: refused units went back"
        );
    }
}

#[tokio::test]
async fn an_unpaid_flash_order_times_out_and_its_unit_can_be_bought_again() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let item_id = running_sale(&db.conn, sku, 1, 1).await;
        let (first, second) = (member(&db.conn, 0).await, member(&db.conn, 1).await);
        let buyer = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        let order_no = buyer.buy(item_id, first, TERMS, Utc::now()).await.unwrap();
        assert!(
            matches!(
                buyer.buy(item_id, second, TERMS, Utc::now()).await,
                Err(BuyError::Refused(Refusal::SoldOut))
            ),
            "{label}: the one unit is taken"
        );

        let later = Utc::now() + Duration::minutes(11);
        assert_eq!(cancel_overdue(&db.conn, later).await.unwrap(), 1, "{label}");
        let cancelled = OrderRepo(&db.conn)
            .find_own(first, &order_no)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cancelled.status, "cancelled", "{label}");
        assert_eq!(
            item(&db.conn, item_id).await.sold,
            0,
            "{label}: back to the sale"
        );
        assert_eq!(stock(&db.conn, sku).await, 9, "{label}: not to the SKU");

        // The board learns of the returned unit on its next read.
        buyer.board().refresh(Utc::now()).await.unwrap();
        buyer
            .buy(item_id, second, TERMS, Utc::now())
            .await
            .expect("the returned unit sells again");
        // And the first member, whose order was cancelled, may buy again.
        assert_eq!(
            FlashRepo(&db.conn).bought(item_id, first).await.unwrap(),
            0,
            "{label}"
        );
    }
}

#[tokio::test]
async fn an_ended_session_gives_unsold_units_back_once() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 20).await;
        let item_id = running_sale(&db.conn, sku, 10, 1).await;
        let buyer_id = member(&db.conn, 0).await;
        let buyer = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        let order_no = buyer
            .buy(item_id, buyer_id, TERMS, Utc::now())
            .await
            .unwrap();
        assert_eq!(stock(&db.conn, sku).await, 10, "{label}");

        let session = item(&db.conn, item_id).await.session_id;
        let now = Utc::now();
        assert!(FlashRepo(&db.conn).end_now(session, now).await.unwrap());
        let later = now + Duration::seconds(1);
        let (a, b) = tokio::join!(
            settle_ended_sessions(&db.conn, later),
            settle_ended_sessions(&db.conn, later),
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{label}: settled once");
        assert_eq!(
            stock(&db.conn, sku).await,
            19,
            "{label}: nine unsold units back"
        );
        assert!(
            matches!(
                buyer.buy(item_id, buyer_id, TERMS, later).await,
                Err(BuyError::Refused(Refusal::Ended))
            ),
            "{label}: no sales after the end"
        );

        // Cancelled after the settlement: the unit goes to the SKU.
        let order = OrderRepo(&db.conn)
            .find_own(buyer_id, &order_no)
            .await
            .unwrap()
            .unwrap();
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&*tx)
            .transition(order.id, OrderEvent::Cancel, "member", "", later)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(stock(&db.conn, sku).await, 20, "{label}: every unit home");
    }
}

#[tokio::test]
async fn a_session_needs_the_stock_it_sets_aside() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 5).await;
        let now = Utc::now();
        let session = NewSession {
            title: "Too big".into(),
            starts_at: now.timestamp_millis(),
            ends_at: (now + Duration::hours(1)).timestamp_millis(),
            items: vec![NewItem {
                sku_id: sku,
                flash_price: PRICE / 2,
                stock: 6,
                per_member_limit: 1,
            }],
        };
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        let refused = FlashRepo(&*tx).create_session(&session, now).await;
        drop(tx);
        assert!(
            matches!(refused, Err(SetupError::NotEnoughStock { left: 5, .. })),
            "{label}: {refused:?}"
        );
        assert_eq!(stock(&db.conn, sku).await, 5, "{label}: nothing taken");
        let sessions = app::flash_sales::entity::flash_session::Entity::find()
            .count(&db.conn)
            .await
            .unwrap();
        assert_eq!(sessions, 0, "{label}: nothing written");
    }
}

#[tokio::test]
async fn a_buyer_refused_in_a_batch_leaves_the_unit_to_the_next() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 100).await;
        let (greedy, patient) = (member(&db.conn, 0).await, member(&db.conn, 1).await);
        let buyer = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        for round in 0..10 {
            // Two units, limit one: the greedy member takes the first, then
            // asks again beside the patient one, often in the same batch.
            let item_id = running_sale(&db.conn, sku, 2, 1).await;
            buyer.board().refresh(Utc::now()).await.unwrap();
            buyer.buy(item_id, greedy, TERMS, Utc::now()).await.unwrap();
            let (again, other) = tokio::join!(
                buyer.buy(item_id, greedy, TERMS, Utc::now()),
                buyer.buy(item_id, patient, TERMS, Utc::now()),
            );
            assert!(
                matches!(again, Err(BuyError::Refused(Refusal::LimitReached))),
                "{label}, round {round}: {again:?}"
            );
            assert!(
                other.is_ok(),
                "{label}, round {round}: the last unit is the patient one's: {other:?}"
            );
            assert_eq!(item(&db.conn, item_id).await.sold, 2, "{label}");
        }
    }
}

#[tokio::test]
async fn a_batch_writes_every_buyer_their_own_order_line_step_and_event() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 100).await;
        let item_id = running_sale(&db.conn, sku, 20, 1).await;
        let mut members: Vec<(i64, bool)> = Vec::new();
        for n in 0..16 {
            members.push((member(&db.conn, n).await, true));
        }
        for n in 0..2 {
            let email = Email::parse(&format!("homeless{n}@shop.test")).unwrap();
            let name = DisplayName::parse("H").unwrap();
            let id = MemberRepo(&db.conn)
                .create(&email, &name, "hash")
                .await
                .unwrap();
            members.push((id, false));
        }
        let buyer = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        let tasks: Vec<_> = members
            .iter()
            .map(|&(member_id, _)| {
                let buyer = Arc::clone(&buyer);
                tokio::spawn(async move { buyer.buy(item_id, member_id, TERMS, Utc::now()).await })
            })
            .collect();
        let mut numbers = Vec::new();
        for (task, &(member_id, has_address)) in tasks.into_iter().zip(&members) {
            match (task.await.unwrap(), has_address) {
                (Ok(order_no), true) => numbers.push((member_id, order_no)),
                (Err(BuyError::Refused(Refusal::NoAddress)), false) => {}
                (answer, _) => panic!("{label}: member {member_id}: {answer:?}"),
            }
        }
        assert_eq!(
            numbers.len(),
            16,
            "{label}: every member with an address bought"
        );
        assert_eq!(
            item(&db.conn, item_id).await.sold,
            16,
            "{label}: the units of members without an address went back"
        );
        for (member_id, order_no) in &numbers {
            let order = order::Entity::find()
                .filter(order::Column::OrderNo.eq(order_no))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{label}: order {order_no} missing"));
            assert_eq!(
                order.member_id, *member_id,
                "{label}: the buyer's own order"
            );
            let lines = order_item::Entity::find()
                .filter(order_item::Column::OrderId.eq(order.id))
                .all(&db.conn)
                .await
                .unwrap();
            assert_eq!(lines.len(), 1, "{label}: {order_no} has one line");
            assert_eq!(
                (lines[0].flash_item_id, lines[0].unit_price),
                (Some(item_id), PRICE / 2),
                "{label}: the line is the flash unit"
            );
            let steps = order_event::Entity::find()
                .filter(order_event::Column::OrderId.eq(order.id))
                .all(&db.conn)
                .await
                .unwrap();
            assert_eq!(steps.len(), 1, "{label}: {order_no} has one step");
            assert_eq!(steps[0].actor, format!("member:{member_id}"), "{label}");
            let events = OutboxRepo(&db.conn).about(order_no).await.unwrap();
            assert_eq!(events.len(), 1, "{label}: {order_no} has one event");
            assert_eq!(events[0].topic, "order.created", "{label}");
        }
    }
}

/// The session as staff would resubmit it, with the item's fields changed.
fn resubmitted(
    session: &flash_session::Model,
    item: &flash_item::Model,
    flash_price: i64,
    stock: i32,
    limit: i32,
) -> NewSession {
    NewSession {
        title: session.title.clone(),
        starts_at: session.starts_at.timestamp_millis(),
        ends_at: session.ends_at.timestamp_millis(),
        items: vec![NewItem {
            sku_id: item.sku_id,
            flash_price,
            stock,
            per_member_limit: limit,
        }],
    }
}

async fn edit(
    db: &DatabaseConnection,
    session_id: i64,
    wanted: &NewSession,
) -> Result<bool, SetupError> {
    let tx = app::db::begin_write(db).await.unwrap();
    let edited = FlashRepo(&*tx)
        .edit_session(session_id, wanted, Utc::now())
        .await;
    if edited.is_ok() {
        tx.commit().await.unwrap();
    }
    edited
}

#[tokio::test]
async fn a_running_session_grows_and_shrinks_its_stock_but_keeps_its_price() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 40).await;
        let item_id = running_sale(&db.conn, sku, 10, 1).await;
        let buyer = FlashBuyer::new(db.conn.clone(), FlashBoard::new(db.conn.clone()), true);
        for n in 0..4 {
            let member_id = member(&db.conn, n).await;
            buyer
                .buy(item_id, member_id, TERMS, Utc::now())
                .await
                .unwrap();
        }
        let row = item(&db.conn, item_id).await;
        let session = flash_session::Entity::find_by_id(row.session_id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();

        let grown = resubmitted(&session, &row, row.flash_price, 25, 2);
        assert!(edit(&db.conn, session.id, &grown).await.unwrap(), "{label}");
        assert_eq!(item(&db.conn, item_id).await.stock, 25, "{label}");
        assert_eq!(stock(&db.conn, sku).await, 15, "{label}: 15 more set aside");

        let below_sold = resubmitted(&session, &row, row.flash_price, 3, 2);
        assert!(
            matches!(
                edit(&db.conn, session.id, &below_sold).await,
                Err(SetupError::Edit(EditError::BelowSold { sold: 4, .. }))
            ),
            "{label}"
        );
        let repriced = resubmitted(&session, &row, row.flash_price - 1, 25, 2);
        assert!(
            matches!(
                edit(&db.conn, session.id, &repriced).await,
                Err(SetupError::Edit(EditError::Started))
            ),
            "{label}"
        );
        let shrunk = resubmitted(&session, &row, row.flash_price, 4, 2);
        edit(&db.conn, session.id, &shrunk).await.unwrap();
        let row = item(&db.conn, item_id).await;
        assert_eq!((row.stock, row.sold), (4, 4), "{label}");
        assert_eq!(
            stock(&db.conn, sku).await,
            36,
            "{label}: the rest back on the SKU"
        );

        // The board learns it is sold out on its next read.
        buyer.board().refresh(Utc::now()).await.unwrap();
        let late = member(&db.conn, 9).await;
        assert!(
            matches!(
                buyer.buy(item_id, late, TERMS, Utc::now()).await,
                Err(BuyError::Refused(Refusal::SoldOut))
            ),
            "{label}"
        );
    }
}

#[tokio::test]
async fn shrinking_a_session_while_members_buy_never_sells_more_than_its_stock() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 60).await;
        let item_id = running_sale(&db.conn, sku, 30, 1).await;
        let row = item(&db.conn, item_id).await;
        let session = flash_session::Entity::find_by_id(row.session_id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let mut members = Vec::new();
        for n in 0..40 {
            members.push(member(&db.conn, n).await);
        }
        let buyers = buyers(&db).await;
        let mut tasks = Vec::new();
        for (n, member_id) in members.into_iter().enumerate() {
            let buyer = Arc::clone(&buyers[n % buyers.len()]);
            tasks.push(tokio::spawn(async move {
                buyer
                    .buy(item_id, member_id, TERMS, Utc::now())
                    .await
                    .is_ok()
            }));
        }
        // Staff cut the sale to 12 units while the buyers race; refused if
        // more than 12 are sold by then.
        let cut = resubmitted(&session, &row, row.flash_price, 12, 1);
        let shrunk = edit(&db.conn, session.id, &cut).await;
        let mut sold = 0;
        for task in tasks {
            sold += i32::from(task.await.unwrap());
        }
        let after = item(&db.conn, item_id).await;
        assert_eq!(after.sold, sold, "{label}");
        assert!(after.sold <= after.stock, "{label}: {after:?}");
        match shrunk {
            Ok(_) => assert_eq!(after.stock, 12, "{label}"),
            Err(SetupError::Edit(EditError::BelowSold { .. })) => {
                assert_eq!(after.stock, 30, "{label}")
            }
            Err(other) => panic!("{label}: {other:?}"),
        }
        assert_eq!(
            stock(&db.conn, sku).await + i64::from(after.stock),
            60,
            "{label}: every unit is on the SKU or in the sale"
        );
    }
}

#[tokio::test]
async fn an_upcoming_session_can_be_repriced_and_moved() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 20).await;
        let now = Utc::now();
        let session = NewSession {
            title: "Tomorrow".into(),
            starts_at: (now + Duration::hours(1)).timestamp_millis(),
            ends_at: (now + Duration::hours(2)).timestamp_millis(),
            items: vec![NewItem {
                sku_id: sku,
                flash_price: PRICE / 2,
                stock: 5,
                per_member_limit: 1,
            }],
        };
        let tx = app::db::begin_write(&db.conn).await.unwrap();
        let session_id = FlashRepo(&*tx).create_session(&session, now).await.unwrap();
        tx.commit().await.unwrap();
        let moved = NewSession {
            title: "Tonight".into(),
            starts_at: (now + Duration::hours(3)).timestamp_millis(),
            ends_at: (now + Duration::hours(4)).timestamp_millis(),
            items: vec![NewItem {
                flash_price: PRICE / 4,
                per_member_limit: 2,
                ..session.items[0].clone()
            }],
        };
        assert!(edit(&db.conn, session_id, &moved).await.unwrap(), "{label}");
        let row = item_of(&db.conn, session_id).await;
        assert_eq!(
            (row.flash_price, row.per_member_limit, row.stock),
            (PRICE / 4, 2, 5),
            "{label}"
        );
        let saved = flash_session::Entity::find_by_id(session_id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.title, "Tonight", "{label}");
        assert_eq!(
            saved.starts_at.timestamp_millis(),
            moved.starts_at,
            "{label}"
        );

        let not_cheaper = NewSession {
            items: vec![NewItem {
                flash_price: PRICE,
                ..moved.items[0].clone()
            }],
            ..moved.clone()
        };
        assert!(
            matches!(
                edit(&db.conn, session_id, &not_cheaper).await,
                Err(SetupError::NotCheaper(_))
            ),
            "{label}"
        );
        assert!(
            !edit(&db.conn, session_id + 1000, &moved).await.unwrap(),
            "{label}: no such session"
        );
    }
}
