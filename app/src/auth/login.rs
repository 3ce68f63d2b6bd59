//! The one credential check behind both logins, members' and staff's: the
//! throttle first (the attempt claimed before the password is checked, so
//! a burst cannot slip past it), the password verified whether or not the
//! account exists (against a dummy hash when it does not, so both answers
//! take as long), the same answer for an unknown account and a wrong
//! password, and a disabled account told so only to someone who knows its
//! password.

use super::flow::LoginKeys;
use super::session::SessionKind;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale::request_locale;
use crate::state::AppState;

/// What a login needs of an account, members' and staff's alike.
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
}

/// One login, from the email typed to the account it opens.
pub struct LoginAttempt {
    keys: LoginKeys,
}

impl LoginAttempt {
    /// Claims the attempt before anything slow happens; 429 at once when
    /// the account or the address has failed too often, also when many
    /// attempts arrive together.
    pub async fn start(state: &AppState, kind: SessionKind, email: &str) -> Result<Self, AppError> {
        let keys = LoginKeys::new(kind, email);
        keys.claim(state).await?;
        Ok(Self { keys })
    }

    /// The account's id when `password` is its password and it is active.
    /// `account` is what the email found (`None`: nobody).
    pub async fn check(
        self,
        state: &AppState,
        password: &str,
        account: Option<Credentials>,
    ) -> Result<i64, AppError> {
        let matched = state
            .hasher
            .verify(password, account.as_ref().map(|a| a.password_hash.as_str()))
            .await;
        let Some(account) = account.filter(|_| matched) else {
            // Already counted when the attempt was claimed.
            return Err(wrong_credentials());
        };
        if !account.active {
            // Only someone who knows the password learns this.
            return Err(AppError::Forbidden);
        }
        self.keys.succeeded(state).await?;
        Ok(account.id)
    }
}

/// The answer to an unknown email and to a wrong password alike, in the
/// asker's language.
pub fn wrong_credentials() -> AppError {
    AppError::BadRequest(td_string!(request_locale(), auth.wrong_credentials).to_string())
}
