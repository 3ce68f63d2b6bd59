//! Signed payment notices, as Stripe signs its webhooks: the provider sends
//! `Shop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
//! The timestamp inside the signed text stops an old notice from being
//! replayed; several `v1` entries let a secret be rotated without a gap.

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::auth::token::{hex, unhex};

/// The header a signed notice arrives with.
pub const HEADER: &str = "shop-signature";

/// How old a notice may be, in seconds, either way (clocks drift).
pub const TOLERANCE_SECS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is missing or malformed")]
    Malformed,
    #[error("the notice is too old or from the future")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
    #[error("the secret cannot key HMAC-SHA256")]
    BadKey,
}

type HmacSha256 = Hmac<Sha256>;

/// A shared secret, keyed into HMAC once at start: each notice then
/// starts from a copy instead of hashing the key again.
#[derive(Clone)]
pub struct SigningKey(HmacSha256);

impl SigningKey {
    pub fn new(secret: &[u8]) -> Result<Self, SignatureError> {
        HmacSha256::new_from_slice(secret)
            .map(Self)
            .map_err(|_| SignatureError::BadKey)
    }

    fn mac(&self, timestamp: i64, body: &[u8]) -> HmacSha256 {
        let mut mac = self.0.clone();
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

/// The header value for `body` sent at `at`.
pub fn sign(key: &SigningKey, at: DateTime<Utc>, body: &[u8]) -> String {
    let timestamp = at.timestamp();
    let tag = key.mac(timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex(&tag))
}

/// Accepts `body` when `header` carries a fresh timestamp and at least one
/// `v1` signature made with `key`. The comparison takes the same time
/// whatever the bytes, so an attacker learns nothing from timing.
pub fn verify(
    key: &SigningKey,
    header: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                );
            }
            Some(("v1", value)) => signatures.push(value),
            // Other schemes may be added by the provider; they are not ours to check.
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now.timestamp() - timestamp).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    let matches = signatures.iter().any(|candidate| {
        unhex(candidate).is_some_and(|tag| key.mac(timestamp, body).verify_slice(&tag).is_ok())
    });
    if matches {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const SECRET: &[u8] = b"whsec_test";

    fn key(secret: &[u8]) -> SigningKey {
        SigningKey::new(secret).unwrap()
    }

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    #[test]
    fn a_signed_body_is_accepted() {
        let header = sign(&key(SECRET), at(1_700_000_000), b"{\"a\":1}");
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(
            verify(&key(SECRET), &header, b"{\"a\":1}", at(1_700_000_010)),
            Ok(())
        );
    }

    #[test]
    fn the_signature_is_rfc_4231_hmac_sha256() {
        // RFC 4231, test case 2: any provider's HMAC-SHA256 agrees with ours.
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_changed_body_or_another_secret_is_refused() {
        let header = sign(&key(SECRET), at(1_700_000_000), b"amount=100");
        let now = at(1_700_000_001);
        assert_eq!(
            verify(&key(SECRET), &header, b"amount=1", now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&key(b"another"), &header, b"amount=100", now),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn old_and_future_notices_are_refused() {
        let sent = at(1_700_000_000);
        let header = sign(&key(SECRET), sent, b"x");
        let late = sent + Duration::seconds(TOLERANCE_SECS + 1);
        let early = sent - Duration::seconds(TOLERANCE_SECS + 1);
        assert_eq!(
            verify(&key(SECRET), &header, b"x", late),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(&key(SECRET), &header, b"x", early),
            Err(SignatureError::Stale)
        );
        let edge = sent + Duration::seconds(TOLERANCE_SECS);
        assert_eq!(verify(&key(SECRET), &header, b"x", edge), Ok(()));
    }

    #[test]
    fn a_moved_timestamp_breaks_the_signature() {
        let header = sign(&key(SECRET), at(1_700_000_000), b"x");
        let forged = header.replace("t=1700000000", "t=1700000100");
        assert_eq!(
            verify(&key(SECRET), &forged, b"x", at(1_700_000_100)),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn any_valid_signature_of_several_is_enough() {
        let now = at(1_700_000_000);
        let old = sign(&key(b"old secret"), now, b"x");
        let new = sign(&key(SECRET), now, b"x");
        let v1_new = new.split_once(",v1=").unwrap().1;
        let both = format!("{old},v1={v1_new}");
        assert_eq!(verify(&key(SECRET), &both, b"x", now), Ok(()));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let now = at(1_700_000_000);
        for header in [
            "",
            "t=abc,v1=00",
            "v1=00",
            "t=1700000000",
            "t=1700000000,v1=zz",
        ] {
            let refused = verify(&key(SECRET), header, b"x", now);
            assert!(refused.is_err(), "{header:?} was accepted");
        }
    }
}
