//! Coupon templates and members' coupons in the database: making a
//! template, and claiming a coupon from it, race-safe.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

use super::entity::{coupon_template, member_coupon};
use super::model::{CouponStatus, TemplateStatus, benefit_columns, scope_ids};
use super::rules::CouponTerms;
use super::view::CouponState;
use crate::orders::entity::order;
use crate::orders::status::OrderStatus;

/// The most templates or coupons one page lists.
const MAX_LISTED: u64 = 200;

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

/// Who gives a coupon: the member claiming it, or staff issuing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Giver {
    Member,
    Staff,
}

/// When the template's coupons can be used.
pub fn validity(template: &coupon_template::Model) -> Validity {
    match (
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
    }
}

/// Why a template gives nothing at `now`: paused, or (for members
/// claiming, not for staff issuing) outside its claiming window. Copy, so
/// a batch of claims can answer each with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Paused,
    NotYet,
    Ended,
}

impl From<Closed> for ClaimError {
    fn from(closed: Closed) -> Self {
        match closed {
            Closed::Paused => Self::Paused,
            Closed::NotYet => Self::NotYet,
            Closed::Ended => Self::Ended,
        }
    }
}

pub fn closed(
    template: &coupon_template::Model,
    now: DateTime<Utc>,
    check_window: bool,
) -> Option<Closed> {
    if template.status != TemplateStatus::Active.as_str() {
        Some(Closed::Paused)
    } else if check_window && now < template.claim_starts_at {
        Some(Closed::NotYet)
    } else if check_window && now >= template.claim_ends_at {
        Some(Closed::Ended)
    } else {
        None
    }
}

