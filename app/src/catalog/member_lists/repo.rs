//! Favourites and recently viewed products, per member.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::RECENT_KEPT;
use crate::catalog::entity::{favourite, recently_viewed};

pub struct MemberListsRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> MemberListsRepo<'_, C> {
    /// Adds or removes a favourite; returns whether it is one now. Adding
    /// twice (two tabs, a double click) is the same as adding once.
    pub async fn set_favourite(
        &self,
        member_id: i64,
        product_id: i64,
        on: bool,
    ) -> Result<bool, DbErr> {
        if on {
            favourite::Entity::insert(favourite::ActiveModel {
                member_id: Set(member_id),
                product_id: Set(product_id),
                created_at: Set(Utc::now()),
            })
            // The primary key: a second click finds the row already there.
            .on_conflict_do_nothing()
            .exec(self.0)
            .await?;
        } else {
            favourite::Entity::delete_many()
                .filter(favourite::Column::MemberId.eq(member_id))
                .filter(favourite::Column::ProductId.eq(product_id))
                .exec(self.0)
                .await?;
        }
        Ok(on)
    }

    pub async fn is_favourite(&self, member_id: i64, product_id: i64) -> Result<bool, DbErr> {
        let found = favourite::Entity::find()
            .filter(favourite::Column::MemberId.eq(member_id))
            .filter(favourite::Column::ProductId.eq(product_id))
            .count(self.0)
            .await?;
        Ok(found > 0)
    }

    /// Favourite product ids, the latest added first.
    pub async fn favourite_ids(&self, member_id: i64, limit: u64) -> Result<Vec<i64>, DbErr> {
        favourite::Entity::find()
            .select_only()
            .column(favourite::Column::ProductId)
            .filter(favourite::Column::MemberId.eq(member_id))
            .order_by_desc(favourite::Column::CreatedAt)
            .order_by_desc(favourite::Column::ProductId)
            .limit(limit)
            .into_tuple()
            .all(self.0)
            .await
    }

    /// Notes that the member looked at a product now, and forgets views
    /// beyond the newest [`RECENT_KEPT`].
    pub async fn record_view(&self, member_id: i64, product_id: i64) -> Result<(), DbErr> {
        recently_viewed::Entity::insert(recently_viewed::ActiveModel {
            member_id: Set(member_id),
            product_id: Set(product_id),
            viewed_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([
                recently_viewed::Column::MemberId,
                recently_viewed::Column::ProductId,
            ])
            .update_column(recently_viewed::Column::ViewedAt)
            .to_owned(),
        )
        .exec(self.0)
        .await?;
        let kept = self.recent_ids(member_id).await?;
        if kept.len() as u64 == RECENT_KEPT {
            recently_viewed::Entity::delete_many()
                .filter(recently_viewed::Column::MemberId.eq(member_id))
                .filter(recently_viewed::Column::ProductId.is_not_in(kept))
                .exec(self.0)
                .await?;
        }
        Ok(())
    }

    /// Recently viewed product ids, the latest first.
    pub async fn recent_ids(&self, member_id: i64) -> Result<Vec<i64>, DbErr> {
        recently_viewed::Entity::find()
            .select_only()
            .column(recently_viewed::Column::ProductId)
            .filter(recently_viewed::Column::MemberId.eq(member_id))
            .order_by_desc(recently_viewed::Column::ViewedAt)
            .order_by_desc(recently_viewed::Column::ProductId)
            .limit(RECENT_KEPT)
            .into_tuple()
            .all(self.0)
            .await
    }
}
