//! Which centres take part in an order's life (see `orders::hooks`), put
//! together here where the app is assembled: `state` registers them at
//! start, and the repository tests through their support module. Adding
//! an activity means adding its hook to this list, not changing orders.

use chrono::{DateTime, Utc};
use sea_orm::DbErr;

use crate::db::AnyConnection;
use crate::flash_sales::order_hook::FlashSaleHook;
use crate::group_buys::order_hook::GroupBuyHook;
use crate::orders::entity::order;
use crate::orders::hooks::{self, OrderHook};
use crate::orders::status::OrderStatus;
use crate::promotions::usage::CouponUse;

/// Registers the hooks, once per process. The group's comes first: the
/// group row it locks comes before every other row in lock order.
pub fn register() {
    hooks::register(|| {
        vec![
            Box::new(GroupBuyHook),
            Box::new(FlashSaleHook),
            Box::new(CouponHook),
        ]
    });
}

/// A cancelled order gives its coupon back to the member. A refunded one
/// keeps it: see `promotions::usage`. (Coupons sit below orders, which
/// take them at checkout, so their hook lives here rather than in
/// `promotions`.)
struct CouponHook;

#[async_trait::async_trait]
impl OrderHook for CouponHook {
    async fn moved(
        &self,
        db: &AnyConnection<'_>,
        order: &order::Model,
        to: OrderStatus,
        _now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        match order.coupon_id {
            Some(coupon_id) if to == OrderStatus::Cancelled => {
                CouponUse(db).give_back(coupon_id, order.id).await
            }
            _ => Ok(()),
        }
    }
}
