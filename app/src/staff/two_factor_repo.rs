//! The second factor in the database: each staff member's key and last
//! accepted time step, their recovery codes (hashes only) and the sign-ins
//! waiting for a code. Every change that must happen once (a step
//! accepted, a code used, a pending sign-in finished) is one conditional
//! statement whose count of rows says whether it happened, so two requests
//! racing with the same code cannot both win.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use super::entity::{pending_login, recovery_code, two_factor};
use super::two_factor_model::PENDING_LOGIN_MINUTES;

pub use two_factor::Model as TwoFactorRecord;

impl TwoFactorRecord {
    /// Whether sign-ins need a code.
    pub fn enabled(&self) -> bool {
        self.secret.is_some()
    }
}

pub struct TwoFactorRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> TwoFactorRepo<'_, C> {
    /// The staff member's row; `None` when the second factor never
    /// concerned them.
    pub async fn record(&self, staff_id: i64) -> Result<Option<TwoFactorRecord>, DbErr> {
        two_factor::Entity::find_by_id(staff_id).one(self.0).await
    }

    /// Whether a second factor is on for the staff member.
    pub async fn enabled(&self, staff_id: i64) -> Result<bool, DbErr> {
        Ok(self.record(staff_id).await?.is_some_and(|r| r.enabled()))
    }

    /// Records whether the rule applies to them now, and returns since
    /// when it has: the first moment it was seen applying is kept, and
    /// forgotten once it no longer applies (so turning the store's rule
    /// off and on again later gives a new grace period).
    pub async fn note_requirement(
        &self,
        staff_id: i64,
        required: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, DbErr> {
        let known = self.record(staff_id).await?;
        let since = known.as_ref().and_then(|r| r.required_since);
        match (required, since) {
            (true, Some(since)) => Ok(Some(since)),
            (false, None) => Ok(None),
            (true, None) => {
                if known.is_none() {
                    self.ensure_row(staff_id, now).await?;
                }
                // Kept if another request wrote it first.
                two_factor::Entity::update_many()
                    .col_expr(two_factor::Column::RequiredSince, Expr::value(now))
                    .filter(two_factor::Column::StaffId.eq(staff_id))
                    .filter(two_factor::Column::RequiredSince.is_null())
                    .exec(self.0)
                    .await?;
                Ok(self
                    .record(staff_id)
                    .await?
                    .and_then(|r| r.required_since)
                    .or(Some(now)))
            }
            (false, Some(_)) => {
                two_factor::Entity::update_many()
                    .col_expr(
                        two_factor::Column::RequiredSince,
                        Expr::value(None::<DateTime<Utc>>),
                    )
                    .filter(two_factor::Column::StaffId.eq(staff_id))
                    .exec(self.0)
                    .await?;
                Ok(None)
            }
        }
    }

    /// Keeps `secret` as the key being set up, replacing any earlier one.
    pub async fn begin_setup(
        &self,
        staff_id: i64,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        two_factor::Entity::insert(two_factor::ActiveModel {
            staff_id: Set(staff_id),
            pending_secret: Set(Some(secret.to_owned())),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(two_factor::Column::StaffId)
                .update_columns([
                    two_factor::Column::PendingSecret,
                    two_factor::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(self.0)
        .await?;
        Ok(())
    }

    /// Turns the second factor on with the key being set up, which must
    /// still be `pending` (not replaced meanwhile), remembering the step of
    /// the code that confirmed it. `false` when nothing changed.
    pub async fn enable(
        &self,
        staff_id: i64,
        pending: &str,
        step: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let result = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::Secret, Expr::value(pending))
            .col_expr(
                two_factor::Column::PendingSecret,
                Expr::value(None::<String>),
            )
            .col_expr(two_factor::Column::EnabledAt, Expr::value(now))
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .col_expr(two_factor::Column::UpdatedAt, Expr::value(now))
            .filter(two_factor::Column::StaffId.eq(staff_id))
            .filter(two_factor::Column::PendingSecret.eq(pending))
            .filter(two_factor::Column::Secret.is_null())
            .exec(self.0)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Takes the code of time step `step`: `false` when a code of that
    /// step or a later one was already taken (a replay).
    pub async fn accept_step(&self, staff_id: i64, step: i64) -> Result<bool, DbErr> {
        let result = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::StaffId.eq(staff_id))
            .filter(two_factor::Column::Secret.is_not_null())
            .filter(
                Condition::any()
                    .add(two_factor::Column::LastStep.is_null())
                    .add(two_factor::Column::LastStep.lt(step)),
            )
            .exec(self.0)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Turns the second factor off and forgets its key and recovery codes.
    /// `false` when it was not on.
    pub async fn disable(&self, staff_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let result = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::Secret, Expr::value(None::<String>))
            .col_expr(
                two_factor::Column::EnabledAt,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(two_factor::Column::LastStep, Expr::value(None::<i64>))
            .col_expr(
                two_factor::Column::PendingSecret,
                Expr::value(None::<String>),
            )
            .col_expr(two_factor::Column::UpdatedAt, Expr::value(now))
            .filter(two_factor::Column::StaffId.eq(staff_id))
            .filter(two_factor::Column::Secret.is_not_null())
            .exec(self.0)
            .await?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::StaffId.eq(staff_id))
            .exec(self.0)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Replaces the staff member's recovery codes by these hashes.
    pub async fn replace_recovery_codes(
        &self,
        staff_id: i64,
        hashes: &[String],
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::StaffId.eq(staff_id))
            .exec(self.0)
            .await?;
        if hashes.is_empty() {
            return Ok(());
        }
        recovery_code::Entity::insert_many(hashes.iter().map(|hash| recovery_code::ActiveModel {
            staff_id: Set(staff_id),
            code_hash: Set(hash.clone()),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(self.0)
        .await?;
        Ok(())
    }

    /// Uses the recovery code with this hash: `false` when the staff
    /// member has no such code, or it was used already.
    pub async fn use_recovery_code(
        &self,
        staff_id: i64,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let result = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
            .filter(recovery_code::Column::StaffId.eq(staff_id))
            .filter(recovery_code::Column::CodeHash.eq(code_hash))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(self.0)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Recovery codes not used yet.
    pub async fn recovery_codes_left(&self, staff_id: i64) -> Result<u64, DbErr> {
        recovery_code::Entity::find()
            .filter(recovery_code::Column::StaffId.eq(staff_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(self.0)
            .await
    }

    /// Records a sign-in waiting for its code, by the hash of the token its
    /// browser holds. Sign-ins left waiting too long go at the same time.
    pub async fn start_pending_login(
        &self,
        staff_id: i64,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        pending_login::Entity::delete_many()
            .filter(pending_login::Column::ExpiresAt.lte(now))
            .exec(self.0)
            .await?;
        pending_login::Entity::insert(pending_login::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            staff_id: Set(staff_id),
            created_at: Set(now),
            expires_at: Set(now + Duration::minutes(PENDING_LOGIN_MINUTES)),
        })
        .exec_without_returning(self.0)
        .await?;
        Ok(())
    }

    /// The staff member a sign-in waiting for its code belongs to, while
    /// it may still be finished.
    pub async fn pending_login(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, DbErr> {
        Ok(pending_login::Entity::find_by_id(token_hash.to_owned())
            .filter(pending_login::Column::ExpiresAt.gt(now))
            .one(self.0)
            .await?
            .map(|row| row.staff_id))
    }

    /// Ends a sign-in waiting for its code: `true` for the one request
    /// that ended it while it was still valid.
    pub async fn finish_pending_login(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let result = pending_login::Entity::delete_many()
            .filter(pending_login::Column::TokenHash.eq(token_hash))
            .filter(pending_login::Column::ExpiresAt.gt(now))
            .exec(self.0)
            .await?;
        Ok(result.rows_affected == 1)
    }

    async fn ensure_row(&self, staff_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
        two_factor::Entity::insert(two_factor::ActiveModel {
            staff_id: Set(staff_id),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(two_factor::Column::StaffId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(self.0)
        .await?;
        Ok(())
    }
}
