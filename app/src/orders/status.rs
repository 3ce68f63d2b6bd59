//! The life of an order, as a state machine: which event may move an order
//! from which status to which, and nothing else.
//!
//! ```text
//! PendingPayment ──pay──▶ Paid ──ship──▶ Shipped ──confirm──▶ Delivered ──complete──▶ Completed
//!       │                  │               │  └────────────complete (after N days)───────▲
//!     cancel               └─request refund┴──▶ RefundRequested ──approve──▶ Refunded
//!       ▼                                              └──reject──▶ RefundRejected
//!   Cancelled
//! ```
//!
//! A rejected refund puts the order back on its way: it may still be
//! shipped (if it was not yet), confirmed and completed, but not refunded
//! again by the member (staff settle disputes outside the shop).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    RefundRequested,
    Refunded,
    RefundRejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderEvent {
    /// The payment provider confirmed the payment.
    Pay,
    /// By the member, or by the payment timeout.
    Cancel,
    /// Staff handed it to the carrier.
    Ship,
    /// The member confirmed receipt.
    ConfirmReceipt,
    /// The member's confirmation, or the automatic completion N days after
    /// shipping.
    Complete,
    RequestRefund,
    ApproveRefund,
    RejectRefund,
}

/// What the status alone does not say but the rules need. Rules of the
/// activities an order came from (a group must form before its orders
/// ship) are theirs: see `orders::hooks`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderFacts {
    /// The order has been handed to a carrier.
    pub shipped: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an order that is {from:?} cannot take the event {event:?}")]
pub struct IllegalTransition {
    pub from: OrderStatus,
    pub event: OrderEvent,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        Self::PendingPayment,
        Self::Paid,
        Self::Shipped,
        Self::Delivered,
        Self::Completed,
        Self::Cancelled,
        Self::RefundRequested,
        Self::Refunded,
        Self::RefundRejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::RefundRequested => "refund_requested",
            Self::Refunded => "refunded",
            Self::RefundRejected => "refund_rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// No event moves the order any more.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::Refunded)
    }

    /// Where `event` takes an order in this status, or why it cannot.
    pub fn next(self, event: OrderEvent, facts: OrderFacts) -> Result<Self, IllegalTransition> {
        use OrderEvent as E;
        use OrderStatus as S;
        let next = match (self, event) {
            (S::PendingPayment, E::Pay) => S::Paid,
            (S::PendingPayment, E::Cancel) => S::Cancelled,
            (S::Paid, E::Ship) => S::Shipped,
            (S::RefundRejected, E::Ship) if !facts.shipped => S::Shipped,
            (S::Shipped, E::ConfirmReceipt) => S::Delivered,
            (S::RefundRejected, E::ConfirmReceipt) if facts.shipped => S::Delivered,
            (S::Shipped | S::Delivered, E::Complete) => S::Completed,
            (S::RefundRejected, E::Complete) if facts.shipped => S::Completed,
            (S::Paid | S::Shipped, E::RequestRefund) => S::RefundRequested,
            (S::RefundRequested, E::ApproveRefund) => S::Refunded,
            (S::RefundRequested, E::RejectRefund) => S::RefundRejected,
            (from, event) => return Err(IllegalTransition { from, event }),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: [OrderEvent; 8] = [
        OrderEvent::Pay,
        OrderEvent::Cancel,
        OrderEvent::Ship,
        OrderEvent::ConfirmReceipt,
        OrderEvent::Complete,
        OrderEvent::RequestRefund,
        OrderEvent::ApproveRefund,
        OrderEvent::RejectRefund,
    ];

    /// Every legal move, and nothing more: the table the SPEC draws.
    fn legal(from: OrderStatus, event: OrderEvent, shipped: bool) -> Option<OrderStatus> {
        use OrderEvent as E;
        use OrderStatus as S;
        match (from, event, shipped) {
            (S::PendingPayment, E::Pay, _) => Some(S::Paid),
            (S::PendingPayment, E::Cancel, _) => Some(S::Cancelled),
            (S::Paid, E::Ship, _) => Some(S::Shipped),
            (S::Paid, E::RequestRefund, _) => Some(S::RefundRequested),
            (S::Shipped, E::ConfirmReceipt, _) => Some(S::Delivered),
            (S::Shipped, E::Complete, _) => Some(S::Completed),
            (S::Shipped, E::RequestRefund, _) => Some(S::RefundRequested),
            (S::Delivered, E::Complete, _) => Some(S::Completed),
            (S::RefundRequested, E::ApproveRefund, _) => Some(S::Refunded),
            (S::RefundRequested, E::RejectRefund, _) => Some(S::RefundRejected),
            (S::RefundRejected, E::Ship, false) => Some(S::Shipped),
            (S::RefundRejected, E::ConfirmReceipt, true) => Some(S::Delivered),
            (S::RefundRejected, E::Complete, true) => Some(S::Completed),
            _ => None,
        }
    }

    #[test]
    fn every_move_outside_the_table_is_refused() {
        for from in OrderStatus::ALL {
            for event in EVENTS {
                for shipped in [false, true] {
                    let facts = OrderFacts { shipped };
                    let got = from.next(event, facts).ok();
                    assert_eq!(
                        got,
                        legal(from, event, shipped),
                        "{from:?} + {event:?}, shipped: {shipped}"
                    );
                }
            }
        }
    }

    #[test]
    fn final_statuses_take_no_event() {
        for from in OrderStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for event in EVENTS {
                let shipped = OrderFacts { shipped: true };
                assert!(from.next(event, shipped).is_err());
                assert!(from.next(event, OrderFacts::default()).is_err());
            }
        }
    }

    #[test]
    fn a_paid_order_cannot_be_cancelled_only_refunded() {
        let refused = OrderStatus::Paid.next(OrderEvent::Cancel, OrderFacts::default());
        assert_eq!(
            refused,
            Err(IllegalTransition {
                from: OrderStatus::Paid,
                event: OrderEvent::Cancel
            })
        );
    }

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OrderStatus::parse("PAID"), None);
    }
}
