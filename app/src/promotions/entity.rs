//! Coupon templates, members' coupons and store-wide offers, as SeaORM
//! sees them.

pub mod coupon_template {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coupon_templates")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub kind: String,
        pub amount_off: i64,
        pub percent_off: i16,
        pub cap: Option<i64>,
        pub threshold: i64,
        pub scope_kind: String,
        pub scope_ids: String,
        pub claim_starts_at: ChronoDateTimeUtc,
        pub claim_ends_at: ChronoDateTimeUtc,
        pub use_starts_at: Option<ChronoDateTimeUtc>,
        pub use_ends_at: Option<ChronoDateTimeUtc>,
        pub valid_days: Option<i32>,
        pub total_quantity: i32,
        pub claimed: i32,
        pub used: i32,
        pub per_member_limit: i32,
        pub new_members_only: bool,
        pub status: String,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// What the template's coupons give, when its stored values make
        /// sense.
        pub fn terms(&self) -> Option<crate::promotions::rules::CouponTerms> {
            crate::promotions::model::terms(
                &self.kind,
                self.amount_off,
                self.percent_off,
                self.cap,
                self.threshold,
                &self.scope_kind,
                &self.scope_ids,
            )
        }
    }
}

pub mod member_coupon {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "member_coupons")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub template_id: i64,
        pub member_id: i64,
        pub claim_no: i32,
        pub starts_at: ChronoDateTimeUtc,
        pub ends_at: ChronoDateTimeUtc,
        pub status: String,
        pub order_id: Option<i64>,
        pub used_at: Option<ChronoDateTimeUtc>,
        pub claimed_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod offer {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "offers")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub scope_kind: String,
        pub scope_ids: String,
        pub tiers: String,
        pub starts_at: ChronoDateTimeUtc,
        pub ends_at: ChronoDateTimeUtc,
        pub status: String,
        pub created_at: ChronoDateTimeUtc,
        pub updated_at: ChronoDateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