/// The member's `claim_no`-th coupon of the template, claimed at `now`,
/// usable in the window the template gives it.
pub fn new_coupon(
    template: &coupon_template::Model,
    member_id: i64,
    claim_no: i32,
    now: DateTime<Utc>,
) -> member_coupon::ActiveModel {
    let (starts_at, ends_at) = validity(template).window(now);
    member_coupon::ActiveModel {
        template_id: Set(template.id),
        member_id: Set(member_id),
        claim_no: Set(claim_no),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
        status: Set(CouponStatus::Unused.as_str().to_owned()),
        order_id: Set(None),
        used_at: Set(None),
        claimed_at: Set(now),
        ..Default::default()
    }
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

    /// Gives the member one coupon of the template, as the member asked in
    /// the coupon centre. Run it in a write transaction, and roll back on
    /// any error.
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
        self.give(template_id, member_id, now, Giver::Member).await
    }

    /// Gives the member one coupon of the template because staff chose
    /// them: outside the claiming window, past the per-member limit and
    /// to old members too, but never past the quantity.
    pub async fn issue(
        &self,
        template_id: i64,
        member_id: i64,
        now: DateTime<Utc>,
    ) -> Result<member_coupon::Model, ClaimError> {
        self.give(template_id, member_id, now, Giver::Staff).await
    }

    async fn give(
        &self,
        template_id: i64,
        member_id: i64,
        now: DateTime<Utc>,
        giver: Giver,
    ) -> Result<member_coupon::Model, ClaimError> {
        let template = coupon_template::Entity::find_by_id(template_id)
            .one(self.0)
            .await?
            .ok_or(ClaimError::NotFound)?;
        if let Some(closed) = closed(&template, now, giver == Giver::Member) {
            return Err(closed.into());
        }
        let held = member_coupon::Entity::find()
            .filter(member_coupon::Column::TemplateId.eq(template_id))
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .count(self.0)
            .await?;
        let held = i32::try_from(held).unwrap_or(i32::MAX);
        if giver == Giver::Member {
            if template.new_members_only
                && order::Entity::find()
                    .filter(order::Column::MemberId.eq(member_id))
                    .count(self.0)
                    .await?
                    > 0
            {
                return Err(ClaimError::NewMembersOnly);
            }
            if held >= template.per_member_limit {
                return Err(ClaimError::LimitReached(template.per_member_limit));
            }
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

        new_coupon(&template, member_id, held + 1, now)
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

    /// Templates members can claim from now, newest first.
    pub async fn claimable(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<coupon_template::Model>, DbErr> {
        coupon_template::Entity::find()
            .filter(coupon_template::Column::Status.eq(TemplateStatus::Active.as_str()))
            .filter(coupon_template::Column::ClaimStartsAt.lte(now))
            .filter(coupon_template::Column::ClaimEndsAt.gt(now))
            .order_by_desc(coupon_template::Column::Id)
            .limit(MAX_LISTED)
            .all(self.0)
            .await
    }

    /// How many coupons of each template the member holds.
    pub async fn held_counts(&self, member_id: i64) -> Result<HashMap<i64, i32>, DbErr> {
        Ok(member_coupon::Entity::find()
            .select_only()
            .column(member_coupon::Column::TemplateId)
            .column_as(member_coupon::Column::Id.count(), "held")
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .group_by(member_coupon::Column::TemplateId)
            .into_tuple::<(i64, i64)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(template, held)| (template, i32::try_from(held).unwrap_or(i32::MAX)))
            .collect())
    }

    /// The member's coupons with their templates, newest first, filtered in
    /// SQL so that no page of them is cut short by the ones it leaves out.
    pub async fn wallet(
        &self,
        member_id: i64,
        query: WalletQuery,
    ) -> Result<Vec<(member_coupon::Model, coupon_template::Model)>, DbErr> {
        let mut select = member_coupon::Entity::find()
            .filter(member_coupon::Column::MemberId.eq(member_id))
            .filter(member_coupon::Column::Status.eq(query.status.as_str()));
        if let Some(after) = query.ending_after {
            select = select.filter(member_coupon::Column::EndsAt.gt(after));
        }
        if let Some(by) = query.ending_by {
            select = select.filter(member_coupon::Column::EndsAt.lte(by));
        }
        let coupons = select
            .order_by_desc(member_coupon::Column::Id)
            .limit(MAX_LISTED)
            .all(self.0)
            .await?;
        let templates: HashMap<i64, coupon_template::Model> = coupon_template::Entity::find()
            .filter(coupon_template::Column::Id.is_in(coupons.iter().map(|c| c.template_id)))
            .all(self.0)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        Ok(coupons
            .into_iter()
            .filter_map(|c| {
                let template = templates.get(&c.template_id)?.clone();
                Some((c, template))
            })
            .collect())
    }

    /// Every template, newest first, with what the orders that used its
    /// coupons and were paid brought in.
    pub async fn templates_with_revenue(
        &self,
    ) -> Result<Vec<(coupon_template::Model, i64)>, DbErr> {
        let templates = coupon_template::Entity::find()
            .order_by_desc(coupon_template::Column::Id)
            .limit(MAX_LISTED)
            .all(self.0)
            .await?;
        let revenue: HashMap<i64, i64> = member_coupon::Entity::find()
            .select_only()
            .column(member_coupon::Column::TemplateId)
            // PostgreSQL sums BIGINT as NUMERIC: back to BIGINT for i64.
            .column_as(order::Column::Total.sum().cast_as("BIGINT"), "revenue")
            .join(
                sea_orm::JoinType::InnerJoin,
                member_coupon::Entity::belongs_to(order::Entity)
                    .from(member_coupon::Column::OrderId)
                    .to(order::Column::Id)
                    .into(),
            )
            .filter(order::Column::PaidAt.is_not_null())
            .filter(order::Column::Status.ne(OrderStatus::Refunded.as_str()))
            .group_by(member_coupon::Column::TemplateId)
            .into_tuple::<(i64, Option<i64>)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(template, revenue)| (template, revenue.unwrap_or(0)))
            .collect();
        Ok(templates
            .into_iter()
            .map(|t| {
                let brought = revenue.get(&t.id).copied().unwrap_or(0);
                (t, brought)
            })
            .collect())
    }

    /// Pauses or resumes claiming. Answers whether the template exists.
    pub async fn set_status(
        &self,
        template_id: i64,
        status: TemplateStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let changed = coupon_template::Entity::update_many()
            .col_expr(
                coupon_template::Column::Status,
                Expr::value(status.as_str()),
            )
            .col_expr(coupon_template::Column::UpdatedAt, Expr::value(now))
            .filter(coupon_template::Column::Id.eq(template_id))
            .exec(self.0)
            .await?;
        Ok(changed.rows_affected > 0)
    }

    /// Changes what can change once coupons are out: the name, the
    /// quantity (never below what is claimed), the end of claiming and the
    /// per-member limit. The terms stay as members claimed them.
    pub async fn edit_template(
        &self,
        template_id: i64,
        edit: &TemplateEdit,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let changed = coupon_template::Entity::update_many()
            .col_expr(
                coupon_template::Column::Name,
                Expr::value(edit.name.clone()),
            )
            .col_expr(
                coupon_template::Column::TotalQuantity,
                Expr::value(edit.total_quantity),
            )
            .col_expr(
                coupon_template::Column::ClaimEndsAt,
                Expr::value(edit.claim_until),
            )
            .col_expr(
                coupon_template::Column::PerMemberLimit,
                Expr::value(edit.per_member_limit),
            )
            .col_expr(coupon_template::Column::UpdatedAt, Expr::value(now))
            .filter(coupon_template::Column::Id.eq(template_id))
            .filter(coupon_template::Column::Claimed.lte(edit.total_quantity))
            .exec(self.0)
            .await?;
        Ok(changed.rows_affected > 0)
    }
}

/// Which of a member's coupons to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalletQuery {
    pub status: CouponStatus,
    /// Only those usable until after this.
    pub ending_after: Option<DateTime<Utc>>,
    /// Only those whose window ended by this.
    pub ending_by: Option<DateTime<Utc>>,
}

impl WalletQuery {
    /// A tab of `/account/coupons` at `now`.
    pub fn tab(state: CouponState, now: DateTime<Utc>) -> Self {
        let (status, ending_after, ending_by) = match state {
            CouponState::Unused => (CouponStatus::Unused, Some(now), None),
            CouponState::Used => (CouponStatus::Used, None, None),
            CouponState::Expired => (CouponStatus::Unused, None, Some(now)),
        };
        Self {
            status,
            ending_after,
            ending_by,
        }
    }
}

/// What staff may change on a template whose coupons are out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateEdit {
    pub name: String,
    pub total_quantity: i32,
    pub claim_until: DateTime<Utc>,
    pub per_member_limit: i32,
}
