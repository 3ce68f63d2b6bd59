use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait};

use super::entity;
use super::model::{StoreName, StoreSettings};

/// The id of the one settings row; the table's check constraint allows no other.
const SETTINGS_ROW: i32 = 1;

#[derive(Clone)]
pub struct SettingsRepo {
    db: DatabaseConnection,
}

impl SettingsRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    pub async fn load(&self) -> Result<StoreSettings, DbErr> {
        let row = entity::Entity::find_by_id(SETTINGS_ROW)
            .one(&self.db)
            .await?
            .ok_or_else(|| {
                DbErr::RecordNotFound("store_settings row 1 (run the migrations)".into())
            })?;
        Ok(row.into())
    }

    pub async fn rename(&self, name: &StoreName) -> Result<StoreSettings, DbErr> {
        let row = entity::ActiveModel {
            id: Set(SETTINGS_ROW),
            name: Set(name.as_str().to_owned()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(&self.db)
        .await?;
        Ok(row.into())
    }
}

impl From<entity::Model> for StoreSettings {
    fn from(row: entity::Model) -> Self {
        Self {
            name: row.name,
            currency: row.currency,
        }
    }
}
