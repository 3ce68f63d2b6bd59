use serde::{Deserialize, Serialize};

/// One line of the audit log, as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    pub staff_id: Option<i64>,
    /// The staff member's name and email, or "system" for jobs.
    pub staff: String,
    /// `member.disable`, `staff.create`, ... (centre, then verb).
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// What changed, before → after, in a line.
    pub summary: String,
    pub ip: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
}

/// What the audit page asks for. Dates are `YYYY-MM-DD`, inclusive, in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub staff_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: u32,
}

pub const PAGE_SIZE: u64 = 50;

/// Parses a `YYYY-MM-DD` date typed in a filter (`crate::clock::parse_day`).
#[cfg(feature = "ssr")]
pub fn parse_day(raw: &str) -> Option<chrono::NaiveDate> {
    crate::clock::parse_day(raw)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn days_are_iso_dates() {
        assert_eq!(
            parse_day("2026-11-25"),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        assert_eq!(parse_day("25/11/2026"), None);
        assert_eq!(parse_day(""), None);
    }
}
