//! Coupons and offers at checkout, on every database: the coupon chosen is
//! used once even when checkouts race, its saving is split over the order
//! lines, an unusable one is refused with its reason and changes nothing,
//! and cancelling an unpaid order gives the coupon back.

use crate::support;

use app::orders::checkout::{OrderWriter, place_from_cart};
use app::orders::entity::{order, order_item};
use app::orders::repo::{OrderRepo, PlaceError, Placed};
use app::orders::status::OrderEvent;
use app::promotions::entity::member_coupon;
use app::promotions::offer_repo::{NewOffer, OfferRepo};
use app::promotions::quote::{Choice, QuoteError, Unusable};
use app::promotions::repo::{CouponRepo, NewTemplate, Validity};
use app::promotions::rules::{Benefit, CouponTerms, Scope, Tier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use support::shop::{PRICE, SHIPPING, checkout, lamp, shopper, writers};
use support::test_databases;

/// A coupon of ¥5 off with no minimum, usable `valid` from now, given to
/// the member; the coupon's id and its template's.
async fn coupon_for(db: &DatabaseConnection, member: i64, validity: Validity) -> (i64, i64) {
    let now = Utc::now();
    let template = CouponRepo(db)
        .create_template(
            NewTemplate {
                name: "¥5 off",
                terms: CouponTerms {
                    threshold: 0,
                    benefit: Benefit::AmountOff(500),
                    scope: Scope::All,
                },
                claim_from: now - Duration::days(10),
                claim_until: now + Duration::days(1),
                validity,
                total_quantity: 100,
                per_member_limit: 1,
                new_members_only: false,
            },
            now,
        )
        .await
        .unwrap();
    let coupon = CouponRepo(db).issue(template, member, now).await.unwrap();
    (coupon.id, template)
}

async fn coupon(db: &DatabaseConnection, id: i64) -> member_coupon::Model {
    member_coupon::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

async fn used_count(db: &DatabaseConnection, template: i64) -> i32 {
    CouponRepo(db)
        .template(template)
        .await
        .unwrap()
        .unwrap()
        .used
}

/// The member's order that `placed` names.
async fn order_of(db: &DatabaseConnection, member: i64, placed: &Placed) -> order::Model {
    OrderRepo(db)
        .find_own(member, placed.order_no())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn one_coupon_used_by_racing_checkouts_makes_one_order_with_the_discount() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 1_000).await;
        let member = shopper(&db.conn, 0, sku, 1).await;
        let (coupon_id, template) = coupon_for(&db.conn, member, Validity::DaysFromClaim(7)).await;
        let writers = writers(&db.conn, &db.another_pool().await);
        // ¥20 lamp + ¥10 shipping before the coupon.
        let before = PRICE + SHIPPING.fee;
        let mut tasks = Vec::new();
        for at in 0..10 {
            let (conn, writer) = writers[at % writers.len()].clone();
            tasks.push(tokio::spawn(async move {
                let key = format!("tab-{at}");
                let mut with_coupon = checkout(member, &key, before);
                with_coupon.coupon = Choice::Coupon(coupon_id);
                place_from_cart(&conn, &writer, with_coupon).await
            }));
        }
        let mut placed = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Ok(done) => placed.push(done),
                // Beaten to the coupon, or to the cart's line.
                Err(
                    PlaceError::CouponGone
                    | PlaceError::Empty
                    | PlaceError::AlreadyOrdered
                    | PlaceError::Coupon(QuoteError::UnknownCoupon(_)),
                ) => {}
                Err(other) => panic!("{label}: {other}"),
            }
        }
        assert_eq!(placed.len(), 1, "{label}: one order");
        let order = order_of(&db.conn, member, &placed[0]).await;
        assert_eq!(
            (order.discount_total, order.total, order.coupon_id),
            (500, before - 500, Some(coupon_id)),
            "{label}"
        );
        let used = coupon(&db.conn, coupon_id).await;
        assert_eq!(
            (used.status.as_str(), used.order_id),
            ("used", Some(order.id)),
            "{label}"
        );
        assert_eq!(used_count(&db.conn, template).await, 1, "{label}");

        // Once paid, the order counts in the coupon's revenue.
        let revenue = || async {
            CouponRepo(&db.conn)
                .templates_with_revenue()
                .await
                .unwrap()
                .into_iter()
                .find(|(t, _)| t.id == template)
                .map(|(_, revenue)| revenue)
        };
        assert_eq!(revenue().await, Some(0), "{label}: unpaid");
        OrderRepo(&db.conn)
            .transition(order.id, OrderEvent::Pay, "payment:test", "", Utc::now())
            .await
            .unwrap();
        assert_eq!(revenue().await, Some(order.total), "{label}: paid");
    }
}

