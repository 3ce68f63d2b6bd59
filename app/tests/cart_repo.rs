//! Carts on every database: adds racing from several tabs all count and
//! never pass the cap, one cart per owner however the first adds race,
//! lines report today's price and availability, and a guest's cart merges
//! into the member's within stock; guest carts nobody can reach any more
//! are deleted, and members' carts never.

use crate::support;

use std::sync::Arc;

use app::cart::adding::{AddError, CartWriter, add_to_cart};
use app::cart::model::{CartLine, CartProblem};
use app::cart::repo::{CartOwner, CartRepo, LineAdd};
use app::catalog::entity::sku;
use app::catalog::spec_names::SpecValueNames;
use app::catalog::status::ProductStatus;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewSku};
use app::members::repo::MemberRepo;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use support::test_databases;

/// A listed product of one spec, in a category of its own, with a SKU
/// per value: `(code, price, stock)`. Answers the SKUs' ids.
async fn listed_product(
    db: &impl ConnectionTrait,
    slug: &str,
    spec: (&str, Vec<String>),
    skus: Vec<(String, i64, i64)>,
) -> Vec<i64> {
    let category_id = CatalogWriter(db)
        .create_category(NewCategory {
            parent_id: None,
            slug,
            name_zh: slug,
            name_en: slug,
            depth: 1,
            position: 0,
            featured: false,
        })
        .await
        .unwrap();
    let skus = skus
        .into_iter()
        .enumerate()
        .map(|(at, (code, price, stock))| NewSku {
            code,
            values: vec![at],
            price,
            original_price: None,
            stock,
            weight_grams: 300,
        })
        .collect();
    let product = CatalogWriter(db)
        .create_product(NewProduct {
            slug: slug.into(),
            category_id,
            brand_id: None,
            title: slug.into(),
            subtitle: String::new(),
            description: String::new(),
            status: ProductStatus::Listed,
            sales_count: 0,
            images: vec![],
            attributes: vec![],
            specs: vec![(spec.0.into(), spec.1)],
            skus,
            listed_at: None,
        })
        .await
        .unwrap();
    sku::Entity::find()
        .filter(sku::Column::ProductId.eq(product))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect()
}

/// A listed product with SKUs `MUG-1` (Blue, stock 50, ¥30) and `MUG-2`
/// (Red, stock 4, ¥35); their ids.
async fn mugs(db: &impl ConnectionTrait) -> (i64, i64) {
    let ids = listed_product(
        db,
        "mug",
        ("Colour", vec!["Blue".into(), "Red".into()]),
        vec![("MUG-1".into(), 3_000, 50), ("MUG-2".into(), 3_500, 4)],
    )
    .await;
    (ids[0], ids[1])
}

/// A listed product of `n` sizes, SKUs `BOX-0` to `BOX-{n-1}`, 10 of each.
async fn boxes(db: &impl ConnectionTrait, n: usize) {
    listed_product(
        db,
        "box",
        ("Size", (0..n).map(|at| format!("{at}L")).collect()),
        (0..n).map(|at| (format!("BOX-{at}"), 500, 10)).collect(),
    )
    .await;
}

/// What `/api/cart/add` does once checked: one write transaction.
async fn add(conn: &DatabaseConnection, owner: &CartOwner, sku: i64, n: i64, cap: i64) -> i64 {
    let tx = app::db::begin_write(conn).await.unwrap();
    let repo = CartRepo(&tx);
    let cart = repo.find_or_create(owner).await.unwrap();
    repo.add(LineAdd {
        cart_id: cart,
        sku_id: sku,
        adding: n,
        price: 3_000,
        cap,
    })
    .await
    .unwrap()
    .expect("room in the cart");
    tx.commit().await.unwrap();
    cart
}

/// Gives the owner's cart `n` lines, one box each.
async fn fill_cart(conn: &DatabaseConnection, owner: &CartOwner, n: usize) {
    for at in 0..n {
        add_to_cart(conn, &CartWriter::Alone, owner, &format!("BOX-{at}"), 1)
            .await
            .unwrap();
    }
}

async fn lines(db: &DatabaseConnection, owner: &CartOwner) -> Vec<(String, i64)> {
    let repo = CartRepo(db);
    let Some(cart) = repo.find(owner).await.unwrap() else {
        return Vec::new();
    };
    repo.lines(cart)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.sku_code, l.quantity))
        .collect()
}

