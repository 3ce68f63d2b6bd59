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
use crate::cart::adding::CartWriter;
use crate::catalog::cache::CatalogCache;
use crate::db::group_commit::WriteLane;
use crate::error::AppError;
use crate::flash_sales::board::FlashBoard;
use crate::flash_sales::buy::FlashBuyer;
use crate::flash_sales::gate::FlashGate;
use crate::mail::Mailer;
use crate::orders::checkout::OrderWriter;
use crate::payments::provider::PaymentProvider;
use crate::payments::sandbox::SandboxProvider;
use crate::promotions::claim_queue::ClaimQueue;
use crate::promotions::offer_cache::{OFFERS_MAX_AGE, OfferCache};
use crate::rate_limit::RateLimit;
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
    /// The offers checkout applies.
    pub offers: OfferCache,
    /// Checkouts, written in batches.
    pub orders: Arc<OrderWriter>,
    /// Adds to carts, written in batches.
    pub cart_adds: Arc<CartWriter>,
    /// Flash-sale purchases, answered from the board or settled in batches.
    pub flash: Arc<FlashBuyer>,
    /// Flash-sale attempts per member and per client address.
    pub flash_limits: Arc<FlashLimits>,
}

/// How the shop writes under load; the defaults are what it should run
/// with, the switches are for measuring and for operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Adds to carts, checkouts and flash purchases share transactions
    /// (group commit).
    pub batch_writes: bool,
    /// Flash-sale attempts allowed per second from one address (0: no
    /// limit), with a burst of ten times that.
    pub flash_per_ip: u32,
    /// The same per member.
    pub flash_per_member: u32,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            batch_writes: true,
            flash_per_ip: 50,
            flash_per_member: 2,
        }
    }
}

pub struct FlashLimits {
    pub per_ip: RateLimit<std::net::IpAddr>,
    pub per_member: RateLimit<i64>,
}

/// What the shop talks to besides its database.
pub struct Services {
    pub mailer: Mailer,
    pub search: Arc<SearchIndex>,
    pub sandbox: Arc<SandboxProvider>,
    /// The shared flash-sale gate, when Redis is configured.
    pub flash_gate: Option<Arc<FlashGate>>,
}

impl AppState {
    /// How long sessions last, as the owner has set it.
    pub fn session_lifetimes(&self) -> crate::auth::session::SessionLifetimes {
        self.settings.current().sign_in.lifetimes()
    }

    /// Loads what every request needs; fails when the database cannot
    /// provide it.
    pub async fn new(
        leptos_options: LeptosOptions,
        assets: AssetManifest,
        db: DatabaseConnection,
        site: SiteConfig,
        services: Services,
        tuning: Tuning,
    ) -> Result<Self, DbErr> {
        crate::order_hooks::register();
        crate::data_holders::register();
        let Services {
            mailer,
            search,
            sandbox,
            flash_gate,
        } = services;
        let settings = SettingsCache::load(SettingsRepo::new(db.clone()), SETTINGS_MAX_AGE).await?;
        let currency = settings.current().currency;
        let catalog = CatalogCache::load(db.clone(), site.base_url.clone(), currency).await?;
        // Checkouts and adds to cart share one stream of transactions: a
        // shopper adds before every checkout, and each round then pays one
        // commit for both. Orders join the lane first, so a round takes
        // stock before it marks any cart, as a lone checkout does: two
        // servers' rounds lock rows in the same order on PostgreSQL.
        let (orders, cart_adds) = if tuning.batch_writes {
            let lane = WriteLane::start(db.clone());
            (OrderWriter::on(&lane), CartWriter::on(&lane))
        } else {
            (OrderWriter::Alone, CartWriter::Alone)
        };
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
            offers: OfferCache::new(OFFERS_MAX_AGE),
            orders: Arc::new(orders),
            cart_adds: Arc::new(cart_adds),
            flash: FlashBuyer::gated(
                db.clone(),
                FlashBoard::new(db.clone()),
                tuning.batch_writes,
                flash_gate,
            ),
            flash_limits: Arc::new(FlashLimits {
                per_ip: RateLimit::new(tuning.flash_per_ip, tuning.flash_per_ip.saturating_mul(10)),
                per_member: RateLimit::new(
                    tuning.flash_per_member,
                    tuning.flash_per_member.saturating_mul(3),
                ),
            }),
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
