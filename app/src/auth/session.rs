//! Login sessions: how long they last and the cookie that carries them.
//!
//! The cookie holds a random token; the database holds only its SHA-256,
//! so a leaked database (or backup) cannot be replayed as logins.

use chrono::{DateTime, Duration, Utc};

/// Members and staff log in separately, with separate cookies: a shop
/// assistant can shop without their staff powers following them around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Member,
    Staff,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Member => "member",
            SessionKind::Staff => "staff",
        }
    }

    pub fn cookie_name(self) -> &'static str {
        match self {
            SessionKind::Member => "sid",
            SessionKind::Staff => "staff_sid",
        }
    }
}

/// How long sessions last: an absolute limit from sign-in and an idle
/// limit from the last request, whichever comes first. The owner sets them
/// (`settings::sign_in_model`); these defaults hold until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLifetimes {
    pub member_idle: Duration,
    /// A member who ticked "remember me".
    pub member_remembered: Duration,
    pub staff_idle: Duration,
    pub staff: Duration,
}

impl Default for SessionLifetimes {
    fn default() -> Self {
        Self {
            member_idle: Duration::days(14),
            member_remembered: Duration::days(30),
            staff_idle: Duration::minutes(30),
            staff: Duration::hours(8),
        }
    }
}

impl SessionLifetimes {
    /// A member who did not ask to be remembered keeps a browser-session
    /// cookie, and the server ends the session after this long at most.
    pub const MEMBER_BROWSER_SESSION_HOURS: i64 = 12;

    /// How long a session started with `remember` may last in any case.
    /// "Remember me" is for shoppers only.
    pub fn absolute(&self, kind: SessionKind, remember: bool) -> Duration {
        match (kind, remember) {
            (SessionKind::Member, true) => self.member_remembered,
            (SessionKind::Member, false) => Duration::hours(Self::MEMBER_BROWSER_SESSION_HOURS),
            (SessionKind::Staff, _) => self.staff,
        }
    }

    /// How long a session may go without a request.
    pub fn idle(&self, kind: SessionKind) -> Duration {
        match kind {
            SessionKind::Member => self.member_idle,
            SessionKind::Staff => self.staff_idle,
        }
    }

    /// When a session started at `now` ends at the latest.
    pub fn expires_at(
        &self,
        kind: SessionKind,
        now: DateTime<Utc>,
        remember: bool,
    ) -> DateTime<Utc> {
        now + self.absolute(kind, remember)
    }
}

/// The `Set-Cookie` value that starts a session in the browser.
///
/// HttpOnly keeps it from scripts; SameSite=Lax keeps it off cross-site
/// POSTs; Secure when the shop is served over HTTPS. Without "remember me"
/// it is a browser-session cookie, gone when the browser closes.
/// `lasts` is the session's absolute lifetime when it was remembered, and
/// `None` for a browser-session cookie.
pub fn session_cookie(
    kind: SessionKind,
    token: &str,
    lasts: Option<Duration>,
    secure: bool,
) -> String {
    let mut cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax",
        kind.cookie_name()
    );
    if let Some(lasts) = lasts {
        cookie.push_str(&format!("; Max-Age={}", lasts.num_seconds()));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(kind: SessionKind, secure: bool) -> String {
    let mut cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        kind.cookie_name()
    );
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_remembered_member_stays_for_a_month_the_others_for_hours() {
        let lifetimes = SessionLifetimes::default();
        let lasts = |kind, remember| lifetimes.expires_at(kind, now(), remember) - now();
        assert_eq!(lasts(SessionKind::Member, true), Duration::days(30));
        assert_eq!(lasts(SessionKind::Member, false), Duration::hours(12));
        assert_eq!(lasts(SessionKind::Staff, true), Duration::hours(8));
        assert_eq!(lifetimes.idle(SessionKind::Staff), Duration::minutes(30));
        assert_eq!(lifetimes.idle(SessionKind::Member), Duration::days(14));
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_lax() {
        let cookie = session_cookie(SessionKind::Member, "tok", None, false);
        assert_eq!(cookie, "sid=tok; Path=/; HttpOnly; SameSite=Lax");
    }

    #[test]
    fn remember_me_makes_the_cookie_outlive_the_browser() {
        let cookie = session_cookie(SessionKind::Member, "tok", Some(Duration::days(30)), false);
        assert!(cookie.ends_with("; Max-Age=2592000"), "{cookie}");
    }

    #[test]
    fn over_https_the_cookie_is_secure() {
        assert!(session_cookie(SessionKind::Staff, "tok", None, true).ends_with("; Secure"));
        assert!(clear_session_cookie(SessionKind::Staff, true).contains("Max-Age=0"));
    }
}
