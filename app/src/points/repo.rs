use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::entity::points_ledger;
use super::model::PointsEntry;

pub struct PointsRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> PointsRepo<'_, C> {
    /// Adds `delta` points for `source` unless that source already gave
    /// some; answers whether it did now.
    pub async fn credit(
        &self,
        member_id: i64,
        delta: i64,
        source: &str,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let inserted = points_ledger::Entity::insert(points_ledger::ActiveModel {
            member_id: Set(member_id),
            delta: Set(delta),
            source: Set(source.to_owned()),
            note: Set(note.to_owned()),
            created_at: Set(at),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::column(points_ledger::Column::Source)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(self.0)
        .await?;
        Ok(inserted > 0)
    }

    pub async fn balance(&self, member_id: i64) -> Result<i64, DbErr> {
        let sum: Option<Option<i64>> = points_ledger::Entity::find()
            .select_only()
            // PostgreSQL sums BIGINT into NUMERIC; the balance fits an i64.
            .column_as(
                Expr::col(points_ledger::Column::Delta)
                    .sum()
                    .cast_as("BIGINT"),
                "sum",
            )
            .filter(points_ledger::Column::MemberId.eq(member_id))
            .into_tuple()
            .one(self.0)
            .await?;
        Ok(sum.flatten().unwrap_or(0))
    }

    /// The member's latest `limit` entries (all of them with `None`),
    /// newest first.
    pub async fn history(
        &self,
        member_id: i64,
        limit: Option<u64>,
    ) -> Result<Vec<PointsEntry>, DbErr> {
        Ok(points_ledger::Entity::find()
            .filter(points_ledger::Column::MemberId.eq(member_id))
            .order_by_desc(points_ledger::Column::Id)
            .limit(limit)
            .all(self.0)
            .await?
            .into_iter()
            .map(|row| PointsEntry {
                delta: row.delta,
                note: row.note,
                at: row.created_at.to_rfc3339(),
            })
            .collect())
    }
}
