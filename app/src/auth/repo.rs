//! Sessions and login throttling in the database, shared by every app server.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::entity::{session, throttle};
use super::session::{SessionKind, SessionLifetimes};
use super::throttle::ThrottleRule;

/// What is recorded about a new session.
pub struct NewSession<'a> {
    pub kind: SessionKind,
    pub subject_id: i64,
    pub token_hash: &'a str,
    pub remember: bool,
    /// Ends it at `lifetimes.expires_at(…)` at the latest.
    pub lifetimes: SessionLifetimes,
    pub now: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub struct SessionRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> SessionRepo<'_, C> {
    pub async fn create(&self, new: NewSession<'_>) -> Result<(), DbErr> {
        let row = session::ActiveModel {
            token_hash: Set(new.token_hash.to_owned()),
            kind: Set(new.kind.as_str().to_owned()),
            subject_id: Set(new.subject_id),
            remember: Set(new.remember),
            created_at: Set(new.now),
            expires_at: Set(new.lifetimes.expires_at(new.kind, new.now, new.remember)),
            last_seen_at: Set(Some(new.now)),
            ip: Set(new.ip),
            user_agent: Set(new.user_agent.map(|ua| ua.chars().take(200).collect())),
        };
        session::Entity::insert(row)
            .exec_without_returning(self.0)
            .await?;
        Ok(())
    }

    /// The account a live session belongs to: one that has outlived
    /// neither its absolute nor its idle limit, as `lifetimes` has them now
    /// (a limit the owner shortens applies to running sessions at once).
    pub async fn subject(
        &self,
        kind: SessionKind,
        token_hash: &str,
        lifetimes: &SessionLifetimes,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, DbErr> {
        session::Entity::find_by_id(token_hash.to_owned())
            .filter(session::Column::Kind.eq(kind.as_str()))
            .filter(alive(kind, lifetimes, now))
            .select_only()
            .column(session::Column::SubjectId)
            .into_tuple::<i64>()
            .one(self.0)
            .await
    }

    /// Records a request on the session, at most once a [`TOUCH_EVERY`]:
    /// the idle limit needs no more precision than that, and a write per
    /// request would cost every page a database write.
    pub async fn touch(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::TokenHash.eq(token_hash))
            .filter(session::Column::LastSeenAt.lt(now - TOUCH_EVERY))
            .exec(self.0)
            .await?;
        Ok(())
    }

    pub async fn delete(&self, token_hash: &str) -> Result<(), DbErr> {
        session::Entity::delete_by_id(token_hash.to_owned())
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Ends every session of one account (password change, account
    /// disabled); returns their hashes so caches can forget them too.
    pub async fn delete_all_for(
        &self,
        kind: SessionKind,
        subject_id: i64,
    ) -> Result<Vec<String>, DbErr> {
        self.delete_returning_hashes(of_account(kind, subject_id))
            .await
    }

    /// Every session row the account has, ended or not (what the shop
    /// holds about the person), newest first.
    pub async fn all_for(
        &self,
        kind: SessionKind,
        subject_id: i64,
    ) -> Result<Vec<session::Model>, DbErr> {
        session::Entity::find()
            .filter(of_account(kind, subject_id))
            .order_by_desc(session::Column::CreatedAt)
            .all(self.0)
            .await
    }

    /// The account's live sessions, newest first.
    pub async fn live_for(
        &self,
        kind: SessionKind,
        subject_id: i64,
        lifetimes: &SessionLifetimes,
        now: DateTime<Utc>,
    ) -> Result<Vec<session::Model>, DbErr> {
        session::Entity::find()
            .filter(of_account(kind, subject_id))
            .filter(alive(kind, lifetimes, now))
            .order_by_desc(session::Column::CreatedAt)
            .all(self.0)
            .await
    }

    /// Ends the account's sessions whose token hash starts with `handle`
    /// (one, in practice: see `devices::HANDLE_CHARS`) and returns their
    /// hashes. Another account's session is never matched, whatever the
    /// handle: the account is part of the condition.
    pub async fn delete_by_handle(
        &self,
        kind: SessionKind,
        subject_id: i64,
        handle: &str,
    ) -> Result<Vec<String>, DbErr> {
        self.delete_returning_hashes(
            of_account(kind, subject_id).and(session::Column::TokenHash.starts_with(handle)),
        )
        .await
    }

    /// Ends every session of the account but `keep` (sign out everywhere
    /// else) and returns their hashes.
    pub async fn delete_all_but(
        &self,
        kind: SessionKind,
        subject_id: i64,
        keep: &str,
    ) -> Result<Vec<String>, DbErr> {
        self.delete_returning_hashes(
            of_account(kind, subject_id).and(session::Column::TokenHash.ne(keep)),
        )
        .await
    }

    /// Deletes the sessions matching `which` and returns their hashes, so
    /// the identity caches can forget them.
    async fn delete_returning_hashes(
        &self,
        which: sea_orm::sea_query::SimpleExpr,
    ) -> Result<Vec<String>, DbErr> {
        let hashes: Vec<String> = session::Entity::find()
            .filter(which.clone())
            .select_only()
            .column(session::Column::TokenHash)
            .into_tuple()
            .all(self.0)
            .await?;
        if !hashes.is_empty() {
            session::Entity::delete_many()
                .filter(which)
                .exec(self.0)
                .await?;
        }
        Ok(hashes)
    }

    /// Deletes the sessions that can no longer be used.
    pub async fn delete_expired(
        &self,
        lifetimes: &SessionLifetimes,
        now: DateTime<Utc>,
    ) -> Result<u64, DbErr> {
        let mut deleted = 0;
        for kind in [SessionKind::Member, SessionKind::Staff] {
            deleted += session::Entity::delete_many()
                .filter(session::Column::Kind.eq(kind.as_str()))
                .filter(alive(kind, lifetimes, now).not())
                .exec(self.0)
                .await?
                .rows_affected;
        }
        Ok(deleted)
    }
}

/// How stale a session's last-seen time may be.
pub const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// A session of `kind` that is still alive at `now`: before the end set at
/// sign-in, within today's absolute limit counted from sign-in, and within
/// the idle limit counted from the last request seen (less the
/// [`TOUCH_EVERY`] that may not have been recorded yet).
fn alive(kind: SessionKind, lifetimes: &SessionLifetimes, now: DateTime<Utc>) -> Condition {
    let started_after = |remember| now - lifetimes.absolute(kind, remember);
    let within_absolute = match kind {
        SessionKind::Member => Condition::any()
            .add(
                session::Column::Remember
                    .eq(true)
                    .and(session::Column::CreatedAt.gt(started_after(true))),
            )
            .add(
                session::Column::Remember
                    .eq(false)
                    .and(session::Column::CreatedAt.gt(started_after(false))),
            ),
        SessionKind::Staff => {
            Condition::all().add(session::Column::CreatedAt.gt(started_after(false)))
        }
    };
    Condition::all()
        .add(session::Column::ExpiresAt.gt(now))
        .add(within_absolute)
        .add(session::Column::LastSeenAt.gt(now - lifetimes.idle(kind) - TOUCH_EVERY))
}

/// The sessions of one account.
fn of_account(kind: SessionKind, subject_id: i64) -> sea_orm::sea_query::SimpleExpr {
    session::Column::Kind
        .eq(kind.as_str())
        .and(session::Column::SubjectId.eq(subject_id))
}

pub struct ThrottleRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> ThrottleRepo<'_, C> {
    pub async fn blocks(
        &self,
        key: &str,
        rule: ThrottleRule,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let row = throttle::Entity::find_by_id(key.to_owned())
            .one(self.0)
            .await?;
        Ok(row.is_some_and(|row| rule.blocks(row.failures, row.window_start, now)))
    }

    /// Counts one failure. A single upsert, so concurrent failures from
    /// several app servers are all counted: a window that has ended starts
    /// over at 1, otherwise the count goes up by one.
    pub async fn record_failure(
        &self,
        key: &str,
        rule: ThrottleRule,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        self.count(key, rule, now).await.map(|_| ())
    }

    /// Claims one attempt before it is made: counts it as a failure at
    /// once, in the same single upsert, and answers whether it is within
    /// the rule (`false`: refuse it). Counted before the slow part (the
    /// password check), so a burst of simultaneous attempts cannot all
    /// read the same count and pass: the sixth of a burst sees six. A
    /// successful attempt gives its claim back ([`Self::clear`],
    /// [`Self::release`]).
    pub async fn claim(
        &self,
        key: &str,
        rule: ThrottleRule,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let counted = self.count(key, rule, now).await?;
        Ok(counted.failures <= rule.max_failures)
    }

    /// Gives back one claimed attempt that turned out well.
    pub async fn release(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::update_many()
            .col_expr(
                throttle::Column::Failures,
                Expr::col(throttle::Column::Failures).sub(1),
            )
            .filter(throttle::Column::Key.eq(key))
            .filter(throttle::Column::Failures.gt(0))
            .exec(self.0)
            .await?;
        Ok(())
    }

    async fn count(
        &self,
        key: &str,
        rule: ThrottleRule,
        now: DateTime<Utc>,
    ) -> Result<throttle::Model, DbErr> {
        let window_over =
            Expr::col((throttle::Entity, throttle::Column::WindowStart)).lte(now - rule.window);
        let row = throttle::ActiveModel {
            key: Set(key.to_owned()),
            window_start: Set(now),
            failures: Set(1),
        };
        throttle::Entity::insert(row)
            .on_conflict(
                OnConflict::column(throttle::Column::Key)
                    .value(
                        throttle::Column::Failures,
                        Expr::case(window_over.clone(), 1).finally(
                            Expr::col((throttle::Entity, throttle::Column::Failures)).add(1),
                        ),
                    )
                    .value(
                        throttle::Column::WindowStart,
                        Expr::case(window_over, now)
                            .finally(Expr::col((throttle::Entity, throttle::Column::WindowStart))),
                    )
                    .to_owned(),
            )
            .exec_with_returning(self.0)
            .await
    }

    pub async fn clear(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::delete_by_id(key.to_owned())
            .exec(self.0)
            .await?;
        Ok(())
    }
}
