//! The order tables, as SeaORM sees them.

pub mod order {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "orders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub order_no: String,
        pub member_id: i64,
        pub status: String,
        pub items_total: i64,
        pub shipping_fee: i64,
        pub discount_total: i64,
        pub total: i64,
        pub recipient: String,
        pub phone: String,
        pub address: String,
        pub note: String,
        pub idempotency_key: String,
        pub pay_by: ChronoDateTimeUtc,
        pub paid_at: Option<ChronoDateTimeUtc>,
        pub shipped_at: Option<ChronoDateTimeUtc>,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
        pub carrier: String,
        pub tracking_no: String,
        /// The member's coupon this order used, given back if it is cancelled.
        pub coupon_id: Option<i64>,
        /// The group this order holds a place in (see `group_buys`).
        pub group_id: Option<i64>,
        /// `standard` or `express` (see `orders::shipping`).
        pub shipping_method: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod order_item {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "order_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub order_id: i64,
        pub sku_id: i64,
        pub product_id: i64,
        pub sku_code: String,
        pub title: String,
        pub variant: String,
        pub image: Option<String>,
        pub unit_price: i64,
        pub quantity: i32,
        pub line_total: i64,
        /// This line's share of the order's discount.
        pub discount: i64,
        /// The flash-sale item it was bought from, if any.
        pub flash_item_id: Option<i64>,
        /// The cart line it was ordered from, if any: unique, so a cart
        /// line goes into one order at most.
        pub cart_item_id: Option<i64>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod order_event {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "order_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub order_id: i64,
        pub from_status: Option<String>,
        pub to_status: String,
        pub actor: String,
        pub reason: String,
        pub at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
