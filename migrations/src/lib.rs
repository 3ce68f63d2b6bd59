//! Schema migrations, run by `server migrate` and at every server start.
//!
//! One file per migration, named by date so they sort in the order they run.
//! A migration never changes once it has shipped: later changes get a new file.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_store_settings;
mod m20261125_000002_accounts;
mod m20261125_000003_catalog;
mod m20261127_000004_carts;
mod m20261128_000005_orders;
mod m20261128_000006_order_settings;
mod m20261128_000007_payments;
mod m20261128_000008_outbox_points;
mod m20261130_000009_coupons;
mod m20261130_000010_coupon_use;
mod m20261130_000011_store_time_zone;
mod m20261201_000012_flash_sales;
mod m20261201_000013_group_buys;
mod m20261205_000014_cart_lines_ordered_once;
mod m20261205_000015_express_shipping;
mod m20261208_000016_sign_in_security;
mod m20261208_000017_staff_two_factor;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_store_settings::Migration),
            Box::new(m20261125_000002_accounts::Migration),
            Box::new(m20261125_000003_catalog::Migration),
            Box::new(m20261127_000004_carts::Migration),
            Box::new(m20261128_000005_orders::Migration),
            Box::new(m20261128_000006_order_settings::Migration),
            Box::new(m20261128_000007_payments::Migration),
            Box::new(m20261128_000008_outbox_points::Migration),
            Box::new(m20261130_000009_coupons::Migration),
            Box::new(m20261130_000010_coupon_use::Migration),
            Box::new(m20261130_000011_store_time_zone::Migration),
            Box::new(m20261201_000012_flash_sales::Migration),
            Box::new(m20261201_000013_group_buys::Migration),
            Box::new(m20261205_000014_cart_lines_ordered_once::Migration),
            Box::new(m20261205_000015_express_shipping::Migration),
            Box::new(m20261208_000016_sign_in_security::Migration),
            Box::new(m20261208_000017_staff_two_factor::Migration),
        ]
    }
}
