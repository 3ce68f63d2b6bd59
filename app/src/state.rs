//! What server functions and handlers share: built once at start by the
//! server binary, handed to Leptos as context.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::{DatabaseConnection, DbErr};

use crate::assets::AssetManifest;
use crate::auth::hasher::PasswordHasher;
use crate::auth::identify::IdentityCache;
use crate::catalog::cache::CatalogCache;
use crate::error::AppError;
use crate::mail::Mailer;
use crate::payments::provider::PaymentProvider;
use crate::payments::sandbox::SandboxProvider;
use crate::promotions::claim_queue::ClaimQueue;
use crate::search::index::SearchIndex;
use crate::settings::cache::SettingsCache;
use crate::settings::repo::SettingsRepo;

/// How stale the store settings another app server changed may be.
const SETTINGS_MAX_AGE: Duration = Duration::from_secs(5);

/// Facts about where the shop is served from.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The public URL, without a trailing slash, for links in mails.
    pub base_url: String,
    /// Cookies get `Secure` when the shop is served over HTTPS.
    pub secure_cookies: bool,
}

impl SiteConfig {
    pub fn new(base_url: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        Self {
            secure_cookies: base_url.starts_with("https://"),
            base_url,
        }
    }
}

/// Cloned into every request (Leptos context, middleware state), so it is
/// one reference-counted pointer; the fields are reached through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub assets: Arc<AssetManifest>,
    pub db: DatabaseConnection,
    pub settings: Arc<SettingsCache>,
    pub site: Arc<SiteConfig>,
    pub hasher: PasswordHasher,
    pub identities: Arc<IdentityCache>,
    pub mailer: Mailer,
    pub catalog: Arc<CatalogCache>,
    pub search: Arc<SearchIndex>,
    /// Where shoppers pay.
    pub payments: Arc<dyn PaymentProvider>,
    /// The same provider when it is the built-in sandbox, whose hosted
    /// page the shop serves itself.
    pub sandbox: Option<Arc<SandboxProvider>>,
    /// Coupon claims, settled in batches per template.
    pub claims: Arc<ClaimQueue>,
}

impl AppState {
    /// Loads what every request needs; fails when the database cannot
    /// provide it.
    pub async fn new(
        leptos_options: LeptosOptions,
        assets: AssetManifest,
        db: DatabaseConnection,
        site: SiteConfig,
        mailer: Mailer,
        search: Arc<SearchIndex>,
        sandbox: Arc<SandboxProvider>,
    ) -> Result<Self, DbErr> {
        let settings = SettingsCache::load(SettingsRepo::new(db.clone()), SETTINGS_MAX_AGE).await?;
        let currency = settings.current().currency;
        let catalog = CatalogCache::load(db.clone(), site.base_url.clone(), currency).await?;
        Ok(Self(Arc::new(Shared {
            leptos_options,
            assets: Arc::new(assets),
            db: db.clone(),
            settings,
            site: Arc::new(site),
            hasher: PasswordHasher::for_this_machine(),
            identities: Arc::new(IdentityCache::default()),
            mailer,
            catalog,
            search,
            payments: sandbox.clone(),
            sandbox: Some(sandbox),
            claims: ClaimQueue::new(db.clone()),
        })))
    }

    /// The state, from inside a server function or a page rendering on the server.
    pub fn from_context() -> Result<Self, AppError> {
        use_context::<Self>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::Internal
        })
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
