//! Coupon templates and members' coupons in the database: making a
//! template, and claiming a coupon from it, race-safe.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, SqlErr,
};

use super::entity::{coupon_template, member_coupon};
use super::model::{CouponStatus, TemplateStatus, benefit_columns, scope_ids};
use super::rules::CouponTerms;
use crate::orders::entity::order;

/// When a claimed coupon can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// The same dates for every claim.
    Fixed {
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    },
    /// From the claim, for this many days.
    DaysFromClaim(u16),
}

impl Validity {
    /// The window of a coupon claimed at `claimed_at`.
    pub fn window(self, claimed_at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        match self {
            Self::Fixed { from, until } => (from, until),
            Self::DaysFromClaim(days) => (claimed_at, claimed_at + Duration::days(days.into())),
        }
    }
}

pub struct NewTemplate<'a> {
    pub name: &'a str,
    pub terms: CouponTerms,
    pub claim_from: DateTime<Utc>,
    pub claim_until: DateTime<Utc>,
    pub validity: Validity,
    pub total_quantity: i32,
    pub per_member_limit: i32,
    pub new_members_only: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("no such coupon")]
    NotFound,
    #[error("this coupon is paused")]
    Paused,
    #[error("claiming has not started")]
    NotYet,
    #[error("claiming has ended")]
    Ended,
    #[error("every coupon has been claimed")]
    AllClaimed,
    #[error("at most {0} per member")]
    LimitReached(i32),
    #[error("for new members only")]
    NewMembersOnly,
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct CouponRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> CouponRepo<'_, C> {
    pub async fn create_template(
        &self,
        new: NewTemplate<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, DbErr> {
        let (kind, amount_off, percent_off, cap) = benefit_columns(new.terms.benefit);
        let (scope_kind, ids) = scope_ids(&new.terms.scope);
        let (use_from, use_until, days) = match new.validity {
            Validity::Fixed { from, until } => (Some(from), Some(until), None),
            Validity::DaysFromClaim(days) => (None, None, Some(i32::from(days))),
        };
        let row = coupon_template::ActiveModel {
            name: Set(new.name.to_owned()),
            kind: Set(kind.to_owned()),
            amount_off: Set(amount_off),
            percent_off: Set(percent_off),
            cap: Set(cap),
            threshold: Set(new.terms.threshold),
            scope_kind: Set(scope_kind.to_owned()),
            scope_ids: Set(ids),
            claim_starts_at: Set(new.claim_from),
            claim_ends_at: Set(new.claim_until),
            use_starts_at: Set(use_from),
            use_ends_at: Set(use_until),
            valid_days: Set(days),
            total_quantity: Set(new.total_quantity),
            claimed: Set(0),
            used: Set(0),
            per_member_limit: Set(new.per_member_limit),
            new_members_only: Set(new.new_members_only),
            status: Set(TemplateStatus::Active.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        Ok(row.id)
    }

    /// Gives the member one coupon of the template. Run it in a write
    /// transaction, and roll back on any error.
    ///
    /// Never more than the template's quantity is given, whatever races:
    /// the count goes up only while it is below the quantity, in one
    /// conditional update. Never more than the per-member limit: each of a
    /// member's claims takes the next claim number, unique per template
    /// and member, so of two claims racing for the same number one fails.
    pub async fn claim(
        &self,
        template_id: i64,
        member_id: i64,
        now: DateTime<Utc>,
    ) -> Result<member_coupon::Model, ClaimError> {
        let template = coupon_template::Entity::find_by_id(template_id)
            .one(self.0)
            .await?
            .ok_or(ClaimError::NotFound)?;
        if template.status != TemplateStatus::Active.as_str() {
            return Err(ClaimError::Paused);
        }
        if now < template.claim_starts_at {
            return Err(ClaimError::NotYet);
        }
        if now >= template.claim_ends_at {
            return Err(ClaimError::Ended);
        }
        if template.new_members_only
            && order::Entity::find()
                .filter(order::Column::MemberId.eq(member_id))
                .count(self.0)
                .await?
                > 0
        {
            return Err(ClaimError::NewMembersOnly);
        }
        let held = member_coupon::Entity::find()
            .filter(member_coupon::Column::TemplateId.eq(template_id))
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .count(self.0)
            .await?;
        let held = i32::try_from(held).unwrap_or(i32::MAX);
        if held >= template.per_member_limit {
            return Err(ClaimError::LimitReached(template.per_member_limit));
        }

        let taken = coupon_template::Entity::update_many()
            .col_expr(
                coupon_template::Column::Claimed,
                Expr::col(coupon_template::Column::Claimed).add(1),
            )
            .col_expr(coupon_template::Column::UpdatedAt, Expr::value(now))
            .filter(coupon_template::Column::Id.eq(template_id))
            .filter(
                Expr::col(coupon_template::Column::Claimed)
                    .lt(Expr::col(coupon_template::Column::TotalQuantity)),
            )
            .filter(coupon_template::Column::Status.eq(TemplateStatus::Active.as_str()))
            .exec(self.0)
            .await?;
        if taken.rows_affected == 0 {
            return Err(ClaimError::AllClaimed);
        }

        let validity = match (
            template.use_starts_at,
            template.use_ends_at,
            template.valid_days,
        ) {
            (Some(from), Some(until), _) => Validity::Fixed { from, until },
            (_, _, Some(days)) => Validity::DaysFromClaim(u16::try_from(days).unwrap_or(u16::MAX)),
            _ => Validity::Fixed {
                from: template.claim_starts_at,
                until: template.claim_ends_at,
            },
        };
        let (starts_at, ends_at) = validity.window(now);
        member_coupon::ActiveModel {
            template_id: Set(template_id),
            member_id: Set(member_id),
            claim_no: Set(held + 1),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            status: Set(CouponStatus::Unused.as_str().to_owned()),
            order_id: Set(None),
            used_at: Set(None),
            claimed_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ClaimError::LimitReached(template.per_member_limit)
            }
            _ => err.into(),
        })
    }

    pub async fn template(&self, id: i64) -> Result<Option<coupon_template::Model>, DbErr> {
        coupon_template::Entity::find_by_id(id).one(self.0).await
    }

    /// The member's coupons of one template.
    pub async fn held(
        &self,
        member_id: i64,
        template_id: i64,
    ) -> Result<Vec<member_coupon::Model>, DbErr> {
        member_coupon::Entity::find()
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .filter(member_coupon::Column::TemplateId.eq(template_id))
            .all(self.0)
            .await
    }
}
