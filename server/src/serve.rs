//! Starting and stopping the shop.

use std::path::Path;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::assets::AssetManifest;
use app::auth::hasher::PasswordHasher;
use app::auth::password::check_new_password;
use app::auth::repo::SessionRepo;
use app::catalog::repo::CatalogRepo;
use app::flash_sales::gate::FlashGate;
use app::mail::Mailer;
use app::members::model::{DisplayName, Email};
use app::payments::sandbox::SandboxProvider;
use app::search::index::{SYNC_PERIOD, SearchIndex};
use app::staff::model::OWNER_ROLE;
use app::staff::repo::StaffRepo;
use app::state::{AppState, Services, SiteConfig};
use migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::{Config, NatsConfig};
use crate::error::StartupError;
use crate::http::{self, metrics::Metrics};

pub async fn run(config: Config) -> Result<(), StartupError> {
    let db = open_database(&config).await?;
    let assets = load_assets(&config)?;
    let metrics = Metrics::install().map_err(|err| StartupError::Config {
        name: "metrics",
        reason: err.to_string(),
    })?;
    metrics.spawn_upkeep();

    let addr = config.leptos.site_addr;
    let mailer = mailer(&config)?;
    let search = open_search(&config, &db).await?;
    let state = AppState::new(
        config.leptos.clone(),
        assets,
        db,
        SiteConfig::new(&config.base_url),
        Services {
            mailer,
            search,
            sandbox: Arc::new(sandbox(&config)?),
            flash_gate: flash_gate(&config)?,
        },
        config.tuning,
    )
    .await
    .map_err(|err| StartupError::Database {
        url: config.database_url_for_display(),
        reason: format!("cannot read the store settings: {err}"),
    })?;
    spawn_hourly_cleanup(state.clone());
    spawn_search_sync(state.clone());
    spawn_order_sweeper(state.clone(), config.order_sweep_period);
    load_flash_gate(&state).await;
    spawn_flash_upkeep(state.clone());
    spawn_outbox_relay(state.db.clone(), config.nats.as_ref());
    let router = http::router(state, metrics, &config.media_dir());

    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| StartupError::Bind { addr, source })?;
    tracing::info!(%addr, base_url = %config.base_url, "shop is listening");
    println!("The shop is open at http://{addr}");

    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(StartupError::Serve)?;
    tracing::info!("shut down cleanly");
    Ok(())
}

fn sandbox(config: &Config) -> Result<SandboxProvider, StartupError> {
    let secret = match &config.sandbox_secret {
        Some(secret) => secret.clone(),
        None => app::auth::token::new_token().0,
    };
    SandboxProvider::new(secret).map_err(|err| StartupError::Config {
        name: "PAYMENT_SANDBOX_SECRET",
        reason: err.to_string(),
    })
}

fn mailer(config: &Config) -> Result<Mailer, StartupError> {
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url, &config.mail_from),
        None => {
            let outbox = config.data_dir.join("outbox");
            tracing::info!(outbox = %outbox.display(), "no SMTP_URL: mail is written to the outbox");
            Mailer::outbox(outbox, &config.mail_from)
        }
    };
    mailer.map_err(|err| StartupError::Mail(err.to_string()))
}

/// Opens the search index and brings it in step with the database before
/// the first request, building it from scratch when it is missing.
async fn open_search(
    config: &Config,
    db: &DatabaseConnection,
) -> Result<Arc<SearchIndex>, StartupError> {
    let started = Instant::now();
    let index = Arc::new(SearchIndex::open(&config.search_dir())?);
    let taxonomy = CatalogRepo(db)
        .taxonomy()
        .await
        .map_err(app::search::SearchError::from)?;
    let report = index.sync(db, &taxonomy).await?;
    tracing::info!(
        products = index.len(),
        read = report.products,
        rebuilt = report.rebuilt,
        ms = started.elapsed().as_millis() as u64,
        "search index ready"
    );
    Ok(index)
}

/// Picks up catalog changes made by other app servers (and any this one
/// missed) every few seconds.
fn spawn_search_sync(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SYNC_PERIOD);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let synced = match state.catalog.taxonomy().await {
                Ok(taxonomy) => state.search.sync(&state.db, &taxonomy).await,
                Err(err) => Err(err.into()),
            };
            match synced {
                Ok(report) if report.products > 0 => {
                    tracing::debug!(products = report.products, "search index synced")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "cannot sync the search index"),
            }
        }
    });
}

/// Once an hour, deletes expired sessions (past either of today's
/// lifetimes) and the guest carts whose cookie
/// has expired, so neither table grows forever. Safe on several servers at
/// once: both are plain deletes.
fn spawn_hourly_cleanup(state: AppState) {
    use app::cart::guest::GUEST_CART_DAYS;
    use app::cart::repo::CartRepo;

    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            let now = chrono::Utc::now();
            let db = &state.db;
            match SessionRepo(db)
                .delete_expired(&state.session_lifetimes(), now)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
                Err(err) => tracing::warn!(error = %err, "cannot delete expired sessions"),
            }
            let cutoff = now - chrono::Duration::days(GUEST_CART_DAYS);
            match CartRepo(db).delete_guest_carts_before(cutoff).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(carts = n, "abandoned guest carts deleted"),
                Err(err) => tracing::warn!(error = %err, "cannot delete abandoned guest carts"),
            }
        }
    });
}

