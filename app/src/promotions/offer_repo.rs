//! Store-wide offers in the database: making them, pausing them, and the
//! ones running now, read as the rules checkout applies.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::offer;
use super::model::{TemplateStatus, scope, scope_ids, tiers, tiers_column};
use super::rules::{Offer, Scope, Tier};

/// The most offers admin lists; a shop runs a handful at a time.
const MAX_LISTED: u64 = 200;

pub struct NewOffer<'a> {
    pub name: &'a str,
    pub scope: Scope,
    pub tiers: Vec<Tier>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// An active offer and its days.
#[derive(Debug, Clone)]
pub struct ScheduledOffer {
    pub offer: Offer,
    pub name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl ScheduledOffer {
    /// Whether it applies at `now`: from its start, until (not at) its end.
    pub fn runs_at(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

pub struct OfferRepo<'c, C>(pub &'c C);

impl<C: ConnectionTrait> OfferRepo<'_, C> {
    pub async fn create(&self, new: NewOffer<'_>, now: DateTime<Utc>) -> Result<i64, DbErr> {
        let (scope_kind, ids) = scope_ids(&new.scope);
        let row = offer::ActiveModel {
            name: Set(new.name.to_owned()),
            scope_kind: Set(scope_kind.to_owned()),
            scope_ids: Set(ids),
            tiers: Set(tiers_column(&new.tiers)),
            starts_at: Set(new.starts_at),
            ends_at: Set(new.ends_at),
            status: Set(TemplateStatus::Active.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.0)
        .await?;
        Ok(row.id)
    }

    /// The offers active and inside their window at `now`, with their
    /// names, as checkout applies them.
    pub async fn running(&self, now: DateTime<Utc>) -> Result<Vec<(Offer, String)>, DbErr> {
        Ok(self
            .not_ended(now)
            .await?
            .into_iter()
            .filter(|scheduled| scheduled.runs_at(now))
            .map(|scheduled| (scheduled.offer, scheduled.name))
            .collect())
    }

    /// The active offers that have not ended at `now`, running or still to
    /// start, in the order they were made. A row no form could have saved
    /// is left out rather than failing every checkout.
    pub async fn not_ended(&self, now: DateTime<Utc>) -> Result<Vec<ScheduledOffer>, DbErr> {
        Ok(offer::Entity::find()
            .filter(offer::Column::Status.eq(TemplateStatus::Active.as_str()))
            .filter(offer::Column::EndsAt.gt(now))
            .order_by_asc(offer::Column::Id)
            .all(self.0)
            .await?
            .into_iter()
            .filter_map(|row| {
                Some(ScheduledOffer {
                    offer: rules(&row)?,
                    name: row.name,
                    starts_at: row.starts_at,
                    ends_at: row.ends_at,
                })
            })
            .collect())
    }

    /// Every offer, newest first.
    pub async fn all(&self) -> Result<Vec<offer::Model>, DbErr> {
        offer::Entity::find()
            .order_by_desc(offer::Column::Id)
            .limit(MAX_LISTED)
            .all(self.0)
            .await
    }

    /// Changes an offer's name, tiers and days; its scope stays (a new
    /// scope is a new offer). Answers whether it exists.
    pub async fn edit(
        &self,
        offer_id: i64,
        edit: &NewOffer<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let changed = offer::Entity::update_many()
            .col_expr(offer::Column::Name, Expr::value(edit.name))
            .col_expr(offer::Column::Tiers, Expr::value(tiers_column(&edit.tiers)))
            .col_expr(offer::Column::StartsAt, Expr::value(edit.starts_at))
            .col_expr(offer::Column::EndsAt, Expr::value(edit.ends_at))
            .col_expr(offer::Column::UpdatedAt, Expr::value(now))
            .filter(offer::Column::Id.eq(offer_id))
            .exec(self.0)
            .await?;
        Ok(changed.rows_affected > 0)
    }

    /// Pauses or resumes an offer. Answers whether it exists.
    pub async fn set_status(
        &self,
        offer_id: i64,
        status: TemplateStatus,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let changed = offer::Entity::update_many()
            .col_expr(offer::Column::Status, Expr::value(status.as_str()))
            .col_expr(offer::Column::UpdatedAt, Expr::value(now))
            .filter(offer::Column::Id.eq(offer_id))
            .exec(self.0)
            .await?;
        Ok(changed.rows_affected > 0)
    }
}

/// The stored offer as the rule checkout applies.
pub fn rules(row: &offer::Model) -> Option<Offer> {
    Some(Offer {
        id: row.id,
        scope: scope(&row.scope_kind, &row.scope_ids)?,
        tiers: tiers(&row.tiers)?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    #[test]
    fn an_offer_runs_from_its_start_until_its_end() {
        let start = Utc.with_ymd_and_hms(2026, 11, 11, 0, 0, 0).unwrap();
        let scheduled = ScheduledOffer {
            offer: Offer {
                id: 1,
                scope: Scope::All,
                tiers: vec![Tier {
                    threshold: 10_000,
                    off: 1_000,
                }],
            },
            name: "Singles' Day".into(),
            starts_at: start,
            ends_at: start + Duration::days(1),
        };
        let at = |seconds| scheduled.runs_at(start + Duration::seconds(seconds));
        assert!(!at(-1), "a second early");
        assert!(at(0), "at its start");
        assert!(at(86_399), "its last second");
        assert!(!at(86_400), "at its end");
    }
}
