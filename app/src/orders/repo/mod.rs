//! Orders in the database: placing one (stock reserved in the same
//! transaction, `place.rs`), moving it through its state machine
//! (`transition.rs`) with every step on its timeline and in the outbox
//! (`timeline.rs`), and reading a member's own orders (here).

mod personal;
mod place;
mod timeline;
mod transition;

pub use place::{SharedTake, shared_takes};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};

use super::entity::{order, order_event, order_item};
use super::pricing::PriceBreakdown;
use super::shipping::ShippingMethod;
use super::status::{IllegalTransition, OrderStatus};
use crate::cart::model::CartLine;
use crate::promotions::pricing::PricingError;
use crate::promotions::quote::{Quote, QuoteError};

/// Where the parcel goes, copied from the address book when the order is
/// placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipTo {
    pub recipient: String,
    pub phone: String,
    pub address: String,
}

pub struct NewOrder<'a> {
    pub member_id: i64,
    /// Generated with the checkout page: the same key places one order.
    pub idempotency_key: &'a str,
    pub order_no: String,
    /// The cart lines chosen for checkout.
    pub lines: &'a [CartLine],
    /// The lines priced with promotions, `line_discounts` in their order;
    /// its coupon is taken with the order.
    pub quote: &'a Quote,
    pub ship_to: ShipTo,
    /// How it travels; `quote` priced its fee.
    pub shipping: ShippingMethod,
    pub note: &'a str,
    pub now: DateTime<Utc>,
    pub pay_by: DateTime<Utc>,
}

