//! Where a product and each of its SKUs stand in their lives: only
//! active SKUs of listed products are sold.

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

/// A SKU is retired rather than deleted when it is no longer sold: orders
/// and carts keep pointing at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SkuStatus {
    Active,
    Retired,
}

impl SkuStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Retired => "retired",
        }
    }

    /// Anything but "active" is off sale, whatever a later version adds.
    pub fn from_stored(text: &str) -> Self {
        if text == "active" {
            Self::Active
        } else {
            Self::Retired
        }
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
