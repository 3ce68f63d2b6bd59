//! Recovery codes: what opens an account whose authenticator app is lost.
//! Ten at a time, each usable once, shown to their owner once and stored
//! only as a hash.
//!
//! Each holds 80 random bits (16 characters of Crockford's base32, written
//! `abcd-efgh-jkmn-pqrs`), so a fast hash is enough to store them: a leaked
//! table gives nothing to brute-force, as with session tokens
//! ([`super::token::hash_token`]).

use argon2::password_hash::rand_core::{OsRng, RngCore};

use super::token::hash_token;

/// Codes made at a time.
pub const COUNT: usize = 10;

/// Crockford's base32 in lower case: no `i`, `l`, `o` or `u`, which are
/// read as `1`, `1`, `0` and nothing when typed.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters of a code: 16 × 5 = 80 bits.
const CHARS: usize = 16;

/// What someone typed at the second step of signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedCode {
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, in its canonical form (16 characters, no dashes).
    Recovery(String),
}

impl TypedCode {
    /// `None` for what is neither.
    pub fn read(typed: &str) -> Option<Self> {
        let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            return Some(TypedCode::Totp(compact));
        }
        canonical(&compact).map(TypedCode::Recovery)
    }
}

/// Ten new codes, as shown: `abcd-efgh-jkmn-pqrs`.
pub fn generate() -> Vec<String> {
    (0..COUNT)
        .map(|_| {
            let mut bytes = [0u8; CHARS];
            OsRng.fill_bytes(&mut bytes);
            // 256 is a multiple of 32: every character is equally likely.
            let code: String = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect();
            shown(&code)
        })
        .collect()
}

/// What the database keeps of a code (shown or canonical form alike).
pub fn hash(code: &str) -> Option<String> {
    canonical(code).map(|code| hash_token(&code))
}

/// A code as typed (any case, dashes and spaces anywhere, `o` for `0`, `i`
/// or `l` for `1`) in its canonical form; `None` unless it has 16
/// characters of the alphabet.
fn canonical(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            other => other,
        })
        .collect();
    (code.len() == CHARS && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// Four groups of four, for reading and writing down.
fn shown(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_different_codes_in_four_groups_of_four() {
        let codes = generate();
        assert_eq!(codes.len(), 10);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 19, "{code}");
            assert_eq!(code.matches('-').count(), 3, "{code}");
            assert_eq!(canonical(code).map(|c| c.len()), Some(16), "{code}");
        }
    }

    #[test]
    fn a_code_is_found_however_it_is_typed() {
        let stored = hash("0123-4567-89ab-cdef").unwrap();
        for typed in [
            "0123456789abcdef",
            "0123 4567 89AB CDEF",
            "O123-4567-89ab-cdef",
            "o123-4567-89ab-cdef",
            " 0123-4567-89ab-cdef\n",
        ] {
            assert_eq!(hash(typed).as_deref(), Some(stored.as_str()), "{typed:?}");
        }
        assert_eq!(hash("l1").map(|_| ()), None);
        assert_eq!(
            hash("i123-4567-89ab-cdef"),
            hash("1123-4567-89ab-cdef"),
            "i and l read as 1"
        );
    }

    #[test]
    fn the_hash_never_holds_the_code() {
        let code = "0123-4567-89ab-cdef";
        let stored = hash(code).unwrap();
        assert_eq!(stored.len(), 64);
        assert!(!stored.contains("0123456789abcdef"));
    }

    #[test]
    fn six_digits_are_an_app_code_the_rest_may_be_a_recovery_code() {
        assert_eq!(
            TypedCode::read(" 123 456 "),
            Some(TypedCode::Totp("123456".into()))
        );
        assert_eq!(
            TypedCode::read("0123-4567-89AB-CDEF"),
            Some(TypedCode::Recovery("0123456789abcdef".into()))
        );
        for neither in ["", "12345", "1234567", "0123-4567-89ab-cdeu", "hello"] {
            assert_eq!(TypedCode::read(neither), None, "{neither:?}");
        }
    }
}
