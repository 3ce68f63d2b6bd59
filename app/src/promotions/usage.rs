//! A member's coupon used by an order, and given back when the order is
//! cancelled unpaid. Both run inside the order's own write transaction.
//!
//! The rule for refunds: a refunded order keeps its coupon used, and the
//! refund is what the member paid, never the coupon's value in money.
//! Refunds are of whole orders today; each line keeps its share of the
//! discount (`order_items.discount`) so that refunding some lines can
//! return their totals less their shares.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
};

use super::entity::{coupon_template, member_coupon};
use super::model::CouponStatus;

pub struct CouponUse<'c, C>(pub &'c C);

impl<C: ConnectionTrait> CouponUse<'_, C> {
    /// Marks the member's coupon used by the order, if it is still unused
    /// and inside its window at `now`. The update is conditional on the
    /// coupon being unused, so of two checkouts racing with one coupon
    /// exactly one gets it: the other sees `false` and must roll back.
    pub async fn take(
        &self,
        coupon_id: i64,
        member_id: i64,
        order_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let taken = member_coupon::Entity::update_many()
            .col_expr(
                member_coupon::Column::Status,
                Expr::value(CouponStatus::Used.as_str()),
            )
            .col_expr(member_coupon::Column::OrderId, Expr::value(order_id))
            .col_expr(member_coupon::Column::UsedAt, Expr::value(now))
            .filter(member_coupon::Column::Id.eq(coupon_id))
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .filter(member_coupon::Column::Status.eq(CouponStatus::Unused.as_str()))
            .filter(member_coupon::Column::StartsAt.lte(now))
            .filter(member_coupon::Column::EndsAt.gt(now))
            .exec(self.0)
            .await?;
        if taken.rows_affected == 0 {
            return Ok(false);
        }
        self.count_used(coupon_id, 1).await?;
        Ok(true)
    }

    /// Gives the coupon the order used back to its member, once: only
    /// while it is still marked used by this very order. An expired coupon
    /// comes back too, and shows under expired.
    pub async fn give_back(&self, coupon_id: i64, order_id: i64) -> Result<(), DbErr> {
        let returned = member_coupon::Entity::update_many()
            .col_expr(
                member_coupon::Column::Status,
                Expr::value(CouponStatus::Unused.as_str()),
            )
            .col_expr(
                member_coupon::Column::OrderId,
                Expr::value(Option::<i64>::None),
            )
            .col_expr(
                member_coupon::Column::UsedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(member_coupon::Column::Id.eq(coupon_id))
            .filter(member_coupon::Column::OrderId.eq(order_id))
            .filter(member_coupon::Column::Status.eq(CouponStatus::Used.as_str()))
            .exec(self.0)
            .await?;
        if returned.rows_affected > 0 {
            self.count_used(coupon_id, -1).await?;
        }
        Ok(())
    }

    /// Moves the template's used count, which staff see in admin.
    async fn count_used(&self, coupon_id: i64, by: i32) -> Result<(), DbErr> {
        let template = member_coupon::Entity::find()
            .select_only()
            .column(member_coupon::Column::TemplateId)
            .filter(member_coupon::Column::Id.eq(coupon_id))
            .into_query();
        coupon_template::Entity::update_many()
            .col_expr(
                coupon_template::Column::Used,
                Expr::col(coupon_template::Column::Used).add(by),
            )
            .filter(coupon_template::Column::Id.in_subquery(template))
            .exec(self.0)
            .await?;
        Ok(())
    }
}
