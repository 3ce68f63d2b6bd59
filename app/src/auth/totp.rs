//! Time-based one-time passwords (RFC 6238), as every authenticator app
//! makes them: HMAC-SHA1, six digits, a new code every 30 seconds.
//!
//! Every check takes the time as an argument, so the rules (drift, replay)
//! are tested on a fixed clock; the callers pass the real one.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Seconds one code lasts (RFC 6238's default, and all that apps agree on).
pub const STEP_SECONDS: u64 = 30;
/// Digits of a code.
pub const DIGITS: u8 = 6;
/// Codes of the steps just before and after now are taken too: a phone's
/// clock a little off, a code typed as it changed (RFC 6238 section 5.2
/// recommends one step at most).
pub const DRIFT_STEPS: i64 = 1;
/// 160 bits, the key length RFC 4226 recommends.
const KEY_BYTES: usize = 20;

/// The key an authenticator app and the shop share.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpKey(Vec<u8>);

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right, for this time step: remember it, so it is never taken again.
    Accepted {
        step: i64,
    },
    /// Right, but for a step already used (RFC 6238 section 5.2: a code
    /// is accepted once), or an earlier one.
    Replayed,
    Wrong,
}

/// The time step a moment falls in.
pub fn step_of(unix_seconds: u64) -> i64 {
    i64::try_from(unix_seconds / STEP_SECONDS).unwrap_or(i64::MAX)
}

impl TotpKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; KEY_BYTES];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A key as stored or typed (base32, any case, spaces allowed); `None`
    /// for text that is not one, or is shorter than RFC 4226's 128 bits.
    pub fn from_base32(text: &str) -> Option<Self> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let secret = Secret::try_from_base32(compact).ok()?;
        (secret.as_bytes().len() >= 16).then(|| Self(secret.as_bytes().to_vec()))
    }

    /// The key in base32 (RFC 4648, no padding), as apps take it.
    pub fn to_base32(&self) -> String {
        Secret::from(self.0.as_slice()).to_base32()
    }

    fn totp(&self) -> Totp {
        // Skew 0: the drift is tried step by step in `check`, which must
        // know which step matched to refuse it a second time.
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(DIGITS)
            .with_skew(0)
            .with_step_duration(STEP_SECONDS)
            .with_secret(self.0.as_slice())
            .build_noncompliant()
    }

    /// The code an app shows at `unix_seconds`.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp().generate(unix_seconds).to_string()
    }

    /// Checks `typed` at `unix_seconds`, one step of drift either way.
    /// `last_step`: the step of the last code this key accepted; codes of
    /// that step and earlier are refused, so a code seen over a shoulder
    /// or in a proxy's log cannot be played again.
    pub fn check(&self, typed: &str, unix_seconds: u64, last_step: Option<i64>) -> CodeCheck {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let totp = self.totp();
        let now = step_of(unix_seconds);
        let matched: Vec<i64> = (now - DRIFT_STEPS..=now + DRIFT_STEPS)
            .filter(|step| *step >= 0)
            .filter(|step| {
                let at = u64::try_from(*step).unwrap_or_default() * STEP_SECONDS;
                // Compared in constant time by totp-rs.
                totp.check(&typed, at).is_some()
            })
            .collect();
        match matched
            .iter()
            .find(|step| last_step.is_none_or(|last| **step > last))
        {
            Some(step) => CodeCheck::Accepted { step: *step },
            None if matched.is_empty() => CodeCheck::Wrong,
            None => CodeCheck::Replayed,
        }
    }

    /// The `otpauth://` link an app scans: the shop's name as issuer, the
    /// staff member's email as the account (a colon, which the format
    /// reserves, becomes a space).
    pub fn otpauth_url(&self, issuer: &str, account: &str) -> Option<String> {
        let clean = |text: &str| text.replace(':', " ").trim().to_owned();
        let issuer = clean(issuer);
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(DIGITS)
            .with_step_duration(STEP_SECONDS)
            .with_secret(self.0.as_slice())
            .with_issuer((!issuer.is_empty()).then_some(issuer))
            .with_account_name(clean(account))
            .build()
            .ok()?
            .to_url()
            .ok()
    }
}