#[tokio::test]
async fn an_expired_coupon_is_refused_with_its_reason_and_nothing_is_ordered() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let member = shopper(&db.conn, 0, sku, 1).await;
        let now = Utc::now();
        let (coupon_id, _) = coupon_for(
            &db.conn,
            member,
            Validity::Fixed {
                from: now - Duration::days(9),
                until: now - Duration::days(1),
            },
        )
        .await;
        let mut with_coupon = checkout(member, "expired", PRICE + SHIPPING.fee);
        with_coupon.coupon = Choice::Coupon(coupon_id);
        let refused = place_from_cart(&db.conn, &OrderWriter::Alone, with_coupon).await;
        assert!(
            matches!(
                refused,
                Err(PlaceError::Coupon(QuoteError::Unusable(id, Unusable::Expired))) if id == coupon_id
            ),
            "{label}: {refused:?}"
        );
        let kept = coupon(&db.conn, coupon_id).await;
        assert_eq!(kept.status, "unused", "{label}");
        let orders = OrderRepo(&db.conn)
            .list_own(member, None, 0, 10)
            .await
            .unwrap();
        assert!(orders.is_empty(), "{label}");
    }
}

#[tokio::test]
async fn cancelling_an_unpaid_order_gives_its_coupon_back_once() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        let member = shopper(&db.conn, 0, sku, 1).await;
        let (coupon_id, template) = coupon_for(&db.conn, member, Validity::DaysFromClaim(7)).await;
        let mut with_coupon = checkout(member, "first", PRICE + SHIPPING.fee);
        with_coupon.coupon = Choice::Coupon(coupon_id);
        let placed = place_from_cart(&db.conn, &OrderWriter::Alone, with_coupon)
            .await
            .unwrap();
        let order = order_of(&db.conn, member, &placed).await;

        let tx = app::db::begin_write(&db.conn).await.unwrap();
        OrderRepo(&tx)
            .transition(order.id, OrderEvent::Cancel, "member", "", Utc::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let back = coupon(&db.conn, coupon_id).await;
        assert_eq!(
            (back.status.as_str(), back.order_id, back.used_at),
            ("unused", None, None),
            "{label}"
        );
        assert_eq!(used_count(&db.conn, template).await, 0, "{label}");

        // Usable again, on a new order.
        support::shop::refill_cart(&db.conn, member, sku, 1).await;
        let mut again = checkout(member, "second", PRICE + SHIPPING.fee);
        again.coupon = Choice::Coupon(coupon_id);
        let placed = place_from_cart(&db.conn, &OrderWriter::Alone, again)
            .await
            .unwrap();
        let second = order_of(&db.conn, member, &placed).await;
        assert_eq!(second.coupon_id, Some(coupon_id), "{label}");
        assert_eq!(used_count(&db.conn, template).await, 1, "{label}");
    }
}

#[tokio::test]
async fn an_offer_and_a_coupon_stack_and_their_parts_sum_over_the_lines() {
    for db in test_databases().await {
        let label = db.label();
        let sku = lamp(&db.conn, 10).await;
        // Three lamps: ¥60, free shipping from ¥99 not reached.
        let member = shopper(&db.conn, 0, sku, 3).await;
        let now: DateTime<Utc> = Utc::now();
        OfferRepo(&db.conn)
            .create(
                NewOffer {
                    name: "From ¥50 save ¥7",
                    scope: Scope::All,
                    tiers: vec![Tier {
                        threshold: 5_000,
                        off: 700,
                    }],
                    starts_at: now - Duration::hours(1),
                    ends_at: now + Duration::hours(1),
                },
                now,
            )
            .await
            .unwrap();
        let (coupon_id, _) = coupon_for(&db.conn, member, Validity::DaysFromClaim(7)).await;
        let before = 3 * PRICE + SHIPPING.fee - 700;
        let mut with_coupon = checkout(member, "stack", before);
        with_coupon.coupon = Choice::Coupon(coupon_id);
        let placed = place_from_cart(&db.conn, &OrderWriter::Alone, with_coupon)
            .await
            .unwrap();
        let order = order_of(&db.conn, member, &placed).await;
        assert_eq!(
            (order.discount_total, order.total),
            (1_200, before - 500),
            "{label}"
        );
        let lines = order_item::Entity::find()
            .filter(order_item::Column::OrderId.eq(order.id))
            .all(&db.conn)
            .await
            .unwrap();
        let parts: i64 = lines.iter().map(|l| l.discount).sum();
        assert_eq!(parts, order.discount_total, "{label}");

        // A page that showed no offer is out of date: nothing is placed.
        support::shop::refill_cart(&db.conn, member, sku, 3).await;
        let stale = place_from_cart(
            &db.conn,
            &OrderWriter::Alone,
            checkout(member, "stale", 3 * PRICE + SHIPPING.fee),
        )
        .await;
        assert!(
            matches!(stale, Err(PlaceError::PriceChanged(now)) if now.total == 3 * PRICE + SHIPPING.fee - 700),
            "{label}: {stale:?}"
        );
    }
}

