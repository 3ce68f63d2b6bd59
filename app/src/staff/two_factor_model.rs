//! Who must sign in to the back office with a second factor, and by when.
//!
//! The owner always must; every staff member must when the store's
//! sign-in rules say so. Someone who must and has not set it up gets a
//! grace period, as GitHub and Google Workspace give one: the back office
//! warns them with the date, and after it their password leads only to
//! the enrolment page.
//!
//! The grace period runs from when the rule first applied to them, as the
//! shop first saw it (their first sign-in, or back-office request, once
//! they are owner or the store asks it of everyone), not from the account's
//! creation: staff who joined long before the owner turns the rule on
//! would otherwise have no warning at all, and a role change or a setting
//! leaves no date of its own to count from. Seen late is never seen early,
//! so no one loses the days the banner promised them.

use serde::{Deserialize, Serialize};

use super::model::OWNER_ROLE;

/// Days a staff member who must use a second factor may still sign in with
/// their password alone.
pub const GRACE_DAYS: i64 = 7;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// How long the second step of a sign-in waits for its code, from the
/// moment the password was right: long enough to find the phone.
pub const PENDING_LOGIN_MINUTES: i64 = 5;

/// Whether a staff member with `role` must use a second factor.
pub fn required_for(role: &str, all_staff: bool) -> bool {
    role == OWNER_ROLE || all_staff
}

/// Where a staff member stands with their second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// They sign in with a code.
    Enrolled,
    /// Nobody asks it of them, and they have not set it up.
    Optional,
    /// They must set it up, and may still sign in without it until
    /// `until_ms` (Unix milliseconds).
    Grace { until_ms: i64 },
    /// They must set it up and the grace period is over: the back office
    /// shows them the enrolment page only.
    Overdue,
}

impl Standing {
    /// `required_since_ms`: when the rule first applied to them, `None`
    /// when the shop has not seen it apply yet (it starts now then).
    pub fn at(enrolled: bool, required: bool, required_since_ms: Option<i64>, now_ms: i64) -> Self {
        if enrolled {
            return Standing::Enrolled;
        }
        if !required {
            return Standing::Optional;
        }
        let until_ms = required_since_ms.unwrap_or(now_ms) + GRACE_DAYS * DAY_MS;
        if now_ms < until_ms {
            Standing::Grace { until_ms }
        } else {
            Standing::Overdue
        }
    }

    pub fn overdue(self) -> bool {
        self == Standing::Overdue
    }
}

/// What the back office's banner says to someone who must set up the
/// second factor (nobody else sees one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TwoFactorNotice {
    /// Required from this moment, on the store's clock (`2026-12-15 09:30
    /// UTC+8`); they may still go on without it until then.
    RequiredFrom(String),
    /// The grace period is over: the enrolment page is all they may use.
    Overdue,
}

/// The enrolment page's view of the staff member asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub standing: Standing,
    /// Whether it is required of them (then it cannot be turned off).
    pub required: bool,
    /// The banner's words, when it shows.
    pub notice: Option<TwoFactorNotice>,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
    /// A key being set up, waiting for its first code.
    pub setup: Option<TwoFactorSetup>,
    /// Recovery codes a plain form (JavaScript off) just made, carried to
    /// the page that shows them once; a page running the app has them from
    /// the form's own answer.
    pub new_recovery_codes: Vec<String>,
}

/// A new key as an authenticator app takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// The key in base32, in groups of four, for typing it in.
    pub secret: String,
    /// The `otpauth://` link as a QR code, an `<svg>` drawn on the server.
    pub qr_svg: String,
}

/// Base32 in groups of four letters, as people copy it.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-08 00:00 UTC, the fixed clock of these tests.
    const NOW: i64 = 1_796_688_000_000;

    #[test]
    fn the_owner_always_needs_it_other_staff_when_the_store_says_so() {
        assert!(required_for("owner", false));
        assert!(!required_for("catalog", false));
        assert!(required_for("catalog", true));
    }

    #[test]
    fn someone_enrolled_is_enrolled_whatever_is_asked() {
        assert_eq!(Standing::at(true, true, None, NOW), Standing::Enrolled);
        assert_eq!(Standing::at(true, false, None, NOW), Standing::Enrolled);
        assert_eq!(Standing::at(false, false, None, NOW), Standing::Optional);
    }

    #[test]
    fn a_new_requirement_gives_seven_days() {
        assert_eq!(
            Standing::at(false, true, None, NOW),
            Standing::Grace {
                until_ms: NOW + 7 * DAY_MS
            }
        );
        let since = NOW - 3 * DAY_MS;
        assert_eq!(
            Standing::at(false, true, Some(since), NOW),
            Standing::Grace {
                until_ms: NOW + 4 * DAY_MS
            }
        );
    }

    #[test]
    fn after_seven_days_it_is_overdue_to_the_millisecond() {
        let since = NOW - 7 * DAY_MS;
        assert!(!Standing::at(false, true, Some(since + 1), NOW).overdue());
        assert!(Standing::at(false, true, Some(since), NOW).overdue());
        assert!(Standing::at(false, true, Some(since - DAY_MS), NOW).overdue());
    }

    #[test]
    fn keys_are_shown_in_groups_of_four() {
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(grouped("ABCDEF"), "ABCD EF");
    }
}
