//! Reviews as staff moderate them. Hiding or showing one moves the
//! product's rating in the same transaction, exactly once however many
//! staff click at the same moment.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::model::{AdminReview, AdminReviewPage, REVIEWS_PER_PAGE, Visibility};
use crate::catalog::entity::{product, review};

pub struct ReviewModerationRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> ReviewModerationRepo<'_, C> {
    /// Newest first, so what shoppers just wrote is checked first.
    pub async fn reviews(
        &self,
        visibility: Visibility,
        page: u64,
    ) -> Result<AdminReviewPage, DbErr> {
        let mut select = review::Entity::find();
        match visibility {
            Visibility::Any => {}
            Visibility::Visible => select = select.filter(review::Column::Hidden.eq(false)),
            Visibility::Hidden => select = select.filter(review::Column::Hidden.eq(true)),
        }
        let total = select.clone().count(self.0).await?;
        let rows = select
            .order_by_desc(review::Column::CreatedAt)
            .order_by_desc(review::Column::Id)
            .offset(page * REVIEWS_PER_PAGE)
            .limit(REVIEWS_PER_PAGE)
            .all(self.0)
            .await?;
        let products: HashMap<i64, (String, String)> = product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .column(product::Column::Slug)
            .column(product::Column::Title)
            .filter(product::Column::Id.is_in(rows.iter().map(|r| r.product_id)))
            .into_tuple::<(i64, String, String)>()
            .all(self.0)
            .await?
            .into_iter()
            .map(|(id, slug, title)| (id, (slug, title)))
            .collect();
        Ok(AdminReviewPage {
            total,
            rows: rows
                .into_iter()
                .map(|r| {
                    let (slug, title) = products.get(&r.product_id).cloned().unwrap_or_default();
                    AdminReview {
                        id: r.id,
                        product_slug: slug,
                        product_title: title,
                        author_name: r.author_name,
                        rating: r.rating,
                        body: r.body,
                        hidden: r.hidden,
                        written_on: r.created_at.format("%Y-%m-%d").to_string(),
                    }
                })
                .collect(),
        })
    }

    /// Hides (or shows again) a review. Only the call that actually flips
    /// it moves the product's rating; it returns the review, for the audit
    /// log. `None`: no such review, or it already was as asked.
    pub async fn set_hidden(&self, id: i64, hidden: bool) -> Result<Option<review::Model>, DbErr> {
        let flipped = review::Entity::update_many()
            .col_expr(review::Column::Hidden, Expr::value(hidden))
            .filter(review::Column::Id.eq(id))
            .filter(review::Column::Hidden.eq(!hidden))
            .exec(self.0)
            .await?;
        if flipped.rows_affected == 0 {
            return Ok(None);
        }
        let Some(review) = review::Entity::find_by_id(id).one(self.0).await? else {
            return Ok(None);
        };
        let (rating, count) = if hidden {
            (-i64::from(review.rating), -1)
        } else {
            (i64::from(review.rating), 1)
        };
        product::Entity::update_many()
            .col_expr(
                product::Column::RatingSum,
                Expr::col(product::Column::RatingSum).add(rating),
            )
            .col_expr(
                product::Column::ReviewCount,
                Expr::col(product::Column::ReviewCount).add(count),
            )
            .filter(product::Column::Id.eq(review.product_id))
            .exec(self.0)
            .await?;
        Ok(Some(review))
    }
}
