//! The rows of a product's pictures, as the back office changes them.
//!
//! Positions start at 0 and have no gaps: listings show the picture at
//! position 0 on a product's card, so it must always be the first one.
//! Run every change in a write transaction; each one starts by locking the
//! product (`AdminCatalogRepo::lock_product`), so two staff editing the
//! same product's pictures take turns.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::model::{AdminImage, Direction};
use crate::catalog::entity::{image, product};

pub struct ProductImageRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> ProductImageRepo<'_, C> {
    /// The product's title, or `None` when there is no such product.
    pub async fn product_title(&self, product_id: i64) -> Result<Option<String>, DbErr> {
        product::Entity::find_by_id(product_id)
            .select_only()
            .column(product::Column::Title)
            .into_tuple::<String>()
            .one(self.0)
            .await
    }

    /// The product's pictures, first shown first.
    pub async fn list(&self, product_id: i64) -> Result<Vec<AdminImage>, DbErr> {
        Ok(image::Entity::find()
            .filter(image::Column::ProductId.eq(product_id))
            .order_by_asc(image::Column::Position)
            .order_by_asc(image::Column::Id)
            .all(self.0)
            .await?
            .into_iter()
            .map(|row| AdminImage {
                id: row.id,
                path: row.path,
                alt: row.alt,
            })
            .collect())
    }

    /// Adds a picture after the product's others; returns its position.
    pub async fn add(&self, product_id: i64, path: &str, alt: &str) -> Result<i32, DbErr> {
        let last: Option<i32> = image::Entity::find()
            .select_only()
            .column_as(image::Column::Position.max(), "last")
            .filter(image::Column::ProductId.eq(product_id))
            .into_tuple::<Option<i32>>()
            .one(self.0)
            .await?
            .flatten();
        let position = last.map_or(0, |last| last + 1);
        image::ActiveModel {
            product_id: Set(product_id),
            position: Set(position),
            path: Set(path.to_owned()),
            alt: Set(alt.to_owned()),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        Ok(position)
    }

    /// The picture with this id, whichever product it belongs to.
    pub async fn find(&self, id: i64) -> Result<Option<image::Model>, DbErr> {
        image::Entity::find_by_id(id).one(self.0).await
    }

    /// Removes the picture and closes the gap it leaves, so the next one
    /// becomes the first when the first goes.
    pub async fn delete(&self, removed: &image::Model) -> Result<(), DbErr> {
        image::Entity::delete_by_id(removed.id).exec(self.0).await?;
        image::Entity::update_many()
            .col_expr(
                image::Column::Position,
                Expr::col(image::Column::Position).sub(1),
            )
            .filter(image::Column::ProductId.eq(removed.product_id))
            .filter(image::Column::Position.gt(removed.position))
            .exec(self.0)
            .await?;
        Ok(())
    }

    /// Swaps the picture with its neighbour in `direction`; returns the
    /// neighbour, or `None` when the picture is already at that end.
    pub async fn swap(
        &self,
        moved: &image::Model,
        direction: Direction,
    ) -> Result<Option<image::Model>, DbErr> {
        let neighbours =
            image::Entity::find().filter(image::Column::ProductId.eq(moved.product_id));
        let neighbour = match direction {
            Direction::Up => {
                neighbours
                    .filter(image::Column::Position.lt(moved.position))
                    .order_by_desc(image::Column::Position)
                    .one(self.0)
                    .await?
            }
            Direction::Down => {
                neighbours
                    .filter(image::Column::Position.gt(moved.position))
                    .order_by_asc(image::Column::Position)
                    .one(self.0)
                    .await?
            }
        };
        let Some(neighbour) = neighbour else {
            return Ok(None);
        };
        self.set_position(moved.id, neighbour.position).await?;
        self.set_position(neighbour.id, moved.position).await?;
        Ok(Some(neighbour))
    }

    async fn set_position(&self, id: i64, position: i32) -> Result<(), DbErr> {
        image::Entity::update_many()
            .col_expr(image::Column::Position, Expr::value(position))
            .filter(image::Column::Id.eq(id))
            .exec(self.0)
            .await?;
        Ok(())
    }
}
