//! Where a product stands in its life: only listed products are sold.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductStatus {
    /// Being prepared by staff; shoppers never see it.
    Draft,
    /// On sale.
    Listed,
    /// Taken off sale; its page and orders stay for the record.
    Delisted,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 3] = [Self::Draft, Self::Listed, Self::Delisted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Listed => "listed",
            Self::Delisted => "delisted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_refused() {
        for status in ProductStatus::ALL {
            assert_eq!(ProductStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ProductStatus::parse("LISTED"), None);
    }
}
