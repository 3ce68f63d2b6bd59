use sea_orm::entity::prelude::*;

/// The single row of `store_settings` (its id is always 1).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "store_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub name: String,
    pub currency: String,
    pub shipping_fee: i64,
    pub free_shipping_from: i64,
    pub payment_timeout_minutes: i32,
    pub auto_complete_days: i32,
    pub utc_offset_minutes: i32,
    pub flash_payment_timeout_minutes: i32,
    pub express_fee: i64,
    pub staff_idle_minutes: i32,
    pub staff_session_hours: i32,
    pub member_idle_days: i32,
    pub member_remember_days: i32,
    pub two_factor_for_all_staff: bool,
    pub updated_at: ChronoDateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
