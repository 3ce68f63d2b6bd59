use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::entity;
use super::model::{OrderRules, StoreName, StoreSettings, UtcOffset};
use super::sign_in_model::SignInRules;

/// The id of the one settings row; the table's check constraint allows no other.
const SETTINGS_ROW: i32 = 1;

#[derive(Clone)]
pub struct SettingsRepo {
    db: DatabaseConnection,
}

impl SettingsRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn load(&self) -> Result<StoreSettings, DbErr> {
        let row = entity::Entity::find_by_id(SETTINGS_ROW)
            .one(&self.db)
            .await?
            .ok_or_else(|| {
                DbErr::RecordNotFound("store_settings row 1 (run the migrations)".into())
            })?;
        Ok(row.into())
    }

    pub async fn rename(&self, name: &StoreName) -> Result<StoreSettings, DbErr> {
        // An update of the one column, then a read of the whole row: the
        // row's later columns were added by ALTER TABLE, which SQLite's
        // RETURNING of a partial update does not hand back.
        entity::Entity::update_many()
            .col_expr(entity::Column::Name, Expr::value(name.as_str()))
            .col_expr(entity::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(entity::Column::Id.eq(SETTINGS_ROW))
            .exec(&self.db)
            .await?;
        self.load().await
    }

    pub async fn set_order_rules(&self, rules: &OrderRules) -> Result<StoreSettings, DbErr> {
        entity::Entity::update_many()
            .col_expr(entity::Column::ShippingFee, Expr::value(rules.shipping_fee))
            .col_expr(
                entity::Column::FreeShippingFrom,
                Expr::value(rules.free_shipping_from),
            )
            .col_expr(entity::Column::ExpressFee, Expr::value(rules.express_fee))
            .col_expr(
                entity::Column::PaymentTimeoutMinutes,
                Expr::value(rules.payment_timeout_minutes),
            )
            .col_expr(
                entity::Column::FlashPaymentTimeoutMinutes,
                Expr::value(rules.flash_payment_timeout_minutes),
            )
            .col_expr(
                entity::Column::AutoCompleteDays,
                Expr::value(rules.auto_complete_days),
            )
            .col_expr(entity::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(entity::Column::Id.eq(SETTINGS_ROW))
            .exec(&self.db)
            .await?;
        self.load().await
    }
}

impl SettingsRepo {
    pub async fn set_utc_offset(&self, offset: UtcOffset) -> Result<StoreSettings, DbErr> {
        entity::Entity::update_many()
            .col_expr(
                entity::Column::UtcOffsetMinutes,
                Expr::value(offset.minutes()),
            )
            .col_expr(entity::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(entity::Column::Id.eq(SETTINGS_ROW))
            .exec(&self.db)
            .await?;
        self.load().await
    }
}

impl SettingsRepo {
    pub async fn set_sign_in_rules(&self, rules: &SignInRules) -> Result<StoreSettings, DbErr> {
        entity::Entity::update_many()
            .col_expr(
                entity::Column::StaffIdleMinutes,
                Expr::value(rules.staff_idle_minutes),
            )
            .col_expr(
                entity::Column::StaffSessionHours,
                Expr::value(rules.staff_session_hours),
            )
            .col_expr(
                entity::Column::MemberIdleDays,
                Expr::value(rules.member_idle_days),
            )
            .col_expr(
                entity::Column::MemberRememberDays,
                Expr::value(rules.member_remember_days),
            )
            .col_expr(
                entity::Column::TwoFactorForAllStaff,
                Expr::value(rules.two_factor_for_all_staff),
            )
            .col_expr(entity::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(entity::Column::Id.eq(SETTINGS_ROW))
            .exec(&self.db)
            .await?;
        self.load().await
    }
}

impl From<entity::Model> for StoreSettings {
    fn from(row: entity::Model) -> Self {
        Self {
            name: row.name,
            currency: row.currency,
            shipping_fee: row.shipping_fee,
            free_shipping_from: row.free_shipping_from,
            payment_timeout_minutes: row.payment_timeout_minutes,
            auto_complete_days: row.auto_complete_days,
            utc_offset_minutes: row.utc_offset_minutes,
            flash_payment_timeout_minutes: row.flash_payment_timeout_minutes,
            express_fee: row.express_fee,
            sign_in: SignInRules {
                staff_idle_minutes: row.staff_idle_minutes,
                staff_session_hours: row.staff_session_hours,
                member_idle_days: row.member_idle_days,
                member_remember_days: row.member_remember_days,
                two_factor_for_all_staff: row.two_factor_for_all_staff,
            },
        }
    }
}
