//! What other centres do when an order moves. Activities (flash sales,
//! group buys) and coupons keep their own rows in step with the orders
//! that came from them; the order centre does not know them, it runs every
//! registered [`OrderHook`] inside the transition's transaction. A new
//! activity (bargain, pre-sale) adds a hook where the app is assembled
//! (`state::register_order_hooks`) and touches no order code.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use sea_orm::DbErr;

use super::entity::{order, order_item};
use super::status::{OrderEvent, OrderStatus};
use crate::db::AnyConnection;

/// Takes part in every order transition. Each method runs in the
/// transition's transaction; an error rolls the whole move back. Hooks
/// look at the order (e.g. its `group_id`) and do nothing for orders that
/// are not theirs.
#[async_trait::async_trait]
pub trait OrderHook: Send + Sync + 'static {
    /// Before the order's row is written: lock what this hook's rule reads
    /// (rows locked here come before the order's row in every transaction,
    /// see `group_buys::repo` on lock order) and say whether `event` may
    /// move the order. A refusal is answered as an illegal transition.
    async fn allows(
        &self,
        _db: &AnyConnection<'_>,
        _order: &order::Model,
        _event: OrderEvent,
    ) -> Result<bool, DbErr> {
        Ok(true)
    }

    /// One line's units going back as the order is cancelled or refunded:
    /// `true` when this hook took them (back to where they came from), so
    /// they do not go back to the SKU's stock.
    async fn takes_back(
        &self,
        _db: &AnyConnection<'_>,
        _order: &order::Model,
        _item: &order_item::Model,
        _to: OrderStatus,
    ) -> Result<bool, DbErr> {
        Ok(false)
    }

    /// After the order moved to `to`, its timeline not yet written.
    async fn moved(
        &self,
        _db: &AnyConnection<'_>,
        _order: &order::Model,
        _to: OrderStatus,
        _now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        Ok(())
    }
}

static HOOKS: OnceLock<Vec<Box<dyn OrderHook>>> = OnceLock::new();

/// Sets the hooks every transition runs, once per process; later calls
/// keep the first set (the app and the tests register the same).
pub fn register(hooks: impl FnOnce() -> Vec<Box<dyn OrderHook>>) {
    HOOKS.get_or_init(hooks);
}

/// The registered hooks. Moving an order without them would leave the
/// activities' rows behind, so it is an error, not a silent skip.
pub(super) fn registered() -> Result<&'static [Box<dyn OrderHook>], DbErr> {
    HOOKS.get().map(Vec::as_slice).ok_or_else(|| {
        DbErr::Custom(
            "order hooks are not registered: call app::state::register_order_hooks at start".into(),
        )
    })
}
