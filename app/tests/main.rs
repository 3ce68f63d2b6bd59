//! The app crate's integration tests, as one binary: every test binary
//! links the whole app again, so one binary per crate saves a link (and its
//! disk) per area. Each module is one area, named after what it tests.

mod support;

mod cart_repo;
mod catalog_admin_repo;
mod catalog_repo;
mod coupon_checkout;
mod coupons_repo;
mod db_connection;
mod flash_gate;
mod flash_sales_repo;
mod group_buys_repo;
mod input_properties;
mod layering;
mod member_lists_repo;
mod members_repo;
mod nats_outbox;
mod orders_repo;
mod payments_repo;
mod promotion_properties;
mod search_repo;
mod sessions_repo;
mod settings_repo;
mod staff_repo;
mod staff_two_factor_repo;
mod variants_repo;
