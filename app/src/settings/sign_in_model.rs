//! How long a sign-in lasts and who must use a second factor, as the
//! owner sets them under `/admin/settings`.
//!
//! A session ends at the first of two limits: its absolute lifetime,
//! counted from sign-in, and its idle lifetime, counted from the last
//! request. Staff limits are short (a back office left open on a shared
//! counter); a shopper who asked to be remembered stays for weeks, but a
//! phone left in a drawer for longer than the idle limit must sign in
//! again. Both apply at once to sessions already running: shortening them
//! is how an owner reacts to a lost laptop.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::auth::session::SessionLifetimes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRules {
    /// Staff are signed out after this long without a request.
    pub staff_idle_minutes: i32,
    /// And after this long in any case.
    pub staff_session_hours: i32,
    /// Shoppers are signed out after this long without a request.
    pub member_idle_days: i32,
    /// How long "remember me" lasts (without it, until the browser closes
    /// and at most 12 hours: `SessionLifetimes::MEMBER_BROWSER_SESSION_HOURS`).
    pub member_remember_days: i32,
    /// Every staff account needs a second factor, not only the owner.
    pub two_factor_for_all_staff: bool,
}

impl Default for SignInRules {
    /// ASVS level 2's advice for a back office, and what large shops give
    /// shoppers who tick "remember me".
    fn default() -> Self {
        Self {
            staff_idle_minutes: 30,
            staff_session_hours: 8,
            member_idle_days: 14,
            member_remember_days: 30,
            two_factor_for_all_staff: false,
        }
    }
}

/// Which field of the sign-in rules was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRulesError {
    StaffIdle,
    StaffSession,
    MemberIdle,
    MemberRemember,
}

impl SignInRules {
    pub const STAFF_IDLE_MINUTES: std::ops::RangeInclusive<i32> = 5..=480;
    pub const STAFF_SESSION_HOURS: std::ops::RangeInclusive<i32> = 1..=24;
    pub const MEMBER_IDLE_DAYS: std::ops::RangeInclusive<i32> = 1..=90;
    pub const MEMBER_REMEMBER_DAYS: std::ops::RangeInclusive<i32> = 1..=365;

    /// Reads the form: whole minutes, hours and days; a checkbox is on
    /// when it is sent at all.
    pub fn parse(
        staff_idle_minutes: &str,
        staff_session_hours: &str,
        member_idle_days: &str,
        member_remember_days: &str,
        two_factor_for_all_staff: bool,
    ) -> Result<Self, SignInRulesError> {
        let whole = |text: &str, range: std::ops::RangeInclusive<i32>, err| {
            text.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or(err)
        };
        Ok(Self {
            staff_idle_minutes: whole(
                staff_idle_minutes,
                Self::STAFF_IDLE_MINUTES,
                SignInRulesError::StaffIdle,
            )?,
            staff_session_hours: whole(
                staff_session_hours,
                Self::STAFF_SESSION_HOURS,
                SignInRulesError::StaffSession,
            )?,
            member_idle_days: whole(
                member_idle_days,
                Self::MEMBER_IDLE_DAYS,
                SignInRulesError::MemberIdle,
            )?,
            member_remember_days: whole(
                member_remember_days,
                Self::MEMBER_REMEMBER_DAYS,
                SignInRulesError::MemberRemember,
            )?,
            two_factor_for_all_staff,
        })
    }

    /// The limits sessions are checked against.
    #[cfg(feature = "ssr")]
    pub fn lifetimes(&self) -> SessionLifetimes {
        use chrono::Duration;
        SessionLifetimes {
            staff_idle: Duration::minutes(self.staff_idle_minutes.into()),
            staff: Duration::hours(self.staff_session_hours.into()),
            member_idle: Duration::days(self.member_idle_days.into()),
            member_remembered: Duration::days(self.member_remember_days.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_is_read_within_its_bounds() {
        let rules = SignInRules::parse(" 15 ", "4", "7", "60", true).unwrap();
        assert_eq!(
            rules,
            SignInRules {
                staff_idle_minutes: 15,
                staff_session_hours: 4,
                member_idle_days: 7,
                member_remember_days: 60,
                two_factor_for_all_staff: true,
            }
        );
        assert_eq!(
            SignInRules::parse("4", "4", "7", "60", false),
            Err(SignInRulesError::StaffIdle)
        );
        assert_eq!(
            SignInRules::parse("30", "25", "7", "60", false),
            Err(SignInRulesError::StaffSession)
        );
        assert_eq!(
            SignInRules::parse("30", "8", "0", "60", false),
            Err(SignInRulesError::MemberIdle)
        );
        assert_eq!(
            SignInRules::parse("30", "8", "7", "1.5", false),
            Err(SignInRulesError::MemberRemember)
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_defaults_give_the_lifetimes_sessions_had_before_they_were_settings() {
        let lifetimes = SignInRules::default().lifetimes();
        assert_eq!(lifetimes, SessionLifetimes::default());
    }
}