/// The order jobs, every `period` (30 s unless `ORDER_SWEEP_SECONDS`
/// says otherwise): unpaid orders past their deadline are cancelled (their
/// stock is on sale again within one period), groups that did not form in
/// time fail and their paid orders are refunded, shipped orders complete
/// after the store's number of days, and refunds the provider has not
/// confirmed are retried.
fn spawn_order_sweeper(state: AppState, period: Duration) {
    use app::group_buys::expire::fail_expired_groups;
    use app::orders::sweeper::{cancel_overdue, complete_shipped};

    tokio::spawn(async move {
        let mut every = tokio::time::interval(period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let now = chrono::Utc::now();
            match cancel_overdue(&state.db, now).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(orders = n, "unpaid orders cancelled");
                    state.catalog.invalidate();
                }
                Err(err) => tracing::warn!(error = %err, "cannot cancel unpaid orders"),
            }
            match fail_expired_groups(&state.db, state.payments.as_ref(), now).await {
                Ok(done) if done.groups == 0 => {}
                Ok(done) => {
                    tracing::info!(
                        groups = done.groups,
                        refunded = done.refunded,
                        "groups failed to form"
                    );
                    state.catalog.invalidate();
                }
                Err(err) => tracing::warn!(error = %err, "cannot fail expired groups"),
            }
            let days = state.settings.current().auto_complete_days;
            match complete_shipped(&state.db, now, chrono::Duration::days(i64::from(days))).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "shipped orders completed"),
                Err(err) => tracing::warn!(error = %err, "cannot complete shipped orders"),
            }
            match app::payments::settle::retry_refunds(&state.db, state.payments.as_ref(), now)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(payments = n, "refunds confirmed"),
                Err(err) => tracing::warn!(error = %err, "cannot retry refunds"),
            }
        }
    });
}

/// The Redis gate in front of flash-sale batches, when `REDIS_URL` is set.
fn flash_gate(config: &Config) -> Result<Option<Arc<FlashGate>>, StartupError> {
    let Some(redis) = &config.redis else {
        tracing::info!("REDIS_URL is not set: flash-sale buyers go straight to the database");
        return Ok(None);
    };
    let gate = FlashGate::new(&redis.url, &redis.prefix).map_err(|err| StartupError::Config {
        name: "REDIS_URL",
        reason: err.to_string(),
    })?;
    Ok(Some(Arc::new(gate)))
}

/// Loads the gate from the database, which is the truth after a restart.
/// A Redis that cannot be reached does not stop the shop: buyers go to
/// the database until it answers, and the upkeep reloads it then. The
/// gate says so in one line (and once more when it works again), however
/// many buyers and refreshes meet it down in between.
async fn load_flash_gate(state: &AppState) {
    let Some(gate) = state.flash.gate() else {
        return;
    };
    match state.flash.load_gate(chrono::Utc::now()).await {
        Ok(()) => tracing::info!(
            redis = gate.addr(),
            "flash-sale gate loaded from the database"
        ),
        Err(err) => gate.report(&err),
    }
}

/// Keeps this server's flash-sale board fresh and gives ended sessions'
/// unsold units back to their SKUs, every second.
fn spawn_flash_upkeep(state: AppState) {
    use app::flash_sales::{board::REFRESH, repo::settle_ended_sessions};

    tokio::spawn(async move {
        let mut every = tokio::time::interval(REFRESH);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let now = chrono::Utc::now();
            if let Err(err) = state.flash.refresh(now).await {
                tracing::warn!(error = %err, "cannot read the flash-sale board");
            }
            match settle_ended_sessions(&state.db, now).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(items = n, "ended flash-sale items settled");
                    state.catalog.invalidate();
                }
                Err(err) => tracing::warn!(error = %err, "cannot settle ended flash sales"),
            }
        }
    });
}

/// Hands new outbox events to the in-process consumers (points, sales
/// counts) and, when configured, to NATS, every second. A consumer that
/// fails (NATS down) is reported once and retried; the others go on.
fn spawn_outbox_relay(db: DatabaseConnection, nats: Option<&NatsConfig>) {
    use app::outbox::nats::NatsPublisher;
    use app::outbox::{IN_PROCESS, relay};

    let publisher = nats.and_then(|nats| match NatsPublisher::new(&nats.url, &nats.prefix) {
        Ok(publisher) => {
            tracing::info!(
                addr = publisher.addr(),
                stream = publisher.stream(),
                "publishing order events to NATS JetStream"
            );
            Some(publisher)
        }
        Err(err) => {
            tracing::error!(error = %err, "NATS publishing is off");
            None
        }
    });
    if nats.is_none() {
        tracing::info!("NATS_URL is not set: order events stay in the shop (points, sales counts)");
    }
    tokio::spawn(async move {
        let mut failing = vec![false; IN_PROCESS.len() + 1];
        let settle = relay::settle_for(&db);
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let now = chrono::Utc::now();
            for (consumer, failing) in IN_PROCESS.iter().zip(failing.iter_mut()) {
                let outcome = relay::drain(&db, *consumer, now, settle).await;
                report(consumer.name(), outcome.map_err(|e| e.to_string()), failing);
            }
            if let Some(publisher) = &publisher {
                let outcome = relay::drain_publisher(&db, publisher, now, settle).await;
                let last = failing.len() - 1;
                report(
                    relay::Publisher::name(publisher),
                    outcome.map_err(|e| e.to_string()),
                    &mut failing[last],
                );
            }
        }
    });
}

