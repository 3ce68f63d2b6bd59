use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, SqlErr,
};

use super::entity::{role, staff};
use super::model::{OWNER_ROLE, Role, StaffSummary};
use crate::auth::permission::Permissions;
use crate::auth::viewer::StaffIdentity;
use crate::members::model::{AccountStatus, DisplayName, Email};

use crate::auth::login::Credentials;

#[derive(Debug, thiserror::Error)]
pub enum CreateStaffError {
    #[error("a staff account with this email exists")]
    EmailTaken,
    #[error("no such role")]
    UnknownRole,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub struct StaffRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> StaffRepo<'_, C> {
    pub async fn create(
        &self,
        email: &Email,
        name: &DisplayName,
        password_hash: &str,
        role_code: &str,
    ) -> Result<i64, CreateStaffError> {
        let role = self
            .role_by_code(role_code)
            .await?
            .ok_or(CreateStaffError::UnknownRole)?;
        let now = Utc::now();
        let row = staff::ActiveModel {
            email: Set(email.as_str().to_owned()),
            password_hash: Set(password_hash.to_owned()),
            display_name: Set(name.as_str().to_owned()),
            role_id: Set(role.id),
            status: Set(AccountStatus::Active.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        match row.insert(self.0).await {
            Ok(row) => Ok(row.id),
            Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(CreateStaffError::EmailTaken)
            }
            Err(err) => Err(err.into()),
        }
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, DbErr> {
        let row = staff::Entity::find()
            .filter(staff::Column::Email.eq(email.as_str()))
            .one(self.0)
            .await?;
        Ok(row.map(|row| Credentials {
            id: row.id,
            password_hash: row.password_hash,
            active: AccountStatus::parse(&row.status) == AccountStatus::Active,
        }))
    }

    /// The identity of an active staff member, with their role's permissions.
    pub async fn identity(&self, id: i64) -> Result<Option<StaffIdentity>, DbErr> {
        let Some(row) = staff::Entity::find_by_id(id).one(self.0).await? else {
            return Ok(None);
        };
        if AccountStatus::parse(&row.status) != AccountStatus::Active {
            return Ok(None);
        }
        let Some(role) = role::Entity::find_by_id(row.role_id).one(self.0).await? else {
            return Ok(None);
        };
        Ok(Some(StaffIdentity {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: role.code,
            permissions: parse_permissions(&role.permissions),
        }))
    }

    pub async fn list(&self) -> Result<Vec<StaffSummary>, DbErr> {
        let roles = self.roles().await?;
        let rows = staff::Entity::find()
            .order_by_asc(staff::Column::Email)
            .all(self.0)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| StaffSummary {
                id: row.id,
                active: AccountStatus::parse(&row.status) == AccountStatus::Active,
                role: roles
                    .iter()
                    .find(|role| role.id == row.role_id)
                    .map(|role| role.code.clone())
                    .unwrap_or_default(),
                email: row.email,
                display_name: row.display_name,
            })
            .collect())
    }

    pub async fn find(&self, id: i64) -> Result<Option<StaffSummary>, DbErr> {
        Ok(self.list().await?.into_iter().find(|s| s.id == id))
    }

    pub async fn roles(&self) -> Result<Vec<Role>, DbErr> {
        let rows = role::Entity::find()
            .order_by_asc(role::Column::Id)
            .all(self.0)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| Role {
                id: row.id,
                permissions: parse_permissions(&row.permissions),
                code: row.code,
            })
            .collect())
    }

    pub async fn role_by_code(&self, code: &str) -> Result<Option<Role>, DbErr> {
        Ok(self
            .roles()
            .await?
            .into_iter()
            .find(|role| role.code == code))
    }

    pub async fn set_role(&self, id: i64, role_id: i32) -> Result<(), DbErr> {
        staff::ActiveModel {
            id: Set(id),
            role_id: Set(role_id),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    pub async fn set_status(&self, id: i64, status: AccountStatus) -> Result<(), DbErr> {
        staff::ActiveModel {
            id: Set(id),
            status: Set(status.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(self.0)
        .await?;
        Ok(())
    }

    /// How many active owners the shop has; it must never drop to zero.
    pub async fn active_owners(&self) -> Result<u64, DbErr> {
        let Some(owner) = self.role_by_code(OWNER_ROLE).await? else {
            return Ok(0);
        };
        staff::Entity::find()
            .filter(staff::Column::RoleId.eq(owner.id))
            .filter(staff::Column::Status.eq(AccountStatus::Active.as_str()))
            .count(self.0)
            .await
    }
}

/// Permissions as stored; a role with an unreadable list grants nothing.
fn parse_permissions(stored: &str) -> Permissions {
    Permissions::parse(stored).unwrap_or_else(|err| {
        tracing::error!(%err, stored, "unreadable role permissions; granting none");
        Permissions::default()
    })
}
