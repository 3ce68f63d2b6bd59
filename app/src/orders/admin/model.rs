use serde::{Deserialize, Serialize};

use crate::orders::api::OrderView;
use crate::orders::status::OrderStatus;

pub const ORDERS_PER_ADMIN_PAGE: u64 = 30;
pub const MAX_CARRIER_CHARS: usize = 40;
pub const MAX_TRACKING_CHARS: usize = 40;

/// What staff search orders by; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    /// Placed on or after this day (UTC), `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Placed on or before this day (UTC), `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The start of an order number.
    pub order_no: String,
    /// Part of the member's email.
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("a date is not YYYY-MM-DD")]
    BadDate,
    #[error("the range ends before it starts")]
    BackwardsRange,
}

impl OrderFilter {
    /// Reads the search form: blanks mean "any", an unknown status is
    /// "any", dates must be real days in order.
    pub fn parse(
        status: &str,
        from: &str,
        to: &str,
        order_no: &str,
        email: &str,
    ) -> Result<Self, FilterError> {
        let day = |raw: &str| -> Result<Option<String>, FilterError> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            if is_day(raw) {
                Ok(Some(raw.to_owned()))
            } else {
                Err(FilterError::BadDate)
            }
        };
        let from = day(from)?;
        let to = day(to)?;
        if let (Some(from), Some(to)) = (&from, &to)
            && from > to
        {
            return Err(FilterError::BackwardsRange);
        }
        Ok(Self {
            status: OrderStatus::parse(status.trim()),
            from,
            to,
            order_no: order_no
                .trim()
                .chars()
                .filter(char::is_ascii_digit)
                .take(32)
                .collect(),
            email: email
                .trim()
                .chars()
                .take(100)
                .collect::<String>()
                .to_lowercase(),
        })
    }

    /// The query string that gives this filter back, for links and export.
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("status", self.status.map_or("", |s| s.as_str()));
        query.append_pair("from", self.from.as_deref().unwrap_or(""));
        query.append_pair("to", self.to.as_deref().unwrap_or(""));
        query.append_pair("order_no", &self.order_no);
        query.append_pair("email", &self.email);
        query.finish()
    }
}

/// `YYYY-MM-DD` with a month and day that exist (leap years included).
fn is_day(raw: &str) -> bool {
    let parts: Vec<&str> = raw.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A carrier and tracking number staff typed, trimmed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    pub carrier: String,
    pub tracking_no: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShipmentError {
    #[error("the carrier is missing or too long")]
    Carrier,
    #[error("the tracking number is missing, too long or has spaces")]
    TrackingNo,
}

impl Shipment {
    pub fn parse(carrier: &str, tracking_no: &str) -> Result<Self, ShipmentError> {
        let carrier = carrier.trim();
        if carrier.is_empty() || carrier.chars().count() > MAX_CARRIER_CHARS {
            return Err(ShipmentError::Carrier);
        }
        let tracking_no = tracking_no.trim();
        if tracking_no.is_empty()
            || tracking_no.chars().count() > MAX_TRACKING_CHARS
            || tracking_no
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(ShipmentError::TrackingNo);
        }
        Ok(Self {
            carrier: carrier.to_owned(),
            tracking_no: tracking_no.to_owned(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderRow {
    pub order_no: String,
    pub member_email: String,
    pub status: OrderStatus,
    pub total: i64,
    /// RFC 3339, UTC.
    pub placed_at: String,
    pub recipient: String,
    pub shipping: crate::orders::shipping::ShippingMethod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderPage {
    pub rows: Vec<AdminOrderRow>,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub payment_no: String,
    pub provider: String,
    pub amount: i64,
    pub status: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderDetail {
    pub order: OrderView,
    pub member_id: i64,
    pub member_email: String,
    pub payments: Vec<PaymentRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_mean_any() {
        let filter = OrderFilter::parse("", " ", "", "", "").unwrap();
        assert_eq!(filter, OrderFilter::default());
    }

    #[test]
    fn a_full_filter_is_kept_tidy() {
        let filter = OrderFilter::parse(
            "paid",
            "2026-02-01",
            "2026-02-28",
            " 2026 0201 ",
            " Ada@Example.COM ",
        )
        .unwrap();
        assert_eq!(filter.status, Some(OrderStatus::Paid));
        assert_eq!(filter.from.as_deref(), Some("2026-02-01"));
        assert_eq!(filter.order_no, "20260201");
        assert_eq!(filter.email, "ada@example.com");
    }

    #[test]
    fn only_real_days_in_order_are_accepted() {
        assert_eq!(
            OrderFilter::parse("", "2025-02-29", "", "", ""),
            Err(FilterError::BadDate)
        );
        assert!(OrderFilter::parse("", "2024-02-29", "", "", "").is_ok());
        assert_eq!(
            OrderFilter::parse("", "2026/01/01", "", "", ""),
            Err(FilterError::BadDate)
        );
        assert_eq!(
            OrderFilter::parse("", "2026-03-02", "2026-03-01", "", ""),
            Err(FilterError::BackwardsRange)
        );
    }

    #[test]
    fn an_unknown_status_means_any() {
        let filter = OrderFilter::parse("lost", "", "", "", "").unwrap();
        assert_eq!(filter.status, None);
    }

    #[test]
    fn the_query_gives_the_filter_back() {
        let filter = OrderFilter::parse("shipped", "2026-01-01", "", "42", "a+b@x.cn").unwrap();
        let query = filter.query();
        let pairs: std::collections::HashMap<String, String> =
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
        let again = OrderFilter::parse(
            &pairs["status"],
            &pairs["from"],
            &pairs["to"],
            &pairs["order_no"],
            &pairs["email"],
        )
        .unwrap();
        assert_eq!(again, filter);
    }

    #[test]
    fn shipments_need_a_carrier_and_one_word_tracking_number() {
        let shipment = Shipment::parse(" SF Express ", " SF1234567890 ").unwrap();
        assert_eq!(shipment.carrier, "SF Express");
        assert_eq!(shipment.tracking_no, "SF1234567890");
        assert_eq!(Shipment::parse("", "X1"), Err(ShipmentError::Carrier));
        assert_eq!(
            Shipment::parse("SF", "SF 123"),
            Err(ShipmentError::TrackingNo)
        );
        assert_eq!(
            Shipment::parse("SF", &"9".repeat(MAX_TRACKING_CHARS + 1)),
            Err(ShipmentError::TrackingNo)
        );
    }
}
