use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::entity;
use super::model::{AuditRecord, PAGE_SIZE};
use crate::auth::request::client_ip;
use crate::auth::viewer::StaffIdentity;
use crate::staff::entity::staff;

/// A change about to be recorded.
pub struct AuditEntry<'a> {
    /// Who did it; `None` for the shop itself (jobs, the command line).
    pub staff_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub summary: String,
    pub ip: Option<String>,
}

impl AuditEntry<'static> {
    /// What `staff` just did in the request being served, with the
    /// request's client address.
    pub fn by_staff(
        staff: &StaffIdentity,
        action: &'static str,
        entity: &'static str,
        entity_id: impl ToString,
        summary: String,
    ) -> Self {
        Self {
            staff_id: Some(staff.id),
            action,
            entity,
            entity_id: entity_id.to_string(),
            summary,
            ip: client_ip().map(|ip| ip.to_string()),
        }
    }
}

impl AuditEntry<'static> {
    /// What a member did to their own account that staff must be able to
    /// see (closing it, taking a copy of their data).
    pub fn by_member(member_id: i64, action: &'static str, summary: String) -> Self {
        Self {
            staff_id: None,
            action,
            entity: "member",
            entity_id: member_id.to_string(),
            summary,
            ip: client_ip().map(|ip| ip.to_string()),
        }
    }
}

pub struct AuditRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> AuditRepo<'_, C> {
    /// Records `entry`. Pass the transaction that makes the change, so that
    /// the change and its record commit or roll back together.
    pub async fn record(&self, entry: AuditEntry<'_>) -> Result<(), DbErr> {
        let row = entity::ActiveModel {
            staff_id: Set(entry.staff_id),
            action: Set(entry.action.to_owned()),
            entity: Set(entry.entity.to_owned()),
            entity_id: Set(entry.entity_id),
            summary: Set(entry.summary),
            ip: Set(entry.ip),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        entity::Entity::insert(row)
            .exec_without_returning(self.0)
            .await?;
        Ok(())
    }

    /// Newest first, one page, optionally by one staff member and between
    /// two days (inclusive, UTC).
    pub async fn list(
        &self,
        staff_id: Option<i64>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        page: u32,
    ) -> Result<Vec<AuditRecord>, DbErr> {
        let mut query = entity::Entity::find();
        if let Some(staff_id) = staff_id {
            query = query.filter(entity::Column::StaffId.eq(staff_id));
        }
        if let Some(from) = from {
            query = query.filter(entity::Column::CreatedAt.gte(start_of(from)));
        }
        if let Some(to) = to.and_then(|day| day.succ_opt()) {
            query = query.filter(entity::Column::CreatedAt.lt(start_of(to)));
        }
        let rows = query
            .order_by_desc(entity::Column::CreatedAt)
            .order_by_desc(entity::Column::Id)
            .offset(u64::from(page) * PAGE_SIZE)
            .limit(PAGE_SIZE)
            .all(self.0)
            .await?;

        // One query for the names of everyone on the page, not one per row.
        let mut ids: Vec<i64> = rows.iter().filter_map(|row| row.staff_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let names: std::collections::HashMap<i64, String> = staff::Entity::find()
            .filter(staff::Column::Id.is_in(ids))
            .all(self.0)
            .await?
            .into_iter()
            .map(|s| (s.id, format!("{} <{}>", s.display_name, s.email)))
            .collect();

        Ok(rows
            .into_iter()
            .map(|row| AuditRecord {
                id: row.id,
                staff_id: row.staff_id,
                staff: row
                    .staff_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_else(|| "system".to_owned()),
                action: row.action,
                entity: row.entity,
                entity_id: row.entity_id,
                summary: row.summary,
                ip: row.ip,
                at: row.created_at.to_rfc3339(),
            })
            .collect())
    }
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}