#[tokio::test]
async fn adds_racing_from_many_tabs_all_count_in_one_cart() {
    for db in test_databases().await {
        let label = db.label();
        let (blue, _) = mugs(&db.conn).await;
        let guest = CartOwner::Guest("a".repeat(64));
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..20 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let guest = guest.clone();
            tasks.push(tokio::spawn(async move {
                add(&conn, &guest, blue, 1, 50).await
            }));
        }
        let mut carts = Vec::new();
        for task in tasks {
            carts.push(task.await.unwrap());
        }
        carts.dedup();
        assert_eq!(carts.len(), 1, "{label}: one cart for the guest");
        assert_eq!(
            lines(&db.conn, &guest).await,
            [("MUG-1".into(), 20)],
            "{label}"
        );
    }
}

/// `/api/cart/add` as the shop runs it: adds of several shoppers at once
/// go through two app servers' batches and one-transaction writes, and
/// each counts, within the stock.
#[tokio::test]
async fn adds_written_together_each_count_within_stock() {
    for db in test_databases().await {
        let label = db.label();
        mugs(&db.conn).await;
        let other = db.another_pool().await;
        let writers = [
            (db.conn.clone(), Arc::new(CartWriter::batched(&db.conn))),
            (other.clone(), Arc::new(CartWriter::batched(&other))),
            (other.clone(), Arc::new(CartWriter::Alone)),
        ];
        let guests: Vec<CartOwner> = ["c", "d", "e", "f"]
            .iter()
            .map(|c| CartOwner::Guest(c.repeat(64)))
            .collect();
        let mut tasks = Vec::new();
        for n in 0..40 {
            let (conn, writer) = writers[n % writers.len()].clone();
            let guest = guests[n % guests.len()].clone();
            // Every guest asks for 5 blue mugs and 5 red ones (4 in stock).
            let code = if (n / guests.len()).is_multiple_of(2) {
                "MUG-1"
            } else {
                "MUG-2"
            };
            tasks.push(tokio::spawn(async move {
                add_to_cart(&conn, &writer, &guest, code, 1).await
            }));
        }
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) | Err(AddError::Refused(CartProblem::OnlyLeft(_))) => {}
                Err(err) => panic!("{label}: {err}"),
            }
        }
        for guest in &guests {
            let mut held = lines(&db.conn, guest).await;
            held.sort();
            assert_eq!(
                held,
                [("MUG-1".into(), 5), ("MUG-2".into(), 4)],
                "{label}: 5 blue asked, 5 red asked and 4 in stock"
            );
        }
    }
}

/// A cart one line short of full, and ten new SKUs added at once through
/// two app servers' batches and one-transaction writes: one gets the last
/// line, the others are told the cart is full, and a line the cart
/// already holds can still take more.
#[tokio::test]
async fn a_full_cart_takes_no_new_line_however_adds_race() {
    use app::cart::model::MAX_LINES;

    for db in test_databases().await {
        let label = db.label();
        boxes(&db.conn, MAX_LINES + 10).await;
        let guest = CartOwner::Guest("g".repeat(64));
        let alone = CartWriter::Alone;
        fill_cart(&db.conn, &guest, MAX_LINES - 1).await;
        let other = db.another_pool().await;
        let writers = [
            (db.conn.clone(), Arc::new(CartWriter::batched(&db.conn))),
            (other.clone(), Arc::new(CartWriter::batched(&other))),
            (other.clone(), Arc::new(CartWriter::Alone)),
        ];
        let mut tasks = Vec::new();
        for n in 0..10 {
            let (conn, writer) = writers[n % writers.len()].clone();
            let guest = guest.clone();
            let code = format!("BOX-{}", MAX_LINES - 1 + n);
            tasks.push(tokio::spawn(async move {
                add_to_cart(&conn, &writer, &guest, &code, 1).await
            }));
        }
        let (mut added, mut full) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => added += 1,
                Err(AddError::Refused(CartProblem::CartFull)) => full += 1,
                Err(err) => panic!("{label}: {err}"),
            }
        }
        assert_eq!((added, full), (1, 9), "{label}: one line was left");
        assert_eq!(lines(&db.conn, &guest).await.len(), MAX_LINES, "{label}");
        let units = add_to_cart(&db.conn, &alone, &guest, "BOX-0", 2)
            .await
            .unwrap();
        assert_eq!(units, MAX_LINES as i64 + 2, "{label}: more of a line held");
    }
}

