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
    /// Express delivery, never free (0: the shop offers no express).
    pub express_fee: i64,
    /// How long an unpaid order waits before it is cancelled.
    pub payment_timeout_minutes: i32,
    /// Days after shipping when an order the member has not confirmed
    /// completes by itself.
    pub auto_complete_days: i32,
    /// The store's clock, in minutes east of UTC: pages show times there.
    pub utc_offset_minutes: i32,
    /// How long a flash-sale order waits for payment before its unit goes
    /// back to the sale: shorter than other orders, since others queue.
    pub flash_payment_timeout_minutes: i32,
    pub sign_in: super::sign_in_model::SignInRules,
}

/// The store's time zone as a fixed offset from UTC (China has no summer
/// time, and most shops keep one clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UtcOffset(i32);

impl UtcOffset {
    /// The offsets in use on Earth: UTC−12 to UTC+14.
    pub const WEST_MOST: i32 = -12 * 60;
    pub const EAST_MOST: i32 = 14 * 60;

    /// `+8`, `8`, `+08:00`, `-3:30`, `UTC+5:45`; hours and whole quarters.
    pub fn parse(raw: &str) -> Option<Self> {
        let text = raw.trim();
        let text = text.strip_prefix("UTC").unwrap_or(text).trim();
        let (sign, rest) = match text.as_bytes().first()? {
            b'-' => (-1, &text[1..]),
            b'+' => (1, &text[1..]),
            _ => (1, text),
        };
        let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
        let all_digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(hours) || !all_digits(minutes) {
            return None;
        }
        let minutes: i32 = minutes
            .parse()
            .ok()
            .filter(|m| [0, 15, 30, 45].contains(m))?;
        let total = sign * (hours.parse::<i32>().ok()? * 60 + minutes);
        (Self::WEST_MOST..=Self::EAST_MOST)
            .contains(&total)
            .then_some(Self(total))
    }

    pub fn minutes(self) -> i32 {
        self.0
    }

    /// `+08:00`, as staff type it back.
    pub fn show(minutes: i32) -> String {
        let sign = if minutes < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
    }
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
    /// 0: no express delivery.
    pub express_fee: i64,
    pub payment_timeout_minutes: i32,
    /// Flash-sale orders: short, so unpaid units go back on sale quickly.
    pub flash_payment_timeout_minutes: i32,
    pub auto_complete_days: i32,
}

/// Which field of the order rules was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderRulesError {
    ShippingFee,
    FreeShippingFrom,
    ExpressFee,
    PaymentTimeout,
    FlashPaymentTimeout,
    AutoCompleteDays,
}

impl OrderRules {
    /// The most a shipping fee (standard or express) may be: ¥1,000.
    pub const MAX_FEE: i64 = 100_000;
    /// A day: a longer wait keeps stock from other buyers for too long.
    pub const MAX_TIMEOUT_MINUTES: i32 = 1_440;
    pub const MAX_AUTO_COMPLETE_DAYS: i32 = 60;

    /// Reads the form: amounts in yuan (`10`, `9.90`), whole minutes and days.
    pub fn parse(
        shipping_fee: &str,
        free_shipping_from: &str,
        express_fee: &str,
        payment_timeout_minutes: &str,
        flash_payment_timeout_minutes: &str,
        auto_complete_days: &str,
    ) -> Result<Self, OrderRulesError> {
        use crate::money::parse_price;

        let fee =
            |text: &str| parse_price(text.trim()).filter(|fee| (0..=Self::MAX_FEE).contains(fee));
        let shipping_fee = fee(shipping_fee).ok_or(OrderRulesError::ShippingFee)?;
        let free_from = parse_price(free_shipping_from.trim())
            .filter(|v| *v >= 0)
            .ok_or(OrderRulesError::FreeShippingFrom)?;
        let express_fee = fee(express_fee).ok_or(OrderRulesError::ExpressFee)?;
        let minutes = |text: &str| {
            text.trim()
                .parse::<i32>()
                .ok()
                .filter(|m| (1..=Self::MAX_TIMEOUT_MINUTES).contains(m))
        };
        let timeout = minutes(payment_timeout_minutes).ok_or(OrderRulesError::PaymentTimeout)?;
        let flash_timeout =
            minutes(flash_payment_timeout_minutes).ok_or(OrderRulesError::FlashPaymentTimeout)?;
        let days = auto_complete_days
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|d| (1..=Self::MAX_AUTO_COMPLETE_DAYS).contains(d))
            .ok_or(OrderRulesError::AutoCompleteDays)?;
        Ok(Self {
            shipping_fee,
            free_shipping_from: free_from,
            express_fee,
            payment_timeout_minutes: timeout,
            flash_payment_timeout_minutes: flash_timeout,
            auto_complete_days: days,
        })
    }
}

