//! Attempts to pay, in the database. Every status change is conditional
//! on the status the caller saw, so racing notices or staff settle each
//! attempt once.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::payment;
use super::model::PaymentStatus;

pub struct PaymentRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> PaymentRepo<'_, C> {
    pub async fn open(
        &self,
        order_id: i64,
        provider: &str,
        payment_no: &str,
        amount: i64,
        now: DateTime<Utc>,
    ) -> Result<payment::Model, DbErr> {
        payment::ActiveModel {
            order_id: Set(order_id),
            provider: Set(provider.to_owned()),
            payment_no: Set(payment_no.to_owned()),
            amount: Set(amount),
            status: Set(PaymentStatus::Pending.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await
    }

    pub async fn find(
        &self,
        provider: &str,
        payment_no: &str,
    ) -> Result<Option<payment::Model>, DbErr> {
        payment::Entity::find()
            .filter(payment::Column::Provider.eq(provider))
            .filter(payment::Column::PaymentNo.eq(payment_no))
            .one(self.0)
            .await
    }

    /// Moves the attempt from `from` to `to`; `false` when it was no
    /// longer `from` (someone else settled it first).
    pub async fn mark(
        &self,
        id: i64,
        from: PaymentStatus,
        to: PaymentStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let moved = payment::Entity::update_many()
            .col_expr(payment::Column::Status, Expr::value(to.as_str()))
            .col_expr(payment::Column::UpdatedAt, Expr::value(now))
            .filter(payment::Column::Id.eq(id))
            .filter(payment::Column::Status.eq(from.as_str()))
            .exec(self.0)
            .await?;
        Ok(moved.rows_affected == 1)
    }

    /// The order's attempts, oldest first.
    pub async fn of_order(&self, order_id: i64) -> Result<Vec<payment::Model>, DbErr> {
        payment::Entity::find()
            .filter(payment::Column::OrderId.eq(order_id))
            .order_by_asc(payment::Column::Id)
            .all(self.0)
            .await
    }

    /// Refunds owed, oldest first, for the job that retries them.
    pub async fn refunding(&self, limit: u64) -> Result<Vec<payment::Model>, DbErr> {
        payment::Entity::find()
            .filter(payment::Column::Status.eq(PaymentStatus::Refunding.as_str()))
            .order_by_asc(payment::Column::Id)
            .limit(limit)
            .all(self.0)
            .await
    }
}
