//! The points ledger's part of a member's data (see
//! `crate::personal_data`).

use sea_orm::DbErr;
use serde_json::json;

use super::repo::PointsRepo;
use crate::db::AnyConnection;
use crate::personal_data::PersonalData;

pub struct PointsData;

#[async_trait::async_trait]
impl PersonalData for PointsData {
    fn section(&self) -> &'static str {
        "points"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let repo = PointsRepo(db);
        let entries = repo.history(member_id, None).await?;
        Ok(json!({
            "balance": repo.balance(member_id).await?,
            "history": entries.into_iter().map(|e| json!({
                "change": e.delta,
                "why": e.note,
                "at": e.at,
            })).collect::<Vec<_>>(),
        }))
    }

    /// The ledger names no one but by the account's id, and the shop's
    /// books need it: closing forfeits the balance and keeps the lines.
    async fn erase(&self, _db: &AnyConnection<'_>, _member_id: i64) -> Result<(), DbErr> {
        Ok(())
    }
}
