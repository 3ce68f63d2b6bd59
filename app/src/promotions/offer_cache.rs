//! The offers checkout applies, kept in memory: every checkout prices its
//! cart with them and staff change them a few times a month.
//!
//! The copy holds every active offer that had not ended when it was read,
//! with its days, and each use picks those running at its own moment, so
//! an offer starts and ends on time whatever the copy's age. A change made
//! on this app server is seen at once ([`OfferCache::forget`]); one made on
//! another within `max_age`, when the copy is read again.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::offer_repo::{OfferRepo, ScheduledOffer};
use super::rules::Offer;

/// How stale offers another app server changed may be.
pub const OFFERS_MAX_AGE: Duration = Duration::from_secs(5);

/// The offers running at one moment, as checkout prices with them.
#[derive(Debug, Clone, Default)]
pub struct RunningOffers {
    pub offers: Vec<Offer>,
    /// In the order of `offers`.
    pub names: Vec<String>,
}

impl RunningOffers {
    pub fn name_of(&self, offer_id: i64) -> Option<&str> {
        self.offers
            .iter()
            .zip(&self.names)
            .find(|(offer, _)| offer.id == offer_id)
            .map(|(_, name)| name.as_str())
    }
}

pub struct OfferCache {
    max_age: Duration,
    copy: RwLock<Option<Copy>>,
    /// Counts [`OfferCache::forget`]s: a copy read before the latest one
    /// is never used, even if its read ended after it.
    forgotten: AtomicU64,
}

struct Copy {
    read_at: Instant,
    forgotten: u64,
    offers: Arc<[ScheduledOffer]>,
}

impl OfferCache {
    /// A cache whose copy is read again once `max_age` old; with
    /// [`Duration::ZERO`], every use reads the database.
    pub fn new(max_age: Duration) -> Self {
        Self {
            max_age,
            copy: RwLock::new(None),
            forgotten: AtomicU64::new(0),
        }
    }

    /// The offers running at `now`, in the order they were made.
    pub async fn running<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
    ) -> Result<RunningOffers, DbErr> {
        let offers = match self.fresh_copy() {
            Some(offers) => offers,
            None => self.read(db, now).await?,
        };
        let (offers, names) = offers
            .iter()
            .filter(|scheduled| scheduled.runs_at(now))
            .map(|scheduled| (scheduled.offer.clone(), scheduled.name.clone()))
            .unzip();
        Ok(RunningOffers { offers, names })
    }

    /// Drops the copy: the next use reads the offers as they are now.
    /// Call it after committing a change to an offer.
    pub fn forget(&self) {
        self.forgotten.fetch_add(1, Ordering::AcqRel);
    }

    fn fresh_copy(&self) -> Option<Arc<[ScheduledOffer]>> {
        let copy = self
            .copy
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        copy.as_ref()
            .filter(|copy| {
                copy.forgotten == self.forgotten.load(Ordering::Acquire)
                    && copy.read_at.elapsed() < self.max_age
            })
            .map(|copy| Arc::clone(&copy.offers))
    }

    async fn read<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
    ) -> Result<Arc<[ScheduledOffer]>, DbErr> {
        let forgotten = self.forgotten.load(Ordering::Acquire);
        let read_at = Instant::now();
        let offers: Arc<[ScheduledOffer]> = OfferRepo(db).not_ended(now).await?.into();
        *self
            .copy
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Copy {
            read_at,
            forgotten,
            offers: Arc::clone(&offers),
        });
        Ok(offers)
    }
}
