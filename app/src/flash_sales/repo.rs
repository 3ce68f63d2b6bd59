//! Flash sales in the database. Every step that moves units is one
//! conditional update, so it holds whatever runs beside it, on any number
//! of app servers: the sale's `sold` never passes its `stock`, a member's
//! count never passes the limit, and units go back once.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::edit::{CurrentItem, EditError, plan_edit};
use super::entity::{flash_item, flash_purchase, flash_session};
use super::model::{NewSession, SessionError};
use crate::catalog::entity::sku;
use crate::catalog::status::SkuStatus;
use crate::catalog::write::CatalogWriter;
use crate::clock::at_ms;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Invalid(#[from] SessionError),
    #[error("SKU {0} does not exist or is not sold")]
    NoSuchSku(i64),
    #[error("SKU {code} has only {left} in stock")]
    NotEnoughStock { code: String, left: i64 },
    #[error("SKU {0}: the flash price must be below its price")]
    NotCheaper(String),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct FlashRepo<'c, C>(pub &'c C);

/// Units a batch took, and what the item has left after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub granted: i32,
    pub left: i32,
    /// False when the session was not running (or the item is settled).
    pub running: bool,
}

impl Taken {
    const SOLD_OUT: Self = Self {
        granted: 0,
        left: 0,
        running: true,
    };
    /// The item is gone (its session deleted).
    const GONE: Self = Self {
        granted: 0,
        left: 0,
        running: false,
    };
}