/// Twenty shoppers and one with a full cart add at once through one
/// batching server, twice: every add lands in its shopper's own cart
/// and counts, and only the full cart is refused.
#[tokio::test]
async fn shoppers_adding_at_once_each_get_their_own_line() {
    use app::cart::model::MAX_LINES;

    for db in test_databases().await {
        let label = db.label();
        boxes(&db.conn, MAX_LINES + 1).await;
        let full = CartOwner::Guest("h".repeat(64));
        fill_cart(&db.conn, &full, MAX_LINES).await;
        let shoppers: Vec<CartOwner> = (0..20)
            .map(|n| CartOwner::Guest(format!("{n:064}")))
            .collect();
        let writer = Arc::new(CartWriter::batched(&db.conn));
        let code = format!("BOX-{MAX_LINES}");
        for (adding, holds) in [(2, 2), (3, 5)] {
            let mut tasks = Vec::new();
            for owner in shoppers.iter().chain([&full]) {
                let (conn, writer, owner, code) =
                    (db.conn.clone(), writer.clone(), owner.clone(), code.clone());
                tasks.push(tokio::spawn(async move {
                    add_to_cart(&conn, &writer, &owner, &code, adding).await
                }));
            }
            let mut answers = Vec::new();
            for task in tasks {
                answers.push(task.await.unwrap());
            }
            let refused = answers.pop().expect("the full cart's answer");
            assert!(
                matches!(refused, Err(AddError::Refused(CartProblem::CartFull))),
                "{label}: the full cart takes no new line: {refused:?}"
            );
            for (owner, answer) in shoppers.iter().zip(answers) {
                assert_eq!(answer.unwrap(), holds, "{label}: the badge's units");
                assert_eq!(
                    lines(&db.conn, owner).await,
                    [(code.clone(), holds)],
                    "{label}"
                );
            }
        }
        assert_eq!(lines(&db.conn, &full).await.len(), MAX_LINES, "{label}");
    }
}

