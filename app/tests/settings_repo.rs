//! Store settings through the repository and its cache, on every database.

use crate::support;

use std::time::{Duration, Instant};

use app::settings::StoreSettings;
use app::settings::cache::SettingsCache;
use app::settings::model::{StoreName, UtcOffset};
use app::settings::repo::SettingsRepo;
use app::settings::sign_in_model::SignInRules;
use support::test_databases;

#[tokio::test]
async fn a_new_database_has_the_default_settings() {
    for db in test_databases().await {
        let settings = SettingsRepo::new(db.conn.clone()).load().await.unwrap();
        assert_eq!(
            settings,
            StoreSettings {
                name: "Ferris Market".into(),
                currency: "CNY".into(),
                shipping_fee: 1_000,
                free_shipping_from: 9_900,
                payment_timeout_minutes: 30,
                auto_complete_days: 7,
                utc_offset_minutes: 480,
                flash_payment_timeout_minutes: 10,
                express_fee: 2_000,
                sign_in: SignInRules::default(),
            },
            "{}",
            db.label()
        );
    }
}

#[tokio::test]
async fn a_renamed_store_keeps_its_new_name_in_any_script() {
    for db in test_databases().await {
        let repo = SettingsRepo::new(db.conn.clone());
        let name = StoreName::parse("  锈铁杂货铺 Rusty Goods ").unwrap();
        let renamed = repo.rename(&name).await.unwrap();
        assert_eq!(renamed.name, "锈铁杂货铺 Rusty Goods", "{}", db.label());
        let reloaded = SettingsRepo::new(db.another_pool().await)
            .load()
            .await
            .unwrap();
        assert_eq!(reloaded.name, "锈铁杂货铺 Rusty Goods", "{}", db.label());
        assert_eq!(reloaded.currency, "CNY", "{}", db.label());
    }
}

#[tokio::test]
async fn a_new_store_clock_is_kept_and_served_at_once() {
    for db in test_databases().await {
        let cache =
            SettingsCache::load(SettingsRepo::new(db.conn.clone()), Duration::from_secs(60))
                .await
                .unwrap();
        let offset = UtcOffset::parse("-3:30").unwrap();
        cache.set_utc_offset(offset).await.unwrap();
        assert_eq!(cache.current().utc_offset_minutes, -210, "{}", db.label());
        let reloaded = SettingsRepo::new(db.another_pool().await)
            .load()
            .await
            .unwrap();
        assert_eq!(reloaded.utc_offset_minutes, -210, "{}", db.label());
    }
}

/// Polls `cache` until it shows `name`, for at most two seconds.
async fn eventually_named(cache: &std::sync::Arc<SettingsCache>, name: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline {
        if cache.current().name == name {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn the_cache_sees_another_servers_change_once_its_copy_expires() {
    for db in test_databases().await {
        let max_age = Duration::from_millis(300);
        let cache = SettingsCache::load(SettingsRepo::new(db.conn.clone()), max_age)
            .await
            .unwrap();
        assert_eq!(cache.current().name, "Ferris Market");

        // Another app server renames the store through its own pool.
        let other = SettingsRepo::new(db.another_pool().await);
        other
            .rename(&StoreName::parse("Renamed").unwrap())
            .await
            .unwrap();
        assert_eq!(
            cache.current().name,
            "Ferris Market",
            "{}: the copy is still fresh",
            db.label()
        );

        tokio::time::sleep(max_age).await;
        assert!(
            eventually_named(&cache, "Renamed").await,
            "{}: the expired copy is re-read",
            db.label()
        );
    }
}

#[tokio::test]
async fn a_rename_through_the_cache_shows_at_once() {
    for db in test_databases().await {
        let cache =
            SettingsCache::load(SettingsRepo::new(db.conn.clone()), Duration::from_secs(60))
                .await
                .unwrap();
        cache
            .rename(&StoreName::parse("At Once").unwrap())
            .await
            .unwrap();
        assert_eq!(cache.current().name, "At Once", "{}", db.label());
    }
}

#[tokio::test]
async fn the_cache_keeps_its_last_copy_when_the_database_is_down() {
    for db in test_databases().await {
        let cache = SettingsCache::load(SettingsRepo::new(db.conn.clone()), Duration::ZERO)
            .await
            .unwrap();
        db.conn.clone().close().await.unwrap();
        cache.refresh().await;
        assert_eq!(cache.current().name, "Ferris Market", "{}", db.label());
    }
}

#[tokio::test]
async fn a_database_without_the_settings_row_cannot_start_the_cache() {
    for db in test_databases().await {
        use sea_orm::ConnectionTrait;
        db.conn
            .execute_unprepared("DELETE FROM store_settings")
            .await
            .unwrap();
        let loaded = SettingsCache::load(SettingsRepo::new(db.conn.clone()), Duration::ZERO).await;
        assert!(loaded.is_err(), "{}", db.label());
    }
}

#[tokio::test]
async fn sign_in_rules_are_kept_as_set() {
    for db in test_databases().await {
        let repo = SettingsRepo::new(db.conn.clone());
        let rules = SignInRules::parse("15", "4", "7", "60", true).unwrap();
        assert_eq!(
            repo.set_sign_in_rules(&rules).await.unwrap().sign_in,
            rules,
            "{}",
            db.label()
        );
        assert_eq!(repo.load().await.unwrap().sign_in, rules, "{}", db.label());
    }
}
