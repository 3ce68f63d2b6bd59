//! Order numbers: what shoppers quote to support and what order URLs
//! carry. They sort by the time the order was placed (the first 17 digits
//! are its UTC time to the millisecond) and cannot be guessed from one
//! another (the last 8 digits are random), so a number seen once says
//! nothing about anyone else's order. Ownership is still checked on every
//! request: the randomness is a second lock, not the first.

use chrono::{DateTime, Utc};

/// Digits after the time part.
const RANDOM_DIGITS: u32 = 8;

/// The order number for an order placed at `at`, with `random` (any u64)
/// supplying the unguessable part.
pub fn order_number(at: DateTime<Utc>, random: u64) -> String {
    let suffix = random % 10u64.pow(RANDOM_DIGITS);
    format!(
        "{}{suffix:0width$}",
        at.format("%Y%m%d%H%M%S%3f"),
        width = RANDOM_DIGITS as usize
    )
}

/// A fresh order number for an order placed at `at`.
pub fn new_order_number(at: DateTime<Utc>) -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    order_number(at, OsRng.next_u64())
}

/// Whether `text` has the shape of an order number, checked before any
/// query so a URL of junk costs nothing.
pub fn looks_like_order_number(text: &str) -> bool {
    text.len() == 17 + RANDOM_DIGITS as usize && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn numbers_carry_the_time_then_random_digits() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 28, 9, 5, 7)
            .unwrap()
            .checked_add_signed(chrono::Duration::milliseconds(42))
            .unwrap();
        assert_eq!(order_number(at, 12), "2026112809050704200000012");
        assert_eq!(order_number(at, u64::MAX).len(), 25);
        assert!(looks_like_order_number(&order_number(at, 987_654_321)));
    }

    #[test]
    fn later_orders_sort_after_earlier_ones() {
        let first = Utc.with_ymd_and_hms(2026, 11, 28, 9, 5, 7).unwrap();
        let second = first + chrono::Duration::milliseconds(1);
        assert!(order_number(first, u64::MAX) < order_number(second, 0));
    }

    #[test]
    fn junk_is_not_an_order_number() {
        for junk in ["", "abc", "2026112809050704200000012x", "1' OR 1=1"] {
            assert!(!looks_like_order_number(junk), "{junk}");
        }
    }
}