#[tokio::test]
async fn an_edited_offer_runs_with_its_new_tiers_and_days() {
    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let repo = OfferRepo(&db.conn);
        let tier = |threshold, off| Tier { threshold, off };
        let id = repo
            .create(
                NewOffer {
                    name: "Spring",
                    scope: Scope::Products(vec![7]),
                    tiers: vec![tier(29_900, 3_000)],
                    starts_at: now - Duration::hours(1),
                    ends_at: now + Duration::hours(1),
                },
                now,
            )
            .await
            .unwrap();
        let edited = NewOffer {
            name: "Spring, more",
            scope: Scope::All,
            tiers: vec![tier(19_900, 2_000), tier(59_900, 8_000)],
            starts_at: now - Duration::hours(1),
            ends_at: now + Duration::days(1),
        };
        assert!(repo.edit(id, &edited, now).await.unwrap(), "{label}");
        let running = repo.running(now + Duration::hours(2)).await.unwrap();
        assert_eq!(running.len(), 1, "{label}: runs for its new days");
        let (offer, name) = &running[0];
        assert_eq!(name, "Spring, more", "{label}");
        assert_eq!(
            offer.tiers,
            [tier(19_900, 2_000), tier(59_900, 8_000)],
            "{label}"
        );
        assert_eq!(
            offer.scope,
            Scope::Products(vec![7]),
            "{label}: the scope stays"
        );
        assert!(
            !repo.edit(id + 1_000, &edited, now).await.unwrap(),
            "{label}: no such offer"
        );
    }
}

/// Checkout's offers come from memory: one made to start later starts on
/// time from the copy already read, a change made elsewhere shows once
/// the copy is old, and one made on this server at once (it forgets).
#[tokio::test]
async fn offers_kept_in_memory_start_on_time_and_change_when_forgotten() {
    use app::promotions::model::TemplateStatus;
    use app::promotions::offer_cache::OfferCache;

    for db in test_databases().await {
        let label = db.label();
        let now = Utc::now();
        let cache = OfferCache::new(std::time::Duration::from_secs(600));
        let repo = OfferRepo(&db.conn);
        let id = repo
            .create(
                NewOffer {
                    name: "Evening",
                    scope: Scope::All,
                    tiers: vec![Tier {
                        threshold: 10_000,
                        off: 1_000,
                    }],
                    starts_at: now + Duration::hours(1),
                    ends_at: now + Duration::hours(3),
                },
                now,
            )
            .await
            .unwrap();
        let names = |running: app::promotions::offer_cache::RunningOffers| running.names;
        let running = |at| cache.running(&db.conn, at);
        assert!(
            names(running(now).await.unwrap()).is_empty(),
            "{label}: not yet"
        );
        assert_eq!(
            names(running(now + Duration::hours(2)).await.unwrap()),
            ["Evening"],
            "{label}: started on time"
        );
        assert!(
            names(running(now + Duration::hours(4)).await.unwrap()).is_empty(),
            "{label}: ended on time"
        );

        repo.set_status(id, TemplateStatus::Paused, now)
            .await
            .unwrap();
        assert_eq!(
            names(running(now + Duration::hours(2)).await.unwrap()),
            ["Evening"],
            "{label}: paused elsewhere, not seen until the copy is old"
        );
        cache.forget();
        assert!(
            names(running(now + Duration::hours(2)).await.unwrap()).is_empty(),
            "{label}: paused here, seen at once"
        );
    }
}
