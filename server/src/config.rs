//! Settings from the environment, read and checked once at start.

use std::path::{Path, PathBuf};

use app::db::{DbOptions, SqliteDurability};
use leptos::config::LeptosOptions;

use crate::error::StartupError;
use crate::telemetry::LogFormat;

pub struct Config {
    pub leptos: LeptosOptions,
    /// Database file, uploads and the mail outbox live here.
    pub data_dir: PathBuf,
    pub database: DbOptions,
    /// The public URL of the shop, for links in mails and payment callbacks.
    pub base_url: String,
    /// Outgoing mail: SMTP when set, else files in `data_dir/outbox`.
    pub smtp_url: Option<String>,
    /// The sender of the shop's mails.
    pub mail_from: String,
    pub log_format: LogFormat,
    /// The secret the sandbox payment provider signs its notices with;
    /// when unset, a new random one at each start (the sandbox runs in
    /// this process, so nothing outside needs to know it).
    pub sandbox_secret: Option<String>,
    /// How often the order jobs run.
    pub order_sweep_period: std::time::Duration,
    /// Where order events are published besides the in-process consumers.
    pub nats: Option<NatsConfig>,
    /// The Redis that flash-sale buyers pass through before the database
    /// (`REDIS_URL`), its keys under `REDIS_PREFIX` (default `shop`).
    pub redis: Option<RedisConfig>,
    pub tuning: app::state::Tuning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisConfig {
    pub url: String,
    pub prefix: String,
}

/// `NATS_URL` and the subject prefix (`NATS_SUBJECT_PREFIX`, default `shop`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsConfig {
    pub url: String,
    pub prefix: String,
}

impl Config {
    /// Uploaded and generated product pictures, served under `/media`.
    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// The product search index: a copy of the catalog, rebuilt when missing.
    pub fn search_dir(&self) -> PathBuf {
        self.data_dir.join("search")
    }

    pub fn from_env() -> Result<Self, StartupError> {
        let mut leptos = leptos::config::get_configuration(None)
            .map_err(|err| StartupError::Config {
                name: "LEPTOS_* settings",
                reason: err.to_string(),
            })?
            .leptos_options;
        // cargo-leptos tells the compiler whether it hashed the asset names;
        // a binary started by hand should not need to be told again.
        if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
            leptos.hash_files = option_env!("LEPTOS_HASH_FILES") == Some("true");
        }
        Self::from_vars(leptos, |name| std::env::var(name).ok(), &current_dir()?)
    }

    /// Builds the configuration from any source of variables (the tests use a map).
    pub fn from_vars(
        leptos: LeptosOptions,
        var: impl Fn(&str) -> Option<String>,
        cwd: &Path,
    ) -> Result<Self, StartupError> {
        let data_dir = cwd.join(var("SHOP_DATA_DIR").unwrap_or_else(|| "data".into()));
        let url =
            var("DATABASE_URL").unwrap_or_else(|| app::db::sqlite_url(&data_dir.join("shop.db")));
        let is_sqlite = url.starts_with("sqlite:");

        let mut database = DbOptions::new(url);
        // SQLite writes one at a time however many connections there are;
        // a few readers are plenty. PostgreSQL gains from more.
        database.max_connections = match var("DATABASE_MAX_CONNECTIONS") {
            Some(raw) => {
                raw.parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| StartupError::Config {
                        name: "DATABASE_MAX_CONNECTIONS",
                        reason: format!("expected a positive number, got `{raw}`"),
                    })?
            }
            None if is_sqlite => 8,
            None => 16,
        };
        if let Some(raw) = var("SQLITE_SYNCHRONOUS") {
            database.sqlite_durability =
                raw.parse::<SqliteDurability>()
                    .map_err(|reason| StartupError::Config {
                        name: "SQLITE_SYNCHRONOUS",
                        reason,
                    })?;
        }

        let base_url = var("SHOP_BASE_URL")
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr))
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(StartupError::Config {
                name: "SHOP_BASE_URL",
                reason: format!("expected an http:// or https:// URL, got `{base_url}`"),
            });
        }

        let smtp_url = var("SMTP_URL").filter(|url| !url.trim().is_empty());
        let mail_from =
            var("SHOP_MAIL_FROM").unwrap_or_else(|| format!("no-reply@{}", mail_domain(&base_url)));
        if !mail_from.contains('@') {
            return Err(StartupError::Config {
                name: "SHOP_MAIL_FROM",
                reason: format!("expected an email address, got `{mail_from}`"),
            });
        }

        let log_format = match var("SHOP_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(StartupError::Config {
                    name: "SHOP_LOG_FORMAT",
                    reason: format!("expected `text` or `json`, got `{other}`"),
                });
            }
        };

        let sandbox_secret = var("PAYMENT_SANDBOX_SECRET").filter(|s| !s.is_empty());
        let order_sweep_period = match var("ORDER_SWEEP_SECONDS") {
            None => std::time::Duration::from_secs(30),
            Some(raw) => raw
                .parse::<u64>()
                .ok()
                .filter(|secs| *secs > 0)
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| StartupError::Config {
                    name: "ORDER_SWEEP_SECONDS",
                    reason: format!("expected a positive number of seconds, got `{raw}`"),
                })?,
        };

        let nats = match var("NATS_URL").filter(|url| !url.trim().is_empty()) {
            None => None,
            Some(url) => {
                let prefix = var("NATS_SUBJECT_PREFIX").unwrap_or_else(|| "shop".into());
                // Checked here so a typo stops the start, not the first event.
                app::outbox::nats::NatsPublisher::new(&url, &prefix).map_err(|err| {
                    StartupError::Config {
                        name: "NATS_URL / NATS_SUBJECT_PREFIX",
                        reason: err.to_string(),
                    }
                })?;
                Some(NatsConfig { url, prefix })
            }
        };

        let redis = match var("REDIS_URL").filter(|url| !url.trim().is_empty()) {
            None => None,
            Some(url) => {
                let prefix = var("REDIS_PREFIX").unwrap_or_else(|| "shop".into());
                // Checked here so a typo stops the start; nothing connects
                // yet, so a Redis that is down does not.
                app::flash_sales::gate::FlashGate::new(&url, &prefix).map_err(|err| {
                    StartupError::Config {
                        name: "REDIS_URL",
                        reason: err.to_string(),
                    }
                })?;
                Some(RedisConfig { url, prefix })
            }
        };

        let mut tuning = app::state::Tuning::default();
        match var("SHOP_BATCH_WRITES").as_deref() {
            None | Some("on") => {}
            Some("off") => tuning.batch_writes = false,
            Some(other) => {
                return Err(StartupError::Config {
                    name: "SHOP_BATCH_WRITES",
                    reason: format!("expected `on` or `off`, got `{other}`"),
                });
            }
        }
        for (name, slot) in [
            ("FLASH_PER_IP", &mut tuning.flash_per_ip),
            ("FLASH_PER_MEMBER", &mut tuning.flash_per_member),
        ] {
            if let Some(raw) = var(name) {
                *slot = raw.parse().map_err(|_| StartupError::Config {
                    name,
                    reason: format!("expected attempts per second (0: no limit), got `{raw}`"),
                })?;
            }
        }

        Ok(Self {
            leptos,
            data_dir,
            database,
            base_url,
            smtp_url,
            mail_from,
            log_format,
            sandbox_secret,
            order_sweep_period,
            nats,
            redis,
            tuning,
        })
    }

    /// The database URL with any password masked, for logs and error messages.
    pub fn database_url_for_display(&self) -> String {
        redact_password(&self.database.url)
    }
}

