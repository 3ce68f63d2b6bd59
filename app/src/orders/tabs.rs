//! The tabs of the member's order list: groups of statuses as a shopper
//! thinks of them ("to pay", "to receive"), not the state machine's names.

use serde::{Deserialize, Serialize};

use super::status::OrderStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderTab {
    All,
    ToPay,
    ToShip,
    ToReceive,
    Completed,
    Refunds,
    Cancelled,
}

impl OrderTab {
    pub const ALL: [Self; 7] = [
        Self::All,
        Self::ToPay,
        Self::ToShip,
        Self::ToReceive,
        Self::Completed,
        Self::Refunds,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::ToPay => "to-pay",
            Self::ToShip => "to-ship",
            Self::ToReceive => "to-receive",
            Self::Completed => "completed",
            Self::Refunds => "refunds",
            Self::Cancelled => "cancelled",
        }
    }

    /// Anything unknown is the "all" tab.
    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == text)
            .unwrap_or(Self::All)
    }

    /// The statuses the tab lists; `None` for all of them.
    pub fn statuses(self) -> Option<&'static [OrderStatus]> {
        use OrderStatus as S;
        Some(match self {
            Self::All => return None,
            Self::ToPay => &[S::PendingPayment],
            Self::ToShip => &[S::Paid],
            Self::ToReceive => &[S::Shipped, S::Delivered],
            Self::Completed => &[S::Completed],
            Self::Refunds => &[S::RefundRequested, S::Refunded, S::RefundRejected],
            Self::Cancelled => &[S::Cancelled],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_in_exactly_one_tab() {
        for status in OrderStatus::ALL {
            let tabs = OrderTab::ALL
                .into_iter()
                .filter(|t| t.statuses().is_some_and(|s| s.contains(&status)))
                .count();
            assert_eq!(tabs, 1, "{status:?}");
        }
    }

    #[test]
    fn tabs_round_trip_and_unknown_means_all() {
        for tab in OrderTab::ALL {
            assert_eq!(OrderTab::parse(tab.as_str()), tab);
        }
        assert_eq!(OrderTab::parse("lost"), OrderTab::All);
    }
}
