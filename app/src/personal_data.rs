//! What the shop holds about a member, for the member's own copy of it
//! and for closing the account (PIPL and GDPR ask for both).
//!
//! Each centre that keeps rows about members says what they are through a
//! [`PersonalData`] holder; the member centre runs every registered holder
//! and knows none of them. A new centre that stores something about
//! members adds its holder where the app is assembled (`data_holders.rs`),
//! so the export and the erasure can never forget it silently.

use std::sync::OnceLock;

use sea_orm::DbErr;

use crate::db::AnyConnection;

/// One centre's part of a member's data.
#[async_trait::async_trait]
pub trait PersonalData: Send + Sync + 'static {
    /// The key of this part in the export (`"orders"`).
    fn section(&self) -> &'static str;

    /// Everything this part holds about the member, as JSON a person can
    /// read: names of things, not internal ids alone.
    async fn export(
        &self,
        db: &AnyConnection<'_>,
        member_id: i64,
    ) -> Result<serde_json::Value, DbErr>;

    /// Erases what this part holds about the member, inside the account
    /// closing's transaction. What the shop must keep (orders, for the
    /// accounting period) stays, without the person in it.
    async fn erase(&self, db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr>;
}

static HOLDERS: OnceLock<Vec<Box<dyn PersonalData>>> = OnceLock::new();

/// Sets the holders, once per process; later calls keep the first set.
pub fn register(holders: impl FnOnce() -> Vec<Box<dyn PersonalData>>) {
    HOLDERS.get_or_init(holders);
}

/// The registered holders. Exporting or erasing without them would
/// silently leave data out, so it is an error.
pub fn registered() -> Result<&'static [Box<dyn PersonalData>], DbErr> {
    HOLDERS.get().map(Vec::as_slice).ok_or_else(|| {
        DbErr::Custom(
            "personal data holders are not registered: call app::data_holders::register at start"
                .into(),
        )
    })
}

/// Every holder's part, one JSON object keyed by section.
pub async fn export_all(
    db: &AnyConnection<'_>,
    member_id: i64,
) -> Result<serde_json::Map<String, serde_json::Value>, DbErr> {
    let mut all = serde_json::Map::new();
    for holder in registered()? {
        all.insert(
            holder.section().to_owned(),
            holder.export(db, member_id).await?,
        );
    }
    Ok(all)
}

/// Every holder's erasure, in registration order, on `db` (the closing's
/// transaction).
pub async fn erase_all(db: &AnyConnection<'_>, member_id: i64) -> Result<(), DbErr> {
    for holder in registered()? {
        holder.erase(db, member_id).await?;
    }
    Ok(())
}