/// A link drawn as a QR code: SVG markup, without the XML declaration so
/// it can sit inside a page.
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::QrCode;
    use qrcode::render::svg;

    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#111827"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Some(match image.find("<svg") {
        Some(start) => image[start..].to_owned(),
        None => image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 key: "12345678901234567890".
    fn rfc_key() -> TotpKey {
        TotpKey(b"12345678901234567890".to_vec())
    }

    #[test]
    fn codes_are_those_of_rfc_6238_appendix_b() {
        // The appendix lists eight digits; apps show the last six.
        let key = rfc_key();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(key.code_at(time), code, "at {time}");
        }
    }

    #[test]
    fn the_right_code_is_accepted_with_its_step() {
        let key = rfc_key();
        assert_eq!(
            key.check("081804", 1_111_111_109, None),
            CodeCheck::Accepted {
                step: 1_111_111_109 / 30
            }
        );
        assert_eq!(
            key.check(" 081 804 ", 1_111_111_109, None),
            CodeCheck::Accepted {
                step: 1_111_111_109 / 30
            },
            "spaces do not matter"
        );
    }

    #[test]
    fn one_step_of_drift_either_way_and_no_more() {
        let key = rfc_key();
        let now = 1_234_567_890;
        let at = |steps: i64| key.code_at((now as i64 + steps * 30) as u64);
        for steps in [-1, 0, 1] {
            assert!(
                matches!(key.check(&at(steps), now, None), CodeCheck::Accepted { .. }),
                "{steps} steps off"
            );
        }
        for steps in [-2, 2, 10] {
            assert_eq!(
                key.check(&at(steps), now, None),
                CodeCheck::Wrong,
                "{steps} steps off"
            );
        }
    }

    #[test]
    fn a_code_once_used_is_refused_and_so_are_older_ones() {
        let key = rfc_key();
        let now = 1_234_567_890;
        let code = key.code_at(now);
        let CodeCheck::Accepted { step } = key.check(&code, now, None) else {
            panic!("the first use is accepted");
        };
        assert_eq!(key.check(&code, now, Some(step)), CodeCheck::Replayed);
        assert_eq!(
            key.check(&code, now + 20, Some(step)),
            CodeCheck::Replayed,
            "later in the same window"
        );
        assert_eq!(
            key.check(&key.code_at(now - 30), now, Some(step)),
            CodeCheck::Replayed,
            "the step before"
        );
        assert_eq!(
            key.check(&key.code_at(now + 30), now, Some(step)),
            CodeCheck::Accepted { step: step + 1 },
            "the next code is new"
        );
    }

    #[test]
    fn what_is_not_six_digits_is_wrong() {
        let key = rfc_key();
        for typed in ["", "28708", "2870822", "abcdef", "+87082", "２８７０８２"] {
            assert_eq!(key.check(typed, 59, None), CodeCheck::Wrong, "{typed:?}");
        }
    }

    #[test]
    fn keys_go_to_base32_and_back() {
        let key = TotpKey::generate();
        let text = key.to_base32();
        assert_eq!(text.len(), 32, "160 bits");
        assert!(TotpKey::from_base32(&text) == Some(key.clone()));
        let spaced = format!("{} {}", &text[..16], &text[16..]).to_lowercase();
        assert!(TotpKey::from_base32(&spaced) == Some(key));
        assert!(TotpKey::from_base32("JBSWY3DP").is_none(), "40 bits");
        assert!(TotpKey::from_base32("not base32!").is_none());
        assert!(TotpKey::generate() != TotpKey::generate());
    }

    #[test]
    fn the_link_names_the_shop_and_the_account() {
        let url = rfc_key()
            .otpauth_url("Ferris: Market", "ada@shop.test")
            .unwrap();
        assert!(
            url.starts_with("otpauth://totp/Ferris%20%20Market:ada%40shop.test?"),
            "{url}"
        );
        assert!(
            url.contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            "{url}"
        );
        assert!(url.contains("issuer=Ferris%20%20Market"), "{url}");
    }

    #[test]
    fn the_qr_code_is_inline_svg() {
        let svg = qr_svg("otpauth://totp/Shop:ada?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert!(svg.starts_with("<svg"), "{svg:.40}");
        assert!(svg.ends_with("</svg>"));
    }
}
