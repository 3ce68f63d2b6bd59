//! The catalog's part of a member's data (see `crate::personal_data`).

use sea_orm::DbErr;
use serde_json::json;

use super::member_data_repo::{MemberDataRepo, ProductMark};
use crate::db::AnyConnection;
use crate::personal_data::PersonalData;

pub struct CatalogData;

fn marks(marks: Vec<ProductMark>) -> serde_json::Value {
    marks
        .into_iter()
        .map(|m| json!({ "product": m.product, "url": format!("/p/{}", m.slug), "at": m.at.to_rfc3339() }))
        .collect()
}

#[async_trait::async_trait]
impl PersonalData for CatalogData {
    fn section(&self) -> &'static str {
        "catalog"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let repo = MemberDataRepo(db);
        let reviews: Vec<_> = repo
            .reviews(member_id)
            .await?
            .into_iter()
            .map(|r| {
                json!({
                    "product": r.product,
                    "rating": r.rating,
                    "text": r.body,
                    "hidden_by_the_shop": r.hidden,
                    "at": r.at.to_rfc3339(),
                })
            })
            .collect();
        Ok(json!({
            "favourites": marks(repo.favourites(member_id).await?),
            "recently_viewed": marks(repo.recently_viewed(member_id).await?),
            "reviews": reviews,
        }))
    }

    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
        MemberDataRepo(db).forget(member_id).await
    }
}
