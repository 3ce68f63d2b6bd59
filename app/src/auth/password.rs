//! The password rule every new password must meet. (Hashing is in
//! [`super::hasher`], on the server only.)

use super::common_passwords::COMMON_PASSWORDS;

/// NIST SP 800-63B asks for at least 8 characters; a shop holding
/// addresses and payment history should ask for a little more.
pub const MIN_CHARS: usize = 10;
/// Long passphrases are welcome; this only caps the hashing cost.
pub const MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    TooCommon,
}

/// Checks a password someone is choosing (not one they are logging in with).
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lowered.as_str()) || is_one_repeated_char(&lowered) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

fn is_one_repeated_char(password: &str) -> bool {
    let mut chars = password.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        assert_eq!(check_new_password("correct horse battery"), Ok(()));
        assert_eq!(check_new_password("我的密码是长长的一句话"), Ok(()));
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert_eq!(
            check_new_password("短密码很安全吗"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            check_new_password("九个字的密码不够长"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(check_new_password("十个字的密码刚好够长"), Ok(()));
        assert_eq!(
            check_new_password(&"x1".repeat(65)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(
            check_new_password("Password123"),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_new_password("QWERTYUIOP"),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_new_password("woaini1314"),
            Err(PasswordError::TooCommon)
        );
        assert_eq!(
            check_new_password("aaaaaaaaaaaa"),
            Err(PasswordError::TooCommon)
        );
    }

    #[test]
    fn the_common_list_only_holds_passwords_the_length_rule_would_let_through() {
        for common in COMMON_PASSWORDS {
            assert!(
                common.chars().count() >= MIN_CHARS,
                "{common} is caught by length already"
            );
            assert_eq!(
                common,
                &common.to_lowercase(),
                "{common} must be lower case"
            );
        }
    }
}
