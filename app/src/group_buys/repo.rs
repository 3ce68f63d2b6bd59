//! Group buying in the database. Every step that changes a group is one
//! conditional update on its row, so it holds on any number of app
//! servers: `taken` never passes `size`, a group forms once and fails
//! once, and a member's allowance never passes the deal's limit.
//!
//! Lock order, so that PostgreSQL never deadlocks: the group's row first,
//! then its orders, then SKUs. `OrderRepo::transition` locks the group
//! of a group order before it touches the order.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::entity::{group_allowance, group_buy, group_deal, group_member};
use super::model::{DealEditError, DealError, GroupStage, NewDeal, plan_deal_edit};
use crate::catalog::entity::{product, sku};
use crate::catalog::status::SkuStatus;
use crate::clock::at_ms;
use crate::orders::status::OrderStatus;

#[derive(Debug, thiserror::Error)]
pub enum DealSetupError {
    #[error(transparent)]
    Invalid(#[from] DealError),
    #[error("there is no SKU on sale with that code")]
    NoSuchSku,
    #[error("the group price must be below the SKU's price")]
    NotCheaper,
    #[error(transparent)]
    Edit(#[from] DealEditError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// A group's row, locked until the end of the caller's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockedGroup {
    pub id: i64,
    pub deal_id: i64,
    pub stage: GroupStage,
}

pub struct GroupRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> GroupRepo<'_, C> {
    pub async fn create_deal(
        &self,
        new: &NewDeal,
        now: DateTime<Utc>,
    ) -> Result<i64, DealSetupError> {
        new.check(now.timestamp_millis())?;
        let sku = sku::Entity::find_by_id(new.sku_id)
            .one(self.0)
            .await?
            .filter(|s| SkuStatus::from_stored(&s.status) == SkuStatus::Active)
            .ok_or(DealSetupError::NoSuchSku)?;
        if new.group_price >= sku.price {
            return Err(DealSetupError::NotCheaper);
        }
        let deal = group_deal::ActiveModel {
            sku_id: Set(sku.id),
            product_id: Set(sku.product_id),
            group_price: Set(new.group_price),
            group_size: Set(new.group_size),
            time_limit_minutes: Set(new.time_limit_minutes),
            per_member_limit: Set(new.per_member_limit),
            starts_at: Set(at_ms(new.starts_at)),
            ends_at: Set(at_ms(new.ends_at)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        Ok(deal.id)
    }

    /// Applies staff's changes to a deal (see `plan_deal_edit` for what
    /// may change when); false when there is no such deal. Groups already
    /// open keep their size and deadline: those are stored on each group.
    pub async fn edit_deal(
        &self,
        deal_id: i64,
        wanted: &NewDeal,
        now: DateTime<Utc>,
    ) -> Result<bool, DealSetupError> {
        let mut find = group_deal::Entity::find_by_id(deal_id);
        if self.0.get_database_backend() == DbBackend::Postgres {
            find = find.lock_exclusive();
        }
        let Some(deal) = find.one(self.0).await? else {
            return Ok(false);
        };
        let current = NewDeal {
            sku_id: deal.sku_id,
            group_price: deal.group_price,
            group_size: deal.group_size,
            time_limit_minutes: deal.time_limit_minutes,
            per_member_limit: deal.per_member_limit,
            starts_at: deal.starts_at.timestamp_millis(),
            ends_at: deal.ends_at.timestamp_millis(),
        };
        let starts_at = plan_deal_edit(&current, wanted, now.timestamp_millis())?;
        let price = sku::Entity::find_by_id(deal.sku_id)
            .one(self.0)
            .await?
            .ok_or(DealSetupError::NoSuchSku)?
            .price;
        if wanted.group_price >= price {
            return Err(DealSetupError::NotCheaper);
        }
        group_deal::Entity::update_many()
            .col_expr(
                group_deal::Column::GroupPrice,
                Expr::value(wanted.group_price),
            )
            .col_expr(
                group_deal::Column::GroupSize,
                Expr::value(wanted.group_size),
            )
            .col_expr(
                group_deal::Column::TimeLimitMinutes,
                Expr::value(wanted.time_limit_minutes),
            )
            .col_expr(
                group_deal::Column::PerMemberLimit,
                Expr::value(wanted.per_member_limit),
            )
            .col_expr(group_deal::Column::StartsAt, Expr::value(at_ms(starts_at)))
            .col_expr(
                group_deal::Column::EndsAt,
                Expr::value(at_ms(wanted.ends_at)),
            )
            .col_expr(group_deal::Column::UpdatedAt, Expr::value(now))
            .filter(group_deal::Column::Id.eq(deal_id))
            .exec(self.0)
            .await?;
        Ok(true)
    }

    /// Stops new groups on the deal from now; groups already open keep
    /// their time to form. `false` when it had already ended.
    pub async fn end_deal(&self, deal_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let ended = group_deal::Entity::update_many()
            .col_expr(group_deal::Column::EndsAt, Expr::value(now))
            .col_expr(group_deal::Column::UpdatedAt, Expr::value(now))
            .filter(group_deal::Column::Id.eq(deal_id))
            .filter(group_deal::Column::EndsAt.gt(now))
            .exec(self.0)
            .await?;
        Ok(ended.rows_affected == 1)
    }

    pub async fn deal(&self, deal_id: i64) -> Result<Option<group_deal::Model>, DbErr> {
        group_deal::Entity::find_by_id(deal_id).one(self.0).await
    }

    /// Deals on which a group may be opened at `now`, ending soonest first.
    pub async fn running_deals(&self, now: DateTime<Utc>) -> Result<Vec<group_deal::Model>, DbErr> {
        group_deal::Entity::find()
            .filter(group_deal::Column::StartsAt.lte(now))
            .filter(group_deal::Column::EndsAt.gt(now))
            .order_by_asc(group_deal::Column::EndsAt)
            .order_by_asc(group_deal::Column::Id)
            .all(self.0)
            .await
    }

    /// The deals running at `now` on the product with this slug.
    pub async fn running_deals_on(
        &self,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<group_deal::Model>, DbErr> {
        let product = product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(product::Column::Slug.eq(slug))
            .into_query();
        group_deal::Entity::find()
            .filter(group_deal::Column::ProductId.in_subquery(product))
            .filter(group_deal::Column::StartsAt.lte(now))
            .filter(group_deal::Column::EndsAt.gt(now))
            .order_by_asc(group_deal::Column::EndsAt)
            .all(self.0)
            .await
    }

    /// The latest deals, running or not, for staff.
    pub async fn latest_deals(&self, limit: u64) -> Result<Vec<group_deal::Model>, DbErr> {
        group_deal::Entity::find()
            .order_by_desc(group_deal::Column::StartsAt)
            .order_by_desc(group_deal::Column::Id)
            .limit(limit)
            .all(self.0)
            .await
    }

    /// Groups of these deals that someone may still join, the closest to
    /// running out of time first.
    pub async fn joinable(
        &self,
        deal_ids: impl IntoIterator<Item = i64>,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<group_buy::Model>, DbErr> {
        group_buy::Entity::find()
            .filter(group_buy::Column::DealId.is_in(deal_ids))
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .filter(group_buy::Column::ExpiresAt.gt(now))
            .filter(group_buy::Column::Taken.gt(0))
            .filter(Expr::col(group_buy::Column::Taken).lt(Expr::col(group_buy::Column::Size)))
            .order_by_asc(group_buy::Column::ExpiresAt)
            .order_by_asc(group_buy::Column::Id)
            .limit(limit)
            .all(self.0)
            .await
    }

    /// How many groups of each deal are forming, formed and failed.
    pub async fn stage_counts(
        &self,
        deal_ids: impl IntoIterator<Item = i64>,
    ) -> Result<Vec<(i64, String, i64)>, DbErr> {
        group_buy::Entity::find()
            .select_only()
            .column(group_buy::Column::DealId)
            .column(group_buy::Column::Status)
            .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
            .filter(group_buy::Column::DealId.is_in(deal_ids))
            .group_by(group_buy::Column::DealId)
            .group_by(group_buy::Column::Status)
            .into_tuple()
            .all(self.0)
            .await
    }

    pub async fn group(&self, group_id: i64) -> Result<Option<group_buy::Model>, DbErr> {
        group_buy::Entity::find_by_id(group_id).one(self.0).await
    }

    /// Who holds a place, in the order they joined.
    pub async fn members(&self, group_id: i64) -> Result<Vec<group_member::Model>, DbErr> {
        group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(group_id))
            .order_by_asc(group_member::Column::JoinedAt)
            .order_by_asc(group_member::Column::MemberId)
            .all(self.0)
            .await
    }

    /// Opens a group on the deal with its first place held by `leader`.
    pub async fn open(
        &self,
        deal: &group_deal::Model,
        leader: i64,
        now: DateTime<Utc>,
    ) -> Result<group_buy::Model, DbErr> {
        let expires_at = now + chrono::Duration::minutes(i64::from(deal.time_limit_minutes));
        group_buy::ActiveModel {
            deal_id: Set(deal.id),
            leader_id: Set(leader),
            size: Set(deal.group_size),
            taken: Set(1),
            paid: Set(0),
            status: Set(GroupStage::Forming.as_str().to_owned()),
            expires_at: Set(expires_at),
            created_at: Set(now),
            closed_at: Set(None),
            ..Default::default()
        }
        .insert(self.0)
        .await
    }

    /// Takes one more place while the group forms, has room and has time;
    /// answers whether it did. On PostgreSQL the row stays locked to the
    /// commit, so racing joiners take the places one after another.
    pub async fn take_place(&self, group_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let taken = group_buy::Entity::update_many()
            .col_expr(
                group_buy::Column::Taken,
                Expr::col(group_buy::Column::Taken).add(1),
            )
            .filter(group_buy::Column::Id.eq(group_id))
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .filter(group_buy::Column::ExpiresAt.gt(now))
            .filter(Expr::col(group_buy::Column::Taken).lt(Expr::col(group_buy::Column::Size)))
            .exec(self.0)
            .await?;
        Ok(taken.rows_affected == 1)
    }

    /// Writes who holds the place and with which order. The key is the
    /// group and the member: a second place for the same member fails.
    pub async fn add_member(
        &self,
        group_id: i64,
        member_id: i64,
        order_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        group_member::Entity::insert(group_member::ActiveModel {
            group_id: Set(group_id),
            member_id: Set(member_id),
            order_id: Set(order_id),
            joined_at: Set(now),
        })
        .exec_without_returning(self.0)
        .await?;
        Ok(())
    }

    pub async fn is_member(&self, group_id: i64, member_id: i64) -> Result<bool, DbErr> {
        Ok(group_member::Entity::find_by_id((group_id, member_id))
            .one(self.0)
            .await?
            .is_some())
    }

    /// Counts one more group order of the deal for the member, unless that
    /// passes `limit`; answers whether it did.
    pub async fn allow(&self, deal_id: i64, member_id: i64, limit: i32) -> Result<bool, DbErr> {
        let joined = Expr::col((group_allowance::Entity, group_allowance::Column::Joined));
        let counted = group_allowance::Entity::insert(group_allowance::ActiveModel {
            deal_id: Set(deal_id),
            member_id: Set(member_id),
            joined: Set(1),
        })
        .on_conflict(
            OnConflict::columns([
                group_allowance::Column::DealId,
                group_allowance::Column::MemberId,
            ])
            .value(group_allowance::Column::Joined, joined.clone().add(1))
            .action_and_where(joined.add(1).lte(limit))
            .to_owned(),
        )
        .exec_without_returning(self.0)
        .await?;
        Ok(counted == 1)
    }

    /// Locks the group's row for the rest of the transaction (PostgreSQL;
    /// SQLite's one writer needs no lock) and answers its stage.
    pub async fn lock(&self, group_id: i64) -> Result<Option<LockedGroup>, DbErr> {
        let mut select = group_buy::Entity::find_by_id(group_id)
            .select_only()
            .columns([group_buy::Column::DealId, group_buy::Column::Status]);
        if self.0.get_database_backend() == DbBackend::Postgres {
            select = select.lock_exclusive();
        }
        let row: Option<(i64, String)> = select.into_tuple().one(self.0).await?;
        Ok(row.and_then(|(deal_id, status)| {
            Some(LockedGroup {
                id: group_id,
                deal_id,
                stage: GroupStage::parse(&status)?,
            })
        }))
    }

    /// Keeps the group in step with one of its orders, in the order's
    /// transaction: a payment counts towards forming it, an unpaid order
    /// cancelled frees its place, and a cancelled or refunded order no
    /// longer counts against the member's allowance. Answers whether this
    /// move formed the group.
    pub async fn order_moved(
        &self,
        group: &LockedGroup,
        member_id: i64,
        to: OrderStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        match to {
            OrderStatus::Paid => return self.count_paid(group.id, now).await,
            OrderStatus::Cancelled => {
                if group.stage == GroupStage::Forming {
                    self.free_place(group.id, member_id).await?;
                }
                self.give_back_allowance(group.deal_id, member_id).await?;
            }
            OrderStatus::Refunded => self.give_back_allowance(group.deal_id, member_id).await?,
            _ => {}
        }
        Ok(false)
    }

    async fn count_paid(&self, group_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        group_buy::Entity::update_many()
            .col_expr(
                group_buy::Column::Paid,
                Expr::col(group_buy::Column::Paid).add(1),
            )
            .filter(group_buy::Column::Id.eq(group_id))
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .exec(self.0)
            .await?;
        let formed = group_buy::Entity::update_many()
            .col_expr(
                group_buy::Column::Status,
                Expr::value(GroupStage::Formed.as_str()),
            )
            .col_expr(group_buy::Column::ClosedAt, Expr::value(now))
            .filter(group_buy::Column::Id.eq(group_id))
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .filter(Expr::col(group_buy::Column::Paid).gte(Expr::col(group_buy::Column::Size)))
            .exec(self.0)
            .await?;
        Ok(formed.rows_affected == 1)
    }

    /// The member's unpaid place is free for someone else (or for them
    /// again).
    async fn free_place(&self, group_id: i64, member_id: i64) -> Result<(), DbErr> {
        let left = group_member::Entity::delete_many()
            .filter(group_member::Column::GroupId.eq(group_id))
            .filter(group_member::Column::MemberId.eq(member_id))
            .exec(self.0)
            .await?;
        if left.rows_affected == 1 {
            group_buy::Entity::update_many()
                .col_expr(
                    group_buy::Column::Taken,
                    Expr::col(group_buy::Column::Taken).sub(1),
                )
                .filter(group_buy::Column::Id.eq(group_id))
                .filter(group_buy::Column::Taken.gt(0))
                .exec(self.0)
                .await?;
        }
        Ok(())
    }

    async fn give_back_allowance(&self, deal_id: i64, member_id: i64) -> Result<(), DbErr> {
        group_allowance::Entity::update_many()
            .col_expr(
                group_allowance::Column::Joined,
                Expr::col(group_allowance::Column::Joined).sub(1),
            )
            .filter(group_allowance::Column::DealId.eq(deal_id))
            .filter(group_allowance::Column::MemberId.eq(member_id))
            .filter(group_allowance::Column::Joined.gt(0))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Groups whose time ran out before `now` without forming.
    pub async fn expired(&self, now: DateTime<Utc>, limit: u64) -> Result<Vec<i64>, DbErr> {
        group_buy::Entity::find()
            .select_only()
            .column(group_buy::Column::Id)
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .filter(group_buy::Column::ExpiresAt.lte(now))
            .order_by_asc(group_buy::Column::ExpiresAt)
            .limit(limit)
            .into_tuple()
            .all(self.0)
            .await
    }

    /// Marks the group failed if it is still forming past its time;
    /// answers whether this call did (of racing sweepers, one does).
    pub async fn fail(&self, group_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let failed = group_buy::Entity::update_many()
            .col_expr(
                group_buy::Column::Status,
                Expr::value(GroupStage::Failed.as_str()),
            )
            .col_expr(group_buy::Column::ClosedAt, Expr::value(now))
            .filter(group_buy::Column::Id.eq(group_id))
            .filter(group_buy::Column::Status.eq(GroupStage::Forming.as_str()))
            .filter(group_buy::Column::ExpiresAt.lte(now))
            .exec(self.0)
            .await?;
        Ok(failed.rows_affected == 1)
    }
}