impl NewOrder<'_> {
    /// The answer for this cart order, once placed.
    pub fn placed(self, sold_out: &[i64]) -> Placed {
        let mut products: Vec<String> = self.lines.iter().map(|l| l.product_slug.clone()).collect();
        products.sort_unstable();
        products.dedup();
        Placed::New {
            order_no: self.order_no,
            products,
            sold_out: !sold_out.is_empty(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    New {
        order_no: String,
        /// The products whose stock this order took, by slug: their pages
        /// show stock.
        products: Vec<String>,
        /// Some SKU's last unit went into this order: its product may now
        /// show as out of stock in listings too.
        sold_out: bool,
    },
    /// This checkout page had already placed the order: its number.
    Existing(String),
}

impl Placed {
    pub fn order_no(&self) -> &str {
        match self {
            Self::New { order_no, .. } | Self::Existing(order_no) => order_no,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    #[error("nothing chosen to order")]
    Empty,
    /// Another checkout of the same cart (another tab, with its own
    /// idempotency key) ordered these lines first.
    #[error("the cart's lines were ordered by another checkout")]
    AlreadyOrdered,
    #[error("{0} is no longer sold")]
    Unavailable(String),
    #[error("only {left} of {code} left")]
    OnlyLeft { code: String, left: i64 },
    /// Prices changed since the page was shown; this is today's breakdown.
    #[error("the total is now {}", .0.total)]
    PriceChanged(PriceBreakdown),
    /// The checkout's key already placed this order, for other items,
    /// another address, delivery or note: a new request reusing a key.
    #[error("the key already placed order {0}, with other parameters")]
    KeyReused(String),
    /// A price changed while the order was being placed.
    #[error("prices changed while the order was placed")]
    PricesMoved,
    /// The coupon chosen cannot be used on this order.
    #[error(transparent)]
    Coupon(#[from] QuoteError),
    /// The coupon was used by another order, or expired, in the meantime.
    #[error("the coupon is no longer available")]
    CouponGone,
    #[error(transparent)]
    Database(#[from] DbErr),
}

#[derive(Debug, thiserror::Error)]
pub enum TransitionError {
    #[error("no such order")]
    NotFound,
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub struct OrderRepo<'c, C>(pub &'c C);

/// Where an order came from, which decides where its units come from
/// and go back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The cart, at the SKUs' own prices.
    Cart,
    /// A flash sale: its unit came from the sale's stock.
    Flash(i64),
    /// A place in a group, at the deal's price.
    Group(i64),
}

impl From<PricingError> for PlaceError {
    fn from(err: PricingError) -> Self {
        match err {
            PricingError::Coupon(err) => Self::Coupon(err),
            PricingError::Database(err) => Self::Database(err),
        }
    }
}

impl<C: ConnectionTrait> OrderRepo<'_, C> {
    /// The order this member placed with this key, if any.
    pub async fn by_key(&self, member_id: i64, key: &str) -> Result<Option<order::Model>, DbErr> {
        order::Entity::find()
            .filter(order::Column::MemberId.eq(member_id))
            .filter(order::Column::IdempotencyKey.eq(key))
            .one(self.0)
            .await
    }

    /// The cart lines an order was placed from.
    pub async fn cart_lines_of(&self, order_id: i64) -> Result<Vec<i64>, DbErr> {
        let lines: Vec<Option<i64>> = order_item::Entity::find()
            .select_only()
            .column(order_item::Column::CartItemId)
            .filter(order_item::Column::OrderId.eq(order_id))
            .into_tuple()
            .all(self.0)
            .await?;
        Ok(lines.into_iter().flatten().collect())
    }

    /// Whether any of these cart lines went into one of this member's
    /// orders: what a checkout page showed may have been ordered from
    /// another tab since. Another member's lines never count, so the
    /// answer tells nothing about anyone else's cart.
    pub async fn ordered_any(&self, member_id: i64, cart_lines: &[i64]) -> Result<bool, DbErr> {
        if cart_lines.is_empty() {
            return Ok(false);
        }
        let members_orders = order::Entity::find()
            .select_only()
            .column(order::Column::Id)
            .filter(order::Column::MemberId.eq(member_id))
            .into_query();
        let found: Option<i64> = order_item::Entity::find()
            .select_only()
            .column(order_item::Column::Id)
            .filter(order_item::Column::CartItemId.is_in(cart_lines.iter().copied()))
            .filter(order_item::Column::OrderId.in_subquery(members_orders))
            .limit(1)
            .into_tuple()
            .one(self.0)
            .await?;
        Ok(found.is_some())
    }

    /// The member's order with this number; `None` for anyone else's.
    pub async fn find_own(
        &self,
        member_id: i64,
        order_no: &str,
    ) -> Result<Option<order::Model>, DbErr> {
        order::Entity::find()
            .filter(order::Column::OrderNo.eq(order_no))
            .filter(order::Column::MemberId.eq(member_id))
            .one(self.0)
            .await
    }

    /// A page of the member's orders (of some statuses, or all), newest
    /// first, with the lines of each: two queries whatever the page size.
    pub async fn list_own(
        &self,
        member_id: i64,
        statuses: Option<&[OrderStatus]>,
        page: u64,
        per_page: u64,
    ) -> Result<Vec<(order::Model, Vec<order_item::Model>)>, DbErr> {
        let mut select = order::Entity::find().filter(order::Column::MemberId.eq(member_id));
        if let Some(statuses) = statuses {
            select =
                select.filter(order::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
        }
        let orders = select
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id)
            .offset(page * per_page)
            .limit(per_page)
            .all(self.0)
            .await?;
        let mut items = order_item::Entity::find()
            .filter(order_item::Column::OrderId.is_in(orders.iter().map(|o| o.id)))
            .order_by_asc(order_item::Column::Id)
            .all(self.0)
            .await?;
        Ok(orders
            .into_iter()
            .map(|o| {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    items.drain(..).partition(|i| i.order_id == o.id);
                items = rest;
                (o, mine)
            })
            .collect())
    }

    pub async fn items(&self, order_id: i64) -> Result<Vec<order_item::Model>, DbErr> {
        order_item::Entity::find()
            .filter(order_item::Column::OrderId.eq(order_id))
            .order_by_asc(order_item::Column::Id)
            .all(self.0)
            .await
    }

    pub async fn timeline(&self, order_id: i64) -> Result<Vec<order_event::Model>, DbErr> {
        order_event::Entity::find()
            .filter(order_event::Column::OrderId.eq(order_id))
            .order_by_asc(order_event::Column::Id)
            .all(self.0)
            .await
    }
}

impl Origin {
    fn flash_item(self) -> Option<i64> {
        match self {
            Self::Flash(item) => Some(item),
            Self::Cart | Self::Group(_) => None,
        }
    }

    fn group(self) -> Option<i64> {
        match self {
            Self::Group(group) => Some(group),
            Self::Cart | Self::Flash(_) => None,
        }
    }
}
