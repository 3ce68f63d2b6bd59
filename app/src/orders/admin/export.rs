//! Orders as CSV, for accounting and spreadsheets. Amounts are written in
//! the currency's major unit with two decimals (`12.34`), as a
//! spreadsheet user expects, and statuses and deliveries by their stable
//! names.
//!
//! What shoppers typed (their email, the recipient's name) is written so
//! that a spreadsheet shows it as text, never runs it
//! (`crate::spreadsheet`).

use std::borrow::Cow;

use serde::Serialize;

use super::model::AdminOrderRow;
use crate::money::decimal;
use crate::spreadsheet::text_cell;

/// The most orders one export holds; a wider filter narrows by date.
pub const MAX_EXPORT_ROWS: u64 = 50_000;

#[derive(Serialize)]
struct Line<'a> {
    order_no: &'a str,
    placed_at: &'a str,
    member_email: Cow<'a, str>,
    recipient: Cow<'a, str>,
    status: &'a str,
    shipping: &'a str,
    total: String,
}

pub fn export(rows: &[AdminOrderRow]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.serialize(Line {
            order_no: &row.order_no,
            placed_at: &row.placed_at,
            member_email: text_cell(&row.member_email),
            recipient: text_cell(&row.recipient),
            status: row.status.as_str(),
            shipping: row.shipping.as_str(),
            total: decimal(row.total),
        })?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::shipping::ShippingMethod;
    use crate::orders::status::OrderStatus;

    #[test]
    fn one_line_per_order_under_a_header() {
        let rows = vec![AdminOrderRow {
            order_no: "2026112800000012345678".into(),
            member_email: "ada@example.com".into(),
            status: OrderStatus::Paid,
            total: 12_305,
            placed_at: "2026-11-28T01:02:03+00:00".into(),
            recipient: "Ada, \"A\"".into(),
            shipping: ShippingMethod::Express,
        }];
        let csv = export(&rows).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("order_no,placed_at,member_email,recipient,status,shipping,total")
        );
        assert_eq!(
            lines.next(),
            Some(
                "2026112800000012345678,2026-11-28T01:02:03+00:00,ada@example.com,\"Ada, \"\"A\"\"\",paid,express,123.05"
            )
        );
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn what_shoppers_typed_never_runs_as_a_formula() {
        let rows = vec![AdminOrderRow {
            order_no: "2026112800000012345678".into(),
            member_email: "@evil@example.com".into(),
            status: OrderStatus::Refunded,
            total: -250,
            placed_at: "2026-11-28T01:02:03+00:00".into(),
            recipient: "=HYPERLINK(\"http://x\",\"Ada\")".into(),
            shipping: ShippingMethod::Standard,
        }];
        let csv = export(&rows).unwrap();
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "2026112800000012345678,2026-11-28T01:02:03+00:00,'@evil@example.com,\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"Ada\"\")\",refunded,standard,-2.50"
        );
    }
}
