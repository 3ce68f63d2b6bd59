//! The signed-in devices an account holder can see and sign out: what the
//! page shows of a session, never the session itself.
//!
//! A session is known by the hash of its token; the page gets only a
//! short prefix of that hash (its handle), enough to name it among the
//! account's own sessions and useless for anything else.

use serde::{Deserialize, Serialize};

/// Hex characters of the token hash that name a session on the page.
pub const HANDLE_CHARS: usize = 16;

/// One live session of the caller's account, as the devices page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInDevice {
    pub handle: String,
    /// The browser this list was asked from.
    pub current: bool,
    /// Product names, which read the same in every language; the page
    /// words them ("Firefox on Linux").
    pub browser: Option<String>,
    pub system: Option<String>,
    pub ip: Option<String>,
    pub started_ms: i64,
    pub expires_ms: i64,
}

/// The handle of a session, from its token hash.
pub fn handle_of(token_hash: &str) -> String {
    token_hash.chars().take(HANDLE_CHARS).collect()
}

/// Whether `text` could be a handle: checked before it reaches a query.
pub fn is_handle(text: &str) -> bool {
    text.len() == HANDLE_CHARS && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The browser and system named by a User-Agent header: what a person
/// recognises as their own device, not a full parse. Either is `None`
/// when the header does not say.
pub fn describe_device(user_agent: Option<&str>) -> (Option<&'static str>, Option<&'static str>) {
    let ua = user_agent.unwrap_or_default();
    (browser_of(ua), system_of(ua))
}

fn browser_of(ua: &str) -> Option<&'static str> {
    // Order matters: Edge and Opera also say "Chrome", Chrome also says
    // "Safari".
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("MicroMessenger", "WeChat"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ];
    BROWSERS
        .iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| *name)
}

fn system_of(ua: &str) -> Option<&'static str> {
    const SYSTEMS: [(&str, &str); 7] = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    SYSTEMS
        .iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
                ("Edge", "Windows"),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                ("Safari", "iPhone"),
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                ("Firefox", "Linux"),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
                ("Chrome", "Android"),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
                ("Safari", "macOS"),
            ),
        ];
        for (ua, (browser, system)) in cases {
            assert_eq!(
                describe_device(Some(ua)),
                (Some(browser), Some(system)),
                "{ua}"
            );
        }
    }

    #[test]
    fn missing_or_odd_agents_stay_generic() {
        assert_eq!(describe_device(None), (None, None));
        assert_eq!(describe_device(Some("curl/8.5.0")), (None, None));
    }

    #[test]
    fn handles_are_short_hex_prefixes() {
        let hash = "0123456789abcdef0123456789abcdef";
        assert_eq!(handle_of(hash), "0123456789abcdef");
        assert!(is_handle(&handle_of(hash)));
        assert!(!is_handle("0123"), "too short");
        assert!(!is_handle("0123456789abcdeg"), "not hex");
        assert!(!is_handle("0123456789abcdef0"), "too long");
        assert!(!is_handle("%' OR 1=1 --abcd"), "never reaches a query");
    }
}