impl StoreSettings {
    pub fn order_rules(&self) -> OrderRules {
        OrderRules {
            shipping_fee: self.shipping_fee,
            free_shipping_from: self.free_shipping_from,
            express_fee: self.express_fee,
            payment_timeout_minutes: self.payment_timeout_minutes,
            flash_payment_timeout_minutes: self.flash_payment_timeout_minutes,
            auto_complete_days: self.auto_complete_days,
        }
    }

    /// Standard delivery's rule, which flash sales and group buys ship by.
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
        let rules = OrderRules::parse("12.50", "0", "20", " 15 ", "10", "7").unwrap();
        assert_eq!(rules.shipping_fee, 1_250);
        assert_eq!(rules.free_shipping_from, 0);
        assert_eq!(rules.express_fee, 2_000);
        assert_eq!(rules.payment_timeout_minutes, 15);
        assert_eq!(rules.flash_payment_timeout_minutes, 10);
        assert_eq!(rules.auto_complete_days, 7);
    }

    #[test]
    fn order_rules_out_of_range_are_refused_by_field() {
        assert_eq!(
            OrderRules::parse("-1", "0", "20", "15", "10", "7"),
            Err(OrderRulesError::ShippingFee)
        );
        assert_eq!(
            OrderRules::parse("1001", "0", "20", "15", "10", "7"),
            Err(OrderRulesError::ShippingFee)
        );
        assert_eq!(
            OrderRules::parse("10", "lots", "20", "15", "10", "7"),
            Err(OrderRulesError::FreeShippingFrom)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "1000.01", "15", "10", "7"),
            Err(OrderRulesError::ExpressFee)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "", "15", "10", "7"),
            Err(OrderRulesError::ExpressFee)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "20", "0", "10", "7"),
            Err(OrderRulesError::PaymentTimeout)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "20", "1441", "10", "7"),
            Err(OrderRulesError::PaymentTimeout)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "20", "30", "0", "7"),
            Err(OrderRulesError::FlashPaymentTimeout)
        );
        assert_eq!(
            OrderRules::parse("10", "99", "20", "30", "10", "61"),
            Err(OrderRulesError::AutoCompleteDays)
        );
    }

    #[test]
    fn offsets_read_as_hours_and_quarters_within_the_earths_zones() {
        let read = |raw| UtcOffset::parse(raw).map(UtcOffset::minutes);
        assert_eq!(read("+8"), Some(480));
        assert_eq!(read("UTC+08:00"), Some(480));
        assert_eq!(read(" 0 "), Some(0));
        assert_eq!(read("-3:30"), Some(-210));
        assert_eq!(read("+5:45"), Some(345));
        assert_eq!(read("+14"), Some(840));
        assert_eq!(read("+15"), None);
        assert_eq!(read("-12:30"), None);
        assert_eq!(read("+8:20"), None);
        assert_eq!(read("eight"), None);
        assert_eq!(read(""), None);
        assert_eq!(UtcOffset::show(480), "+08:00");
        assert_eq!(UtcOffset::show(-210), "-03:30");
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
