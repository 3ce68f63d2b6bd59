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

    /// When a session started now ends. "Remember me" is for shoppers only.
    pub fn expires_at(self, now: DateTime<Utc>, remember: bool) -> DateTime<Utc> {
        now + match (self, remember) {
            (SessionKind::Member, true) => Duration::days(30),
            (SessionKind::Member, false) => Duration::hours(12),
            (SessionKind::Staff, _) => Duration::hours(8),
        }
    }
}

/// The `Set-Cookie` value that starts a session in the browser.
///
/// HttpOnly keeps it from scripts; SameSite=Lax keeps it off cross-site
/// POSTs; Secure when the shop is served over HTTPS. Without "remember me"
/// it is a browser-session cookie, gone when the browser closes.
pub fn session_cookie(
    kind: SessionKind,
    token: &str,
    remember: bool,
    secure: bool,
    now: DateTime<Utc>,
) -> String {
    let mut cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax",
        kind.cookie_name()
    );
    if remember {
        let max_age = (kind.expires_at(now, true) - now).num_seconds();
        cookie.push_str(&format!("; Max-Age={max_age}"));
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
        assert_eq!(
            SessionKind::Member.expires_at(now(), true) - now(),
            Duration::days(30)
        );
        assert_eq!(
            SessionKind::Member.expires_at(now(), false) - now(),
            Duration::hours(12)
        );
        assert_eq!(
            SessionKind::Staff.expires_at(now(), true) - now(),
            Duration::hours(8)
        );
    }

    #[test]
    fn the_cookie_is_http_only_and_same_site_lax() {
        let cookie = session_cookie(SessionKind::Member, "tok", false, false, now());
        assert_eq!(cookie, "sid=tok; Path=/; HttpOnly; SameSite=Lax");
    }

    #[test]
    fn remember_me_makes_the_cookie_outlive_the_browser() {
        let cookie = session_cookie(SessionKind::Member, "tok", true, false, now());
        assert!(cookie.ends_with("; Max-Age=2592000"), "{cookie}");
    }

    #[test]
    fn over_https_the_cookie_is_secure() {
        assert!(
            session_cookie(SessionKind::Staff, "tok", false, true, now()).ends_with("; Secure")
        );
        assert!(clear_session_cookie(SessionKind::Staff, true).contains("Max-Age=0"));
    }
}