/// The host of the base URL, as the domain of the default sender.
fn mail_domain(base_url: &str) -> String {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let host = host.split(['/', ':']).next().unwrap_or_default();
    if host.contains('.') && host.parse::<std::net::IpAddr>().is_err() {
        host.to_owned()
    } else {
        "localhost".to_owned()
    }
}

fn current_dir() -> Result<PathBuf, StartupError> {
    std::env::current_dir().map_err(|err| StartupError::Config {
        name: "working directory",
        reason: err.to_string(),
    })
}

/// `postgres://shop:secret@db/shop` becomes `postgres://shop:***@db/shop`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, StartupError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let leptos = LeptosOptions::builder().output_name("shop").build();
        Config::from_vars(
            leptos,
            |name| vars.get(name).cloned(),
            Path::new("/srv/shop"),
        )
    }

    #[test]
    fn defaults_to_a_sqlite_file_in_the_data_dir() {
        let config = config(&[]).unwrap();
        assert_eq!(config.data_dir, Path::new("/srv/shop/data"));
        assert_eq!(
            config.database.url,
            "sqlite:///srv/shop/data/shop.db?mode=rwc"
        );
        assert_eq!(config.database.sqlite_durability, SqliteDurability::Full);
    }

    #[test]
    fn database_url_and_data_dir_come_from_the_environment() {
        let config = config(&[
            ("DATABASE_URL", "postgres://u:p@db/shop"),
            ("SHOP_DATA_DIR", "/var/lib/shop"),
        ])
        .unwrap();
        assert_eq!(config.data_dir, Path::new("/var/lib/shop"));
        assert_eq!(config.database.url, "postgres://u:p@db/shop");
        assert_eq!(config.database.max_connections, 16);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("SQLITE_SYNCHRONOUS", "sometimes")])
            .err()
            .unwrap();
        assert!(err.to_string().contains("SQLITE_SYNCHRONOUS"), "{err}");
        let err = config(&[("DATABASE_MAX_CONNECTIONS", "0")]).err().unwrap();
        assert!(
            err.to_string().contains("DATABASE_MAX_CONNECTIONS"),
            "{err}"
        );
        let err = config(&[("SHOP_BASE_URL", "shop.example")]).err().unwrap();
        assert!(err.to_string().contains("SHOP_BASE_URL"), "{err}");
    }

    #[test]
    fn mail_comes_from_the_shops_own_domain() {
        let public = config(&[("SHOP_BASE_URL", "https://shop.example:8443/")]).unwrap();
        assert_eq!(public.mail_from, "no-reply@shop.example");
        assert!(public.smtp_url.is_none());
        assert_eq!(config(&[]).unwrap().mail_from, "no-reply@localhost");
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact_password("postgres://shop:s3cret@db:5432/shop"),
            "postgres://shop:***@db:5432/shop"
        );
        assert_eq!(
            redact_password("postgres://shop@db/shop"),
            "postgres://shop@db/shop"
        );
        assert_eq!(
            redact_password("sqlite:///data/shop.db"),
            "sqlite:///data/shop.db"
        );
    }
}
