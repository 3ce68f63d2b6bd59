use serde::{Deserialize, Serialize};

/// What every page needs to know about the shop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    pub name: String,
    /// ISO 4217 code of the one currency the shop sells in.
    pub currency: String,
    /// Shipping, in minor units, and the items' subtotal from which it is
    /// free (0: never free).
    pub shipping_fee: i64,
    pub free_shipping_from: i64,
    /// How long an unpaid order waits before it is cancelled.
    pub payment_timeout_minutes: i32,
    /// Days after shipping when an order the member has not confirmed
    /// completes by itself.
    pub auto_complete_days: i32,
}

/// A store name that fits in the header: trimmed, not blank, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreName(String);

/// Why a store name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreNameError {
    Empty,
    TooLong { max_chars: usize },
}

impl StoreName {
    /// The longest name the header shows on a 360 px phone without wrapping.
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, StoreNameError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(StoreNameError::Empty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(StoreNameError::TooLong {
                max_chars: Self::MAX_CHARS,
            });
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl StoreSettings {
    pub fn shipping_rule(&self) -> crate::orders::pricing::ShippingRule {
        crate::orders::pricing::ShippingRule {
            fee: self.shipping_fee,
            free_from: self.free_shipping_from,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names_are_trimmed() {
        let name = StoreName::parse("  Ferris Market \n").unwrap();
        assert_eq!(name.as_str(), "Ferris Market");
    }

    #[test]
    fn blank_store_names_are_refused() {
        assert_eq!(StoreName::parse("   "), Err(StoreNameError::Empty));
    }

    #[test]
    fn store_names_are_limited_in_characters_not_bytes() {
        let chinese = "锈".repeat(StoreName::MAX_CHARS);
        assert!(chinese.len() > StoreName::MAX_CHARS);
        assert_eq!(StoreName::parse(&chinese).unwrap().as_str(), chinese);
        assert_eq!(
            StoreName::parse(&format!("{chinese}店")),
            Err(StoreNameError::TooLong { max_chars: 40 })
        );
    }
}
