use serde::{Deserialize, Serialize};

/// Points a completed order earns: one per whole yuan paid (the store's
/// major unit), so shipping counts and discounts do not.
pub fn points_for_order(total: i64) -> i64 {
    total.max(0) / 100
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    pub delta: i64,
    pub note: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsView {
    pub balance: i64,
    /// Newest first.
    pub entries: Vec<PointsEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_per_whole_yuan() {
        assert_eq!(points_for_order(12_345), 123);
        assert_eq!(points_for_order(99), 0);
        assert_eq!(points_for_order(0), 0);
        assert_eq!(points_for_order(-500), 0);
    }
}
