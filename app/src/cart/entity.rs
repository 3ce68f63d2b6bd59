//! The cart tables, as SeaORM sees them.

pub mod cart {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "carts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub member_id: Option<i64>,
        pub guest_token_hash: Option<String>,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cart_item {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cart_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub cart_id: i64,
        pub sku_id: i64,
        pub quantity: i32,
        pub selected: bool,
        pub added_price: i64,
        pub added_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
