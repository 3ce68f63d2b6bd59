//! A member's sessions as part of their data (see `crate::personal_data`):
//! where they are signed in, from which address and browser.

use sea_orm::DbErr;
use serde_json::json;

use super::devices::describe_device;
use super::repo::SessionRepo;
use super::session::SessionKind;
use crate::db::AnyConnection;
use crate::personal_data::PersonalData;

pub struct MemberSessionData;

#[async_trait::async_trait]
impl PersonalData for MemberSessionData {
    fn section(&self) -> &'static str {
        "sessions"
    }

    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr> {
        let sessions = SessionRepo(db)
            .all_for(SessionKind::Member, member_id)
            .await?;
        Ok(sessions
            .into_iter()
            .map(|s| {
                let (browser, system) = describe_device(s.user_agent.as_deref());
                json!({
                    "browser": browser,
                    "system": system,
                    "user_agent": s.user_agent,
                    "ip": s.ip,
                    "started_at": s.created_at.to_rfc3339(),
                    "expires_at": s.expires_at.to_rfc3339(),
                })
            })
            .collect())
    }

    /// Ends them in the database; the caller also forgets them in the
    /// identity cache (`auth::flow::end_all_sessions`).
    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
        SessionRepo(db)
            .delete_all_for(SessionKind::Member, member_id)
            .await
            .map(drop)
    }
}