#[tokio::test]
async fn racing_adds_never_take_a_line_past_its_cap() {
    for db in test_databases().await {
        let label = db.label();
        let (_, red) = mugs(&db.conn).await;
        let guest = CartOwner::Guest("b".repeat(64));
        let other = db.another_pool().await;
        let mut tasks = Vec::new();
        for n in 0..10 {
            let conn = if n % 2 == 0 {
                db.conn.clone()
            } else {
                other.clone()
            };
            let guest = guest.clone();
            tasks.push(tokio::spawn(
                async move { add(&conn, &guest, red, 3, 4).await },
            ));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(
            lines(&db.conn, &guest).await,
            [("MUG-2".into(), 4)],
            "{label}: 30 asked, 4 in stock"
        );
    }
}

#[tokio::test]
async fn lines_tell_of_price_changes_and_items_no_longer_sold() {
    for db in test_databases().await {
        let label = db.label();
        let (blue, red) = mugs(&db.conn).await;
        let guest = CartOwner::Guest("c".repeat(64));
        add(&db.conn, &guest, blue, 2, 50).await;
        add(&db.conn, &guest, red, 1, 4).await;
        sku::Entity::update_many()
            .col_expr(sku::Column::Price, Expr::value(2_500))
            .filter(sku::Column::Id.eq(blue))
            .exec(&db.conn)
            .await
            .unwrap();
        sku::Entity::update_many()
            .col_expr(sku::Column::Status, Expr::value("retired"))
            .filter(sku::Column::Id.eq(red))
            .exec(&db.conn)
            .await
            .unwrap();

        let repo = CartRepo(&db.conn);
        let cart = repo.find(&guest).await.unwrap().unwrap();
        let shown = repo.lines(cart).await.unwrap();
        let by_code = |code: &str| shown.iter().find(|l| l.sku_code == code).unwrap();
        let blue_line = by_code("MUG-1");
        assert_eq!(
            (
                blue_line.price,
                blue_line.added_price,
                blue_line.variant.as_str()
            ),
            (2_500, 3_000, "Blue"),
            "{label}"
        );
        assert!(blue_line.buyable(), "{label}");
        assert!(!by_code("MUG-2").on_sale, "{label}: a retired SKU");
        let whole = app::cart::model::Cart { lines: shown };
        assert_eq!(
            whole.subtotal(),
            5_000,
            "{label}: today's price, sold lines only"
        );
        assert_eq!(repo.units_of(&guest).await.unwrap(), 3, "{label}");
    }
}

#[tokio::test]
async fn variants_named_from_memory_are_those_in_the_database() {
    for db in test_databases().await {
        let label = db.label();
        let (blue, red) = mugs(&db.conn).await;
        let guest = CartOwner::Guest("d".repeat(64));
        add(&db.conn, &guest, blue, 1, 50).await;
        add(&db.conn, &guest, red, 1, 4).await;
        let repo = CartRepo(&db.conn);
        let names = SpecValueNames::default();
        let variants = |lines: Vec<CartLine>| {
            let mut named: Vec<(String, String)> =
                lines.into_iter().map(|l| (l.sku_code, l.variant)).collect();
            named.sort();
            named
        };
        let mugs_named = [
            ("MUG-1".to_string(), "Blue".to_string()),
            ("MUG-2".into(), "Red".into()),
        ];
        let read = variants(repo.lines_of(&guest).await.unwrap().1);
        let first = variants(repo.lines_of_named(&guest, &names).await.unwrap().1);
        let known = variants(repo.lines_of_named(&guest, &names).await.unwrap().1);
        assert_eq!(read, mugs_named, "{label}");
        assert_eq!(first, mugs_named, "{label}: read into memory");
        assert_eq!(known, mugs_named, "{label}: from memory");

        // Values written later have ids of their own, which memory lacks.
        let cups = listed_product(
            &db.conn,
            "cup",
            ("Size", vec!["S".into(), "L".into()]),
            vec![("CUP-1".into(), 900, 5), ("CUP-2".into(), 1_200, 5)],
        )
        .await;
        add(&db.conn, &guest, cups[1], 1, 5).await;
        let with_cup = variants(repo.lines_of_named(&guest, &names).await.unwrap().1);
        let mut all_named = vec![("CUP-2".to_string(), "L".to_string())];
        all_named.extend(mugs_named);
        assert_eq!(with_cup, all_named, "{label}: a value new since");
    }
}

#[tokio::test]
async fn a_guest_cart_merges_into_the_members_within_stock() {
    for db in test_databases().await {
        let label = db.label();
        let (blue, red) = mugs(&db.conn).await;
        let member_id = MemberRepo(&db.conn)
            .create(
                &app::members::model::Email::parse("m@shop.test").unwrap(),
                &app::members::model::DisplayName::parse("M").unwrap(),
                "hash",
            )
            .await
            .unwrap();
        let member = CartOwner::Member(member_id);
        let guest_hash = "d".repeat(64);
        let guest = CartOwner::Guest(guest_hash.clone());
        add(&db.conn, &member, red, 3, 4).await;
        add(&db.conn, &guest, red, 2, 4).await;
        add(&db.conn, &guest, blue, 5, 50).await;
        // Blue sold down to 3 between the guest's add and the login.
        sku::Entity::update_many()
            .col_expr(sku::Column::Stock, Expr::value(3))
            .filter(sku::Column::Id.eq(blue))
            .exec(&db.conn)
            .await
            .unwrap();

        let tx = app::db::begin_write(&db.conn).await.unwrap();
        CartRepo(&tx)
            .merge_into_member(&guest_hash, member_id)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mut merged = lines(&db.conn, &member).await;
        merged.sort();
        assert_eq!(
            merged,
            [("MUG-1".into(), 3), ("MUG-2".into(), 4)],
            "{label}: the guest's 5 blue within the 3 left; 3 + 2 red within the 4 in stock"
        );
        assert!(
            CartRepo(&db.conn).find(&guest).await.unwrap().is_none(),
            "{label}: the guest cart is gone"
        );
        // A second merge (a retried login) finds nothing to do.
        CartRepo(&db.conn)
            .merge_into_member(&guest_hash, member_id)
            .await
            .unwrap();
        assert_eq!(lines(&db.conn, &member).await.len(), 2, "{label}");
    }
}

#[tokio::test]
async fn only_guest_carts_untouched_past_the_cutoff_are_deleted() {
    use app::cart::entity::cart;
    use chrono::{Duration, Utc};

    for db in test_databases().await {
        let label = db.label();
        let (blue, _) = mugs(&db.conn).await;
        let member_id = MemberRepo(&db.conn)
            .create(
                &app::members::model::Email::parse("old@shop.test").unwrap(),
                &app::members::model::DisplayName::parse("Old").unwrap(),
                "hash",
            )
            .await
            .unwrap();
        let stale = CartOwner::Guest("e".repeat(64));
        let fresh = CartOwner::Guest("f".repeat(64));
        let member = CartOwner::Member(member_id);
        for owner in [&stale, &fresh, &member] {
            add(&db.conn, owner, blue, 1, 50).await;
        }
        let long_ago = Utc::now() - Duration::days(40);
        for owner in [&stale, &member] {
            let id = CartRepo(&db.conn).find(owner).await.unwrap().unwrap();
            cart::Entity::update_many()
                .col_expr(cart::Column::UpdatedAt, Expr::value(long_ago))
                .filter(cart::Column::Id.eq(id))
                .exec(&db.conn)
                .await
                .unwrap();
        }

        let cutoff = Utc::now() - Duration::days(30);
        let deleted = CartRepo(&db.conn)
            .delete_guest_carts_before(cutoff)
            .await
            .unwrap();
        assert_eq!(deleted, 1, "{label}");
        assert!(
            lines(&db.conn, &stale).await.is_empty(),
            "{label}: gone with its line"
        );
        assert_eq!(
            lines(&db.conn, &fresh).await.len(),
            1,
            "{label}: recent guest kept"
        );
        assert_eq!(
            lines(&db.conn, &member).await.len(),
            1,
            "{label}: a member's cart is kept"
        );
    }
}
