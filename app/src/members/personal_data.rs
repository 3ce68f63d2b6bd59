//! The member centre's part of a member's data: the profile and the
//! address book (see `crate::personal_data`).

use sea_orm::DbErr;
use serde_json::json;

use super::repo::MemberRepo;
use crate::db::AnyConnection;
use crate::personal_data::PersonalData;

pub struct AccountData;

#[async_trait::async_trait]
impl PersonalData for AccountData {
    fn section(&self) -> &'static str {
        "account"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let repo = MemberRepo(db);
        let profile = repo.profile(member_id).await?;
        let joined = repo.joined(member_id).await?;
        let addresses = repo.addresses(member_id).await?;
        Ok(json!({
            "profile": profile.map(|p| json!({
                "email": p.email,
                "display_name": p.display_name,
                "phone": p.phone,
            })),
            "joined": joined.map(|at| at.to_rfc3339()),
            "addresses": addresses.iter().map(|a| json!({
                "recipient": a.recipient,
                "phone": a.phone,
                "region": a.region,
                "city": a.city,
                "district": a.district,
                "street": a.street,
                "postcode": a.postcode,
                "default": a.is_default,
            })).collect::<Vec<_>>(),
        }))
    }

    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
        MemberRepo(db).close(member_id).await
    }
}