impl<C: ConnectionTrait> FlashRepo<'_, C> {
    /// Writes the session and sets each item's flash stock aside from its
    /// SKU. Run it in a write transaction: a SKU short of stock refuses
    /// the whole session.
    pub async fn create_session(
        &self,
        new: &NewSession,
        now: DateTime<Utc>,
    ) -> Result<i64, SetupError> {
        new.check(now.timestamp_millis())?;
        let session = flash_session::ActiveModel {
            title: Set(new.title.trim().to_owned()),
            starts_at: Set(at_ms(new.starts_at)),
            ends_at: Set(at_ms(new.ends_at)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        for item in &new.items {
            let row = sku::Entity::find_by_id(item.sku_id)
                .one(self.0)
                .await?
                .filter(|s| SkuStatus::from_stored(&s.status) == SkuStatus::Active)
                .ok_or(SetupError::NoSuchSku(item.sku_id))?;
            if item.flash_price >= row.price {
                return Err(SetupError::NotCheaper(row.code));
            }
            let taken = sku::Entity::update_many()
                .col_expr(
                    sku::Column::Stock,
                    Expr::col(sku::Column::Stock).sub(i64::from(item.stock)),
                )
                .filter(sku::Column::Id.eq(item.sku_id))
                .filter(sku::Column::Stock.gte(i64::from(item.stock)))
                .exec(self.0)
                .await?;
            if taken.rows_affected == 0 {
                return Err(SetupError::NotEnoughStock {
                    code: row.code,
                    left: row.stock,
                });
            }
            flash_item::ActiveModel {
                session_id: Set(session.id),
                sku_id: Set(item.sku_id),
                product_id: Set(row.product_id),
                flash_price: Set(item.flash_price),
                stock: Set(item.stock),
                sold: Set(0),
                per_member_limit: Set(item.per_member_limit),
                settled: Set(false),
                ..Default::default()
            }
            .insert(self.0)
            .await?;
            CatalogWriter(self.0)
                .refresh_summary(row.product_id)
                .await?;
        }
        Ok(session.id)
    }

    /// Applies staff's changes to a session (see `edit` for what may
    /// change when), moving flash stock between the SKUs and the sale as
    /// it grows or shrinks. Run it in a write transaction; answers false
    /// when there is no such session. A buyer racing the edit cannot make
    /// the stock fall below what is sold: that update is conditional.
    pub async fn edit_session(
        &self,
        session_id: i64,
        wanted: &NewSession,
        now: DateTime<Utc>,
    ) -> Result<bool, SetupError> {
        let mut find = flash_session::Entity::find_by_id(session_id);
        if self.0.get_database_backend() == DbBackend::Postgres {
            find = find.lock_exclusive();
        }
        let Some(session) = find.one(self.0).await? else {
            return Ok(false);
        };
        let items = flash_item::Entity::find()
            .filter(flash_item::Column::SessionId.eq(session_id))
            .all(self.0)
            .await?;
        let current: Vec<CurrentItem> = items
            .iter()
            .map(|i| CurrentItem {
                sku_id: i.sku_id,
                flash_price: i.flash_price,
                stock: i.stock,
                sold: i.sold,
                per_member_limit: i.per_member_limit,
            })
            .collect();
        let (starts_at, changes) = plan_edit(
            session.starts_at.timestamp_millis(),
            session.ends_at.timestamp_millis(),
            &current,
            wanted,
            now.timestamp_millis(),
        )?;
        flash_session::Entity::update_many()
            .col_expr(
                flash_session::Column::Title,
                Expr::value(wanted.title.trim()),
            )
            .col_expr(
                flash_session::Column::StartsAt,
                Expr::value(at_ms(starts_at)),
            )
            .col_expr(
                flash_session::Column::EndsAt,
                Expr::value(at_ms(wanted.ends_at)),
            )
            .col_expr(flash_session::Column::UpdatedAt, Expr::value(now))
            .filter(flash_session::Column::Id.eq(session_id))
            .exec(self.0)
            .await?;
        for change in &changes {
            let Some(item) = items.iter().find(|i| i.sku_id == change.sku_id) else {
                return Err(EditError::Items.into());
            };
            let row = sku::Entity::find_by_id(item.sku_id)
                .one(self.0)
                .await?
                .ok_or(SetupError::NoSuchSku(item.sku_id))?;
            if change.flash_price >= row.price {
                return Err(SetupError::NotCheaper(row.code));
            }
            let units = i64::from(change.from_sku);
            let mut moved = sku::Entity::update_many()
                .col_expr(sku::Column::Stock, Expr::col(sku::Column::Stock).sub(units))
                .filter(sku::Column::Id.eq(item.sku_id));
            if units > 0 {
                moved = moved.filter(sku::Column::Stock.gte(units));
            }
            if units != 0 && moved.exec(self.0).await?.rows_affected == 0 {
                return Err(SetupError::NotEnoughStock {
                    code: row.code,
                    left: row.stock,
                });
            }
            let updated = flash_item::Entity::update_many()
                .col_expr(
                    flash_item::Column::FlashPrice,
                    Expr::value(change.flash_price),
                )
                .col_expr(flash_item::Column::Stock, Expr::value(change.stock))
                .col_expr(
                    flash_item::Column::PerMemberLimit,
                    Expr::value(change.per_member_limit),
                )
                .filter(flash_item::Column::Id.eq(item.id))
                .filter(flash_item::Column::Sold.lte(change.stock))
                .filter(flash_item::Column::Settled.eq(false))
                .exec(self.0)
                .await?;
            if updated.rows_affected == 0 {
                return Err(EditError::BelowSold {
                    sku_id: item.sku_id,
                    sold: item.sold,
                }
                .into());
            }
            CatalogWriter(self.0)
                .refresh_summary(row.product_id)
                .await?;
        }
        Ok(true)
    }

    /// Sessions that have not ended by `now`, soonest first, with their items.
    pub async fn running_and_upcoming(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(flash_session::Model, Vec<flash_item::Model>)>, DbErr> {
        let sessions = flash_session::Entity::find()
            .filter(flash_session::Column::EndsAt.gt(now))
            .order_by_asc(flash_session::Column::StartsAt)
            .order_by_asc(flash_session::Column::Id)
            .all(self.0)
            .await?;
        self.with_items(sessions).await
    }

    /// One session with its items.
    pub async fn session(
        &self,
        session_id: i64,
    ) -> Result<Option<(flash_session::Model, Vec<flash_item::Model>)>, DbErr> {
        let session = flash_session::Entity::find_by_id(session_id)
            .one(self.0)
            .await?;
        Ok(self.with_items(session.into_iter().collect()).await?.pop())
    }

    /// The latest sessions, ended or not, for staff.
    pub async fn latest(
        &self,
        limit: u64,
    ) -> Result<Vec<(flash_session::Model, Vec<flash_item::Model>)>, DbErr> {
        let sessions = flash_session::Entity::find()
            .order_by_desc(flash_session::Column::StartsAt)
            .order_by_desc(flash_session::Column::Id)
            .limit(limit)
            .all(self.0)
            .await?;
        self.with_items(sessions).await
    }

    async fn with_items(
        &self,
        sessions: Vec<flash_session::Model>,
    ) -> Result<Vec<(flash_session::Model, Vec<flash_item::Model>)>, DbErr> {
        let mut items = flash_item::Entity::find()
            .filter(flash_item::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
            .order_by_asc(flash_item::Column::Id)
            .all(self.0)
            .await?;
        Ok(sessions
            .into_iter()
            .map(|session| {
                let (mine, rest) = items.drain(..).partition(|i| i.session_id == session.id);
                items = rest;
                (session, mine)
            })
            .collect())
    }

    /// Takes up to `wanted` units of the item while its session runs;
    /// answers how many it took (none when sold out or not running) and
    /// how many are left. Run it in a write transaction; on PostgreSQL it
    /// locks the item's row until the commit, which is what a batch is
    /// for: one lock, many units.
    pub async fn take(
        &self,
        item_id: i64,
        wanted: i32,
        now: DateTime<Utc>,
    ) -> Result<Taken, DbErr> {
        let mut select = flash_item::Entity::find_by_id(item_id)
            .select_only()
            .columns([flash_item::Column::Stock, flash_item::Column::Sold]);
        if self.0.get_database_backend() == DbBackend::Postgres {
            select = select.lock_exclusive();
        }
        let Some((stock, sold)) = select.into_tuple::<(i32, i32)>().one(self.0).await? else {
            return Ok(Taken::GONE);
        };
        let granted = Ord::min(wanted, stock - sold);
        if granted <= 0 {
            return Ok(Taken::SOLD_OUT);
        }
        let running = flash_session::Entity::find()
            .select_only()
            .column(flash_session::Column::Id)
            .filter(flash_session::Column::StartsAt.lte(now))
            .filter(flash_session::Column::EndsAt.gt(now))
            .into_query();
        let taken = flash_item::Entity::update_many()
            .col_expr(
                flash_item::Column::Sold,
                Expr::col(flash_item::Column::Sold).add(granted),
            )
            .filter(flash_item::Column::Id.eq(item_id))
            .filter(
                Expr::col(flash_item::Column::Sold)
                    .add(granted)
                    .lte(Expr::col(flash_item::Column::Stock)),
            )
            .filter(flash_item::Column::Settled.eq(false))
            .filter(flash_item::Column::SessionId.in_subquery(running))
            .exec(self.0)
            .await?;
        Ok(if taken.rows_affected == 1 {
            Taken {
                granted,
                left: stock - sold - granted,
                running: true,
            }
        } else {
            // The session is not running (or was settled).
            Taken {
                granted: 0,
                left: stock - sold,
                running: false,
            }
        })
    }

    /// Returns units a batch took but could not sell (a member over the
    /// limit, or without an address).
    pub async fn put_back(&self, item_id: i64, units: i32) -> Result<(), DbErr> {
        flash_item::Entity::update_many()
            .col_expr(
                flash_item::Column::Sold,
                Expr::col(flash_item::Column::Sold).sub(units),
            )
            .filter(flash_item::Column::Id.eq(item_id))
            .filter(flash_item::Column::Sold.gte(units))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Counts one unit more for each of the members (each named once),
    /// unless that passes `limit`; answers those it counted. One
    /// statement for a whole round of a batch: the conditional upsert
    /// skips, and leaves out of what it returns, a member at the limit.
    pub async fn count_purchases(
        &self,
        item_id: i64,
        members: &[i64],
        limit: i32,
    ) -> Result<HashSet<i64>, DbErr> {
        if limit < 1 || members.is_empty() {
            return Ok(HashSet::new());
        }
        let bought = Expr::col((flash_purchase::Entity, flash_purchase::Column::Bought));
        let rows = members
            .iter()
            .map(|&member_id| flash_purchase::ActiveModel {
                item_id: Set(item_id),
                member_id: Set(member_id),
                bought: Set(1),
            });
        let counted = flash_purchase::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    flash_purchase::Column::ItemId,
                    flash_purchase::Column::MemberId,
                ])
                .value(flash_purchase::Column::Bought, bought.clone().add(1))
                .action_and_where(bought.add(1).lte(limit))
                .to_owned(),
            )
            .exec_with_returning(self.0)
            .await?;
        Ok(counted.into_iter().map(|row| row.member_id).collect())
    }

    /// Gives an unpaid order's units back to the sale, and to the member's
    /// allowance, unless the sale is settled; answers whether it did (if
    /// not, the units belong to the SKU again).
    pub async fn give_back(&self, item_id: i64, member_id: i64, units: i32) -> Result<bool, DbErr> {
        let returned = flash_item::Entity::update_many()
            .col_expr(
                flash_item::Column::Sold,
                Expr::col(flash_item::Column::Sold).sub(units),
            )
            .filter(flash_item::Column::Id.eq(item_id))
            .filter(flash_item::Column::Settled.eq(false))
            .filter(flash_item::Column::Sold.gte(units))
            .exec(self.0)
            .await?;
        if returned.rows_affected == 0 {
            return Ok(false);
        }
        flash_purchase::Entity::update_many()
            .col_expr(
                flash_purchase::Column::Bought,
                Expr::col(flash_purchase::Column::Bought).sub(units),
            )
            .filter(flash_purchase::Column::ItemId.eq(item_id))
            .filter(flash_purchase::Column::MemberId.eq(member_id))
            .filter(flash_purchase::Column::Bought.gte(units))
            .exec(self.0)
            .await?;
        Ok(true)
    }

    /// Puts the unsold units of ended sessions back on their SKUs, once per
    /// item; answers how many items it settled.
    pub async fn settle_ended(&self, now: DateTime<Utc>) -> Result<usize, DbErr> {
        let items = unsettled_after_end(now).all(self.0).await?;
        let mut settled = 0;
        for item in items {
            let marked = flash_item::Entity::update_many()
                .col_expr(flash_item::Column::Settled, Expr::value(true))
                .filter(flash_item::Column::Id.eq(item.id))
                .filter(flash_item::Column::Settled.eq(false))
                .exec_with_returning(self.0)
                .await?;
            // Read back in the update: a cancellation may have moved `sold`
            // since the list above.
            let Some(now_item) = marked.first() else {
                continue;
            };
            // As BIGINT, the column's type: PostgreSQL keeps each
            // connection's prepared statement with the parameter types it
            // was first given, and the same SQL elsewhere binds an i64.
            let unsold = i64::from(now_item.stock - now_item.sold);
            sku::Entity::update_many()
                .col_expr(
                    sku::Column::Stock,
                    Expr::col(sku::Column::Stock).add(unsold),
                )
                .filter(sku::Column::Id.eq(item.sku_id))
                .exec(self.0)
                .await?;
            CatalogWriter(self.0)
                .refresh_summary(item.product_id)
                .await?;
            settled += 1;
        }
        Ok(settled)
    }

    /// Ends a session now (staff); the sweeper then settles its items.
    /// Answers whether it was still running or to come.
    pub async fn end_now(&self, session_id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        // A session that had not started starts a moment before it ends,
        // so that it still starts before it ends.
        flash_session::Entity::update_many()
            .col_expr(
                flash_session::Column::StartsAt,
                Expr::value(now - chrono::Duration::milliseconds(1)),
            )
            .filter(flash_session::Column::Id.eq(session_id))
            .filter(flash_session::Column::StartsAt.gte(now))
            .exec(self.0)
            .await?;
        let ended = flash_session::Entity::update_many()
            .col_expr(flash_session::Column::EndsAt, Expr::value(now))
            .col_expr(flash_session::Column::UpdatedAt, Expr::value(now))
            .filter(flash_session::Column::Id.eq(session_id))
            .filter(flash_session::Column::EndsAt.gt(now))
            .exec(self.0)
            .await?;
        Ok(ended.rows_affected == 1)
    }

    /// Units of the item the member holds in orders that are not cancelled.
    pub async fn bought(&self, item_id: i64, member_id: i64) -> Result<i32, DbErr> {
        Ok(flash_purchase::Entity::find_by_id((item_id, member_id))
            .one(self.0)
            .await?
            .map_or(0, |p| p.bought))
    }

    /// Every member holding units of the item, with how many.
    pub async fn purchases(&self, item_id: i64) -> Result<Vec<(i64, i32)>, DbErr> {
        flash_purchase::Entity::find()
            .select_only()
            .columns([
                flash_purchase::Column::MemberId,
                flash_purchase::Column::Bought,
            ])
            .filter(flash_purchase::Column::ItemId.eq(item_id))
            .filter(flash_purchase::Column::Bought.gt(0))
            .into_tuple()
            .all(self.0)
            .await
    }
}

/// The sweeper's part: settles ended sessions' items, taking the write
/// lock only when there is something to settle.
pub async fn settle_ended_sessions(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let due = unsettled_after_end(now).one(db).await?;
    if due.is_none() {
        return Ok(0);
    }
    let tx = crate::db::begin_write(db).await?;
    let settled = FlashRepo(&*tx).settle_ended(now).await?;
    tx.commit().await?;
    Ok(settled)
}

/// Items whose session has ended and whose unsold units are still set aside.
fn unsettled_after_end(now: DateTime<Utc>) -> sea_orm::Select<flash_item::Entity> {
    let ended = flash_session::Entity::find()
        .select_only()
        .column(flash_session::Column::Id)
        .filter(flash_session::Column::EndsAt.lte(now))
        .into_query();
    flash_item::Entity::find()
        .filter(flash_item::Column::Settled.eq(false))
        .filter(flash_item::Column::SessionId.in_subquery(ended))
}

/// Every SKU the sessions' items sell, to describe them in one read.
pub fn sku_ids(sessions: &[(flash_session::Model, Vec<flash_item::Model>)]) -> Vec<i64> {
    sessions
        .iter()
        .flat_map(|(_, items)| items.iter().map(|i| i.sku_id))
        .collect()
}
