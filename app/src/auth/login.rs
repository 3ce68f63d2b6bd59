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
        self.check_password(state, password, account)
            .await?
            .complete(state)
            .await
    }

    /// The password checked, with the attempt still open: the caller says
    /// whether the login is complete or a second factor comes next. An
    /// attempt dropped open stays counted as a failure.
    pub async fn check_password(
        self,
        state: &AppState,
        password: &str,
        account: Option<Credentials>,
    ) -> Result<PasswordAccepted, AppError> {
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
        Ok(PasswordAccepted {
            id: account.id,
            keys: self.keys,
        })
    }
}

/// A right password, its attempt still counted as a failure.
pub struct PasswordAccepted {
    pub id: i64,
    keys: LoginKeys,
}

impl PasswordAccepted {
    /// Nothing more is asked: the login succeeded, and the account's
    /// failures are wiped.
    pub async fn complete(self, state: &AppState) -> Result<i64, AppError> {
        self.keys.succeeded(state).await?;
        Ok(self.id)
    }

    /// A second factor comes next: only this attempt's claim is given back.
    /// The account's earlier failures, wrong codes among them, still count,
    /// so typing the right password again buys a guesser of codes nothing.
    pub async fn second_factor_next(self, state: &AppState) -> Result<i64, AppError> {
        self.keys.gave_back(state).await?;
        Ok(self.id)
    }
}

/// The answer to an unknown email and to a wrong password alike, in the
/// asker's language.
pub fn wrong_credentials() -> AppError {
    AppError::BadRequest(td_string!(request_locale(), auth.wrong_credentials).to_string())
}
