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

/// The rules orders follow, as staff set them under `/admin/settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRules {
    pub shipping_fee: i64,
    /// 0: shipping is never free.
    pub free_shipping_from: i64,
    pub payment_timeout_minutes: i32,
    pub auto_complete_days: i32,
}

/// Which field of the order rules was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderRulesError {
    ShippingFee,
    FreeShippingFrom,
    PaymentTimeout,
    AutoCompleteDays,
}

impl OrderRules {
    /// The most a flat shipping fee may be: ¥1,000.
    pub const MAX_FEE: i64 = 100_000;
    /// A day: a longer wait keeps stock from other buyers for too long.
    pub const MAX_TIMEOUT_MINUTES: i32 = 1_440;
    pub const MAX_AUTO_COMPLETE_DAYS: i32 = 60;

    /// Reads the form: amounts in yuan (`10`, `9.90`), whole minutes and days.
    pub fn parse(
        shipping_fee: &str,
        free_shipping_from: &str,
        payment_timeout_minutes: &str,
        auto_complete_days: &str,
    ) -> Result<Self, OrderRulesError> {
        use crate::catalog::model::parse_price;

        let fee = parse_price(shipping_fee.trim())
            .filter(|fee| (0..=Self::MAX_FEE).contains(fee))
            .ok_or(OrderRulesError::ShippingFee)?;
        let free_from = parse_price(free_shipping_from.trim())
            .filter(|v| *v >= 0)
            .ok_or(OrderRulesError::FreeShippingFrom)?;
        let timeout = payment_timeout_minutes
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (1..=Self::MAX_TIMEOUT_MINUTES).contains(m))
            .ok_or(OrderRulesError::PaymentTimeout)?;
        let days = auto_complete_days
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|d| (1..=Self::MAX_AUTO_COMPLETE_DAYS).contains(d))
            .ok_or(OrderRulesError::AutoCompleteDays)?;
        Ok(Self {
            shipping_fee: fee,
            free_shipping_from: free_from,
            payment_timeout_minutes: timeout,
            auto_complete_days: days,
        })
    }
}

impl StoreSettings {
    pub fn order_rules(&self) -> OrderRules {
        OrderRules {
            shipping_fee: self.shipping_fee,
            free_shipping_from: self.free_shipping_from,
            payment_timeout_minutes: self.payment_timeout_minutes,
            auto_complete_days: self.auto_complete_days,
        }
    }

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
    fn order_rules_read_yuan_minutes_and_days() {
        let rules = OrderRules::parse("12.50", "0", " 15 ", "7").unwrap();
        assert_eq!(rules.shipping_fee, 1_250);
        assert_eq!(rules.free_shipping_from, 0);
        assert_eq!(rules.payment_timeout_minutes, 15);
        assert_eq!(rules.auto_complete_days, 7);
    }

    #[test]
    fn order_rules_out_of_range_are_refused_by_field() {
        assert_eq!(
            OrderRules::parse("-1", "0", "15", "7"),
            Err(OrderRulesError::ShippingFee)
        );
        assert_eq!(
            OrderRules::parse("1001", "0", "15", "7"),
            Err(OrderRulesError::ShippingFee)
        );
        assert_eq!(
            OrderRules::parse("10", "lots", "15", "7"),
            Err(OrderRulesError::FreeShippingFrom)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "0", "7"),
            Err(OrderRulesError::PaymentTimeout)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "1441", "7"),
            Err(OrderRulesError::PaymentTimeout)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "30", "61"),
            Err(OrderRulesError::AutoCompleteDays)
        );
    }

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
