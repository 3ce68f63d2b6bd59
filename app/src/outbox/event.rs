//! What an order event says. Subscribers outside the shop read the same
//! JSON, so fields are only ever added, never renamed.

use serde::{Deserialize, Serialize};

use crate::orders::status::OrderStatus;

/// The payload of every `order.*` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub order_id: i64,
    pub order_no: String,
    pub member_id: i64,
    /// What the member paid or owes, in minor units.
    pub total: i64,
    /// `None` for a new order.
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
}

impl OrderEvent {
    /// `order.created` for a new order, else `order.{new status}`.
    pub fn topic(&self) -> String {
        match self.from {
            None => "order.created".to_owned(),
            Some(_) => format!("order.{}", self.to.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(from: Option<OrderStatus>, to: OrderStatus) -> OrderEvent {
        OrderEvent {
            order_id: 1,
            order_no: "x".into(),
            member_id: 2,
            total: 100,
            from,
            to,
        }
    }

    #[test]
    fn topics_name_what_happened() {
        assert_eq!(
            event(None, OrderStatus::PendingPayment).topic(),
            "order.created"
        );
        assert_eq!(
            event(Some(OrderStatus::PendingPayment), OrderStatus::Paid).topic(),
            "order.paid"
        );
        assert_eq!(
            event(Some(OrderStatus::RefundRequested), OrderStatus::Refunded).topic(),
            "order.refunded"
        );
    }
}
