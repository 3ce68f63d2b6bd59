//! The group-buying tables, as SeaORM sees them.

pub mod group_deal {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_deals")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub sku_id: i64,
        pub product_id: i64,
        pub group_price: i64,
        pub group_size: i32,
        pub time_limit_minutes: i32,
        pub per_member_limit: i32,
        pub starts_at: ChronoDateTimeUtc,
        pub ends_at: ChronoDateTimeUtc,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod group_buy {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_buys")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub deal_id: i64,
        pub leader_id: i64,
        pub size: i32,
        /// Places held, paid or waiting for payment.
        pub taken: i32,
        pub paid: i32,
        pub status: String,
        pub expires_at: ChronoDateTimeUtc,
        pub created_at: ChronoDateTimeUtc,
        pub closed_at: Option<ChronoDateTimeUtc>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod group_member {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub member_id: i64,
        pub order_id: i64,
        pub joined_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod group_allowance {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_allowances")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub deal_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub member_id: i64,
        pub joined: i32,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
