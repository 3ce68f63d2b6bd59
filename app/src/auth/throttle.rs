//! Slowing down password guessing: after too many failed logins for one
//! account, or from one address, further attempts are refused for a while.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Failures allowed within one window; the next attempt is refused.
    pub max_failures: i32,
    pub window: Duration,
}

/// Five wrong passwords for one account in 15 minutes lock it for the rest
/// of the window: slow for a guesser, a short wait for a forgetful owner.
pub const PER_ACCOUNT: ThrottleRule = ThrottleRule {
    max_failures: 5,
    window: Duration::minutes(15),
};

/// One address may fail more often (several people behind one NAT), but
/// not sweep through many accounts.
pub const PER_ADDRESS: ThrottleRule = ThrottleRule {
    max_failures: 20,
    window: Duration::minutes(15),
};

impl ThrottleRule {
    /// Whether attempts are refused, given the failures counted in the
    /// window that started at `window_start`.
    pub fn blocks(self, failures: i32, window_start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        failures >= self.max_failures && now - window_start < self.window
    }
}

/// The throttle key of an account: its normalised email, per kind of account.
pub fn account_key(kind: &str, email: &str) -> String {
    format!("{kind}:account:{email}")
}

/// The throttle key of a client address.
pub fn address_key(kind: &str, ip: &str) -> String {
    format!("{kind}:ip:{ip}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minutes)
    }

    #[test]
    fn attempts_are_refused_once_the_limit_is_reached_within_the_window() {
        assert!(!PER_ACCOUNT.blocks(4, at(0), at(1)));
        assert!(PER_ACCOUNT.blocks(5, at(0), at(1)));
        assert!(PER_ACCOUNT.blocks(9, at(0), at(14)));
    }

    #[test]
    fn the_lock_lifts_when_the_window_ends() {
        assert!(!PER_ACCOUNT.blocks(5, at(0), at(15)));
    }

    #[test]
    fn an_address_gets_more_room_than_an_account() {
        assert!(!PER_ADDRESS.blocks(5, at(0), at(1)));
        assert!(PER_ADDRESS.blocks(20, at(0), at(1)));
    }
}
