//! What the catalog keeps about one member (favourites, recently viewed,
//! reviews), read for their data export and erased when they close their
//! account.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::{favourite, product, recently_viewed, review};

/// A product the member marked or looked at, and when.
pub struct ProductMark {
    pub product: String,
    pub slug: String,
    pub at: DateTime<Utc>,
}

pub struct MemberReview {
    pub product: String,
    pub rating: i16,
    pub body: String,
    pub hidden: bool,
    pub at: DateTime<Utc>,
}

/// The name a closed account's reviews are shown under.
pub const FORMER_MEMBER: &str = "—";

pub struct MemberDataRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> MemberDataRepo<'_, C> {
    pub async fn favourites(&self, member_id: i64) -> Result<Vec<ProductMark>, DbErr> {
        let marks: Vec<(i64, DateTime<Utc>)> = favourite::Entity::find()
            .filter(favourite::Column::MemberId.eq(member_id))
            .select_only()
            .column(favourite::Column::ProductId)
            .column(favourite::Column::CreatedAt)
            .order_by_asc(favourite::Column::CreatedAt)
            .into_tuple()
            .all(self.0)
            .await?;
        self.named(marks).await
    }

    pub async fn recently_viewed(&self, member_id: i64) -> Result<Vec<ProductMark>, DbErr> {
        let marks: Vec<(i64, DateTime<Utc>)> = recently_viewed::Entity::find()
            .filter(recently_viewed::Column::MemberId.eq(member_id))
            .select_only()
            .column(recently_viewed::Column::ProductId)
            .column(recently_viewed::Column::ViewedAt)
            .order_by_desc(recently_viewed::Column::ViewedAt)
            .into_tuple()
            .all(self.0)
            .await?;
        self.named(marks).await
    }

    pub async fn reviews(&self, member_id: i64) -> Result<Vec<MemberReview>, DbErr> {
        let rows = review::Entity::find()
            .filter(review::Column::MemberId.eq(member_id))
            .order_by_asc(review::Column::Id)
            .all(self.0)
            .await?;
        let titles = self.titles(rows.iter().map(|r| r.product_id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| MemberReview {
                product: titles
                    .get(&r.product_id)
                    .map(|(title, _)| title.clone())
                    .unwrap_or_default(),
                rating: r.rating,
                body: r.body,
                hidden: r.hidden,
                at: r.created_at,
            })
            .collect())
    }

    /// Deletes the member's favourites and history; their reviews stay
    /// under no name (the products' ratings are made of them), no longer
    /// tied to the account.
    pub async fn forget(&self, member_id: i64) -> Result<(), DbErr> {
        favourite::Entity::delete_many()
            .filter(favourite::Column::MemberId.eq(member_id))
            .exec(self.0)
            .await?;
        recently_viewed::Entity::delete_many()
            .filter(recently_viewed::Column::MemberId.eq(member_id))
            .exec(self.0)
            .await?;
        review::Entity::update_many()
            .col_expr(review::Column::AuthorName, Expr::value(FORMER_MEMBER))
            .col_expr(review::Column::MemberId, Expr::value(Option::<i64>::None))
            .filter(review::Column::MemberId.eq(member_id))
            .exec(self.0)
            .await?;
        Ok(())
    }

    async fn named(&self, marks: Vec<(i64, DateTime<Utc>)>) -> Result<Vec<ProductMark>, DbErr> {
        let titles = self.titles(marks.iter().map(|(id, _)| *id)).await?;
        Ok(marks
            .into_iter()
            .filter_map(|(id, at)| {
                let (product, slug) = titles.get(&id)?.clone();
                Some(ProductMark { product, slug, at })
            })
            .collect())
    }

    async fn titles(
        &self,
        ids: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, (String, String)>, DbErr> {
        let rows: Vec<(i64, String, String)> = product::Entity::find()
            .filter(product::Column::Id.is_in(ids))
            .select_only()
            .column(product::Column::Id)
            .column(product::Column::Title)
            .column(product::Column::Slug)
            .into_tuple()
            .all(self.0)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, title, slug)| (id, (title, slug)))
            .collect())
    }
}
