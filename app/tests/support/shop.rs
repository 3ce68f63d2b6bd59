//! A small shop for order tests: one lamp SKU, members with lamps in
//! their cart, and a checkout for them.

use app::cart::repo::{CartOwner, CartRepo, LineAdd};
use app::catalog::entity::sku;
use app::catalog::spec_names::SpecValueNames;
use app::catalog::status::ProductStatus;
use app::catalog::taxonomy::Taxonomy;
use app::catalog::write::{CatalogWriter, NewCategory, NewProduct, NewSku};
use app::members::model::{AddressForm, DisplayName, Email};
use app::members::repo::MemberRepo;
use app::orders::checkout::{Checkout, OrderWriter};
use app::orders::pricing::ShippingRule;
use app::orders::repo::ShipTo;
use app::orders::shipping::{ShippingMethod, ShippingOption};
use app::promotions::offer_cache::OfferCache;
use app::promotions::quote::Choice;
use chrono::{Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};
use std::sync::{Arc, LazyLock};

pub const SHIPPING: ShippingRule = ShippingRule {
    fee: 1_000,
    free_from: 9_900,
};
pub const STANDARD: ShippingOption = ShippingOption {
    method: ShippingMethod::Standard,
    rule: SHIPPING,
};
pub const EXPRESS: ShippingOption = ShippingOption {
    method: ShippingMethod::Express,
    rule: ShippingRule {
        fee: 2_000,
        free_from: 0,
    },
};
pub const PRICE: i64 = 2_000;

/// The ways orders reach the database when two app servers race: each
/// server's batches, and one transaction per order. Racing tests give
/// buyer `n` the writer `n % 3`.
pub fn writers(
    one: &DatabaseConnection,
    other: &DatabaseConnection,
) -> Vec<(DatabaseConnection, Arc<OrderWriter>)> {
    vec![
        (one.clone(), Arc::new(OrderWriter::batched(one))),
        (other.clone(), Arc::new(OrderWriter::batched(other))),
        (other.clone(), Arc::new(OrderWriter::Alone)),
    ]
}

/// A listed lamp, one SKU at ¥20.00 with `stock` units; its SKU id.
pub async fn lamp(db: &impl ConnectionTrait, stock: i64) -> i64 {
    listed(db, "lights", "lamp", stock).await
}

/// A listed bulb, as the lamp but in a category of its own.
pub async fn bulb(db: &impl ConnectionTrait, stock: i64) -> i64 {
    listed(db, "bulbs", "bulb", stock).await
}

/// A listed product with one SKU at ¥20.00, in a new category; its SKU id.
async fn listed(db: &impl ConnectionTrait, category: &str, slug: &str, stock: i64) -> i64 {
    let category_id = CatalogWriter(db)
        .create_category(NewCategory {
            parent_id: None,
            slug: category,
            name_zh: category,
            name_en: category,
            depth: 1,
            position: 0,
            featured: false,
        })
        .await
        .unwrap();
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
            specs: vec![],
            skus: vec![NewSku {
                code: slug.to_uppercase(),
                values: vec![],
                price: PRICE,
                original_price: None,
                stock,
                weight_grams: 900,
            }],
            listed_at: None,
        })
        .await
        .unwrap();
    let found = sku::Entity::find().all(db).await.unwrap();
    found.iter().find(|s| s.product_id == product).unwrap().id
}

pub async fn stock(db: &DatabaseConnection, sku_id: i64) -> i64 {
    sku::Entity::find_by_id(sku_id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .stock
}

/// A member with a delivery address; their id.
pub async fn member(db: &DatabaseConnection, n: usize) -> i64 {
    let id = MemberRepo(db)
        .create(
            &Email::parse(&format!("a{n}@shop.test")).unwrap(),
            &DisplayName::parse("F").unwrap(),
            "hash",
        )
        .await
        .unwrap();
    let address = AddressForm {
        recipient: "Ada".into(),
        phone: "13800000000".into(),
        region: "Shanghai".into(),
        city: "Shanghai".into(),
        district: "Pudong".into(),
        street: "1 Shop Street".into(),
        postcode: String::new(),
    }
    .parse()
    .unwrap();
    MemberRepo(db).add_address(id, &address).await.unwrap();
    id
}

/// A member with `quantity` lamps in the cart; their id.
pub async fn shopper(db: &DatabaseConnection, n: usize, sku_id: i64, quantity: i64) -> i64 {
    let id = MemberRepo(db)
        .create(
            &Email::parse(&format!("m{n}@shop.test")).unwrap(),
            &DisplayName::parse("M").unwrap(),
            "hash",
        )
        .await
        .unwrap();
    refill_cart(db, id, sku_id, quantity).await;
    id
}

/// Puts `quantity` lamps in the member's cart (again, after an order took them).
pub async fn refill_cart(db: &DatabaseConnection, member_id: i64, sku_id: i64, quantity: i64) {
    let carts = CartRepo(db);
    let cart = carts
        .find_or_create(&CartOwner::Member(member_id))
        .await
        .unwrap();
    carts
        .add(LineAdd {
            cart_id: cart,
            sku_id,
            adding: quantity,
            price: PRICE,
            cap: 99,
        })
        .await
        .unwrap()
        .expect("room in the cart");
}

/// Checkouts in these tests price no category-scoped promotions.
static NO_CATEGORIES: LazyLock<Taxonomy> = LazyLock::new(Taxonomy::default);

/// Tests make offers and check out at once: no copy kept between reads.
pub static OFFERS_READ_EACH_TIME: LazyLock<OfferCache> =
    LazyLock::new(|| OfferCache::new(std::time::Duration::ZERO));

/// Each test has its own database, where one id names different values.
static NAMES_READ_EACH_TIME: SpecValueNames = SpecValueNames::read_each_time();

pub fn checkout(member_id: i64, key: &str, expected_total: i64) -> Checkout<'_> {
    Checkout {
        member_id,
        idempotency_key: key,
        ship_to: ShipTo {
            recipient: "Ada".into(),
            phone: "13800000000".into(),
            address: "1 Shop Street".into(),
        },
        note: "",
        shipping: STANDARD,
        coupon: Choice::NoCoupon,
        expected_before_coupon: expected_total,
        taxonomy: &NO_CATEGORIES,
        spec_names: &NAMES_READ_EACH_TIME,
        offers: &OFFERS_READ_EACH_TIME,
        shown_lines: &[],
        pay_within: Duration::minutes(30),
        now: Utc::now(),
    }
}
