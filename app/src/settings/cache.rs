//! Settings are read by every page and change a few times a year, so pages
//! read them from memory, never from the database. The copy is re-read in
//! the background once it is older than `max_age`, which is how a change
//! made on one app server reaches the others; the request that notices the
//! copy is old is served the old copy rather than made to wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sea_orm::DbErr;

use super::model::{OrderRules, StoreName, StoreSettings, UtcOffset};
use super::repo::SettingsRepo;
use super::sign_in_model::SignInRules;

pub struct SettingsCache {
    repo: SettingsRepo,
    max_age: Duration,
    current: RwLock<Loaded>,
    refreshing: AtomicBool,
}

struct Loaded {
    settings: StoreSettings,
    at: Instant,
}

impl SettingsCache {
    /// Reads the settings once; the shop does not start without them.
    pub async fn load(repo: SettingsRepo, max_age: Duration) -> Result<Arc<Self>, DbErr> {
        let settings = repo.load().await?;
        Ok(Arc::new(Self {
            repo,
            max_age,
            current: RwLock::new(Loaded {
                settings,
                at: Instant::now(),
            }),
            refreshing: AtomicBool::new(false),
        }))
    }

    /// The settings as last read. Starts a re-read when they are old.
    pub fn current(self: &Arc<Self>) -> StoreSettings {
        let (settings, expired) = {
            let loaded = self
                .current
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            (loaded.settings.clone(), loaded.at.elapsed() >= self.max_age)
        };
        if expired && !self.refreshing.swap(true, Ordering::AcqRel) {
            let cache = Arc::clone(self);
            tokio::spawn(async move { cache.refresh().await });
        }
        settings
    }

    /// Re-reads the settings now. On failure the old copy stays in use: a
    /// database hiccup must not take the header of every page down with it.
    pub async fn refresh(&self) {
        match self.repo.load().await {
            Ok(settings) => self.store(settings),
            Err(err) => {
                tracing::warn!(error = %err, "cannot re-read the store settings; keeping the last copy")
            }
        }
        self.refreshing.store(false, Ordering::Release);
    }

    pub async fn rename(&self, name: &StoreName) -> Result<StoreSettings, DbErr> {
        let settings = self.repo.rename(name).await?;
        self.store(settings.clone());
        Ok(settings)
    }

    pub async fn set_order_rules(&self, rules: &OrderRules) -> Result<StoreSettings, DbErr> {
        let settings = self.repo.set_order_rules(rules).await?;
        self.store(settings.clone());
        Ok(settings)
    }

    pub async fn set_utc_offset(&self, offset: UtcOffset) -> Result<StoreSettings, DbErr> {
        let settings = self.repo.set_utc_offset(offset).await?;
        self.store(settings.clone());
        Ok(settings)
    }

    pub async fn set_sign_in_rules(&self, rules: &SignInRules) -> Result<StoreSettings, DbErr> {
        let settings = self.repo.set_sign_in_rules(rules).await?;
        self.store(settings.clone());
        Ok(settings)
    }

    fn store(&self, settings: StoreSettings) {
        let mut loaded = self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *loaded = Loaded {
            settings,
            at: Instant::now(),
        };
    }
}