/// Says once that an outbox consumer started failing, and once that it
/// caught up again, rather than every second in between.
fn report(name: &str, outcome: Result<usize, String>, failing: &mut bool) {
    match outcome {
        Ok(_) if *failing => {
            tracing::info!(consumer = name, "outbox consumer caught up again");
            *failing = false;
        }
        Ok(_) => {}
        Err(err) if !*failing => {
            tracing::warn!(consumer = name, error = %err, "outbox consumer failed; its events wait in the outbox and are retried every second");
            *failing = true;
        }
        Err(_) => {}
    }
}

/// Creates the first owner (or another one) from the command line.
pub async fn create_admin(
    config: Config,
    email: &str,
    password: &str,
    name: Option<&str>,
) -> Result<(), StartupError> {
    let fail = |reason: String| StartupError::CreateAdmin(reason);
    let email =
        Email::parse(email).map_err(|_| fail(format!("`{email}` is not an email address")))?;
    let default_name = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or_default()
        .to_owned();
    let name = DisplayName::parse(name.unwrap_or(&default_name))
        .map_err(|_| fail("the name is empty or too long".into()))?;
    check_new_password(password).map_err(|err| fail(format!("the password is not acceptable ({err:?}): use at least 10 characters, not a common password")))?;

    let db = open_database(&config).await?;
    let hash = PasswordHasher::new(1)
        .hash(password)
        .await
        .map_err(|err| fail(err.to_string()))?;
    let tx = app::db::begin_write(&db)
        .await
        .map_err(|err| fail(err.to_string()))?;
    let id = StaffRepo(&tx)
        .create(&email, &name, &hash, OWNER_ROLE)
        .await
        .map_err(|err| fail(err.to_string()))?;
    app::audit::repo::AuditRepo(&tx)
        .record(app::audit::repo::AuditEntry {
            staff_id: None,
            action: "staff.create",
            entity: "staff",
            entity_id: id.to_string(),
            summary: format!(
                "created {} ({}) as owner from the command line",
                email.as_str(),
                name.as_str()
            ),
            ip: None,
        })
        .await
        .map_err(|err| fail(err.to_string()))?;
    tx.commit().await.map_err(|err| fail(err.to_string()))?;
    println!("Created the owner {} ({}).", email.as_str(), name.as_str());
    Ok(())
}

pub async fn demo_data(config: Config) -> Result<(), StartupError> {
    let db = open_database(&config).await?;
    let started = std::time::Instant::now();
    match crate::demo::load(&db, &config.media_dir()).await? {
        Some(loaded) => println!(
            "Loaded the demo shop in {:.1} s: {} products, {} SKUs, {} reviews, {} coupons, {} flash sales, {} group deals.",
            started.elapsed().as_secs_f64(),
            loaded.products,
            loaded.skus,
            loaded.reviews,
            loaded.coupons,
            loaded.flash_sessions,
            loaded.group_deals
        ),
        None => println!("The catalog already has products: the demo shop was not loaded."),
    }
    Ok(())
}

pub async fn migrate_only(config: Config) -> Result<(), StartupError> {
    open_database(&config).await?;
    println!(
        "The database at {} is up to date.",
        config.database_url_for_display()
    );
    Ok(())
}

/// Connects and brings the schema up to date: a server never runs against
/// a schema older than its code.
async fn open_database(config: &Config) -> Result<DatabaseConnection, StartupError> {
    let url = config.database_url_for_display();
    if config.database.url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
    }
    let db = app::db::connect(&config.database)
        .await
        .map_err(|err| StartupError::Database {
            url: url.clone(),
            reason: err.to_string(),
        })?;
    Migrator::up(&db, None)
        .await
        .map_err(|err| StartupError::Migration {
            url: url.clone(),
            reason: err.to_string(),
        })?;
    tracing::info!(database = %url, "database ready");
    Ok(db)
}

fn load_assets(config: &Config) -> Result<AssetManifest, StartupError> {
    let options = &config.leptos;
    let pkg_url = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let hash_file = options
        .hash_files
        .then(|| hash_file_path(&options.hash_file));
    AssetManifest::load(&pkg_url, &options.output_name, hash_file.as_deref()).map_err(|source| {
        StartupError::Assets {
            path: hash_file
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            source,
        }
    })
}

/// cargo-leptos writes the hash list beside the server binary.
fn hash_file_path(name: &str) -> std::path::PathBuf {
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    exe_dir.join(name)
}

/// Resolves on Ctrl-C or SIGTERM; the server then stops accepting
/// connections and finishes the requests it has.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
