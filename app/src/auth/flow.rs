//! The steps of logging in and out that members and staff share.

use chrono::Utc;
use sea_orm::ConnectionTrait;

use super::devices::{SignedInDevice, describe_device, handle_of, is_handle};
use super::repo::{NewSession, SessionRepo, ThrottleRepo};
use super::request::{self, session_hashes};
use super::session::{SessionKind, clear_session_cookie, session_cookie};
use super::throttle::{self, PER_ACCOUNT, PER_ADDRESS};
use super::token::new_token;
use crate::error::AppError;
use crate::state::AppState;

/// Starts a session for `subject_id` and sets its cookie. Any session the
/// browser already had of this kind is ended first, so a login always
/// gets a fresh id (no session fixation).
pub async fn start_session(
    state: &AppState,
    kind: SessionKind,
    subject_id: i64,
    remember: bool,
) -> Result<(), AppError> {
    if let Some(old) = session_hashes().get(kind) {
        SessionRepo(&state.db).delete(old).await?;
        state.identities.forget(kind, [&old.to_owned()]);
    }
    let (token, token_hash) = new_token();
    let now = Utc::now();
    let lifetimes = state.session_lifetimes();
    let user_agent = use_header(http::header::USER_AGENT);
    SessionRepo(&state.db)
        .create(NewSession {
            kind,
            subject_id,
            token_hash: &token_hash,
            remember,
            lifetimes,
            now,
            ip: request::client_ip().map(|ip| ip.to_string()),
            user_agent,
        })
        .await?;
    request::set_cookie(&session_cookie(
        kind,
        &token,
        remember.then(|| lifetimes.absolute(kind, true)),
        state.site.secure_cookies,
    ))
}

/// Ends the browser's session of `kind` (logout).
pub async fn end_session(state: &AppState, kind: SessionKind) -> Result<(), AppError> {
    if let Some(hash) = session_hashes().get(kind) {
        SessionRepo(&state.db).delete(hash).await?;
        state.identities.forget(kind, [&hash.to_owned()]);
    }
    request::set_cookie(&clear_session_cookie(kind, state.site.secure_cookies))
}

/// Ends every session of an account, on `conn` (a transaction when the
/// change that warrants it is part of one), and forgets them here.
pub async fn end_all_sessions<C: ConnectionTrait>(
    state: &AppState,
    conn: &C,
    kind: SessionKind,
    subject_id: i64,
) -> Result<(), AppError> {
    let ended = SessionRepo(conn).delete_all_for(kind, subject_id).await?;
    state.identities.forget(kind, &ended);
    Ok(())
}

/// The account's live sessions as its devices page lists them, the
/// browser asking marked as current.
pub async fn signed_in_devices(
    state: &AppState,
    kind: SessionKind,
    subject_id: i64,
) -> Result<Vec<SignedInDevice>, AppError> {
    let current = session_hashes().get(kind).map(str::to_owned);
    let sessions = SessionRepo(&state.db)
        .live_for(kind, subject_id, &state.session_lifetimes(), Utc::now())
        .await?;
    Ok(sessions
        .into_iter()
        .map(|session| {
            let (browser, system) = describe_device(session.user_agent.as_deref());
            SignedInDevice {
                handle: handle_of(&session.token_hash),
                current: current.as_deref() == Some(session.token_hash.as_str()),
                browser: browser.map(str::to_owned),
                system: system.map(str::to_owned),
                ip: session.ip,
                started_ms: session.created_at.timestamp_millis(),
                expires_ms: session.expires_at.timestamp_millis(),
            }
        })
        .collect())
}

/// Signs one of the account's devices out. `NotFound` when the handle
/// names none of the account's sessions, so another account's session
/// and a made-up handle get the same answer.
pub async fn end_device(
    state: &AppState,
    kind: SessionKind,
    subject_id: i64,
    handle: &str,
) -> Result<(), AppError> {
    if !is_handle(handle) {
        return Err(AppError::NotFound);
    }
    let ended = SessionRepo(&state.db)
        .delete_by_handle(kind, subject_id, &handle.to_ascii_lowercase())
        .await?;
    if ended.is_empty() {
        return Err(AppError::NotFound);
    }
    state.identities.forget(kind, &ended);
    Ok(())
}

/// Signs out every device of the account but the browser asking.
pub async fn end_other_sessions(
    state: &AppState,
    kind: SessionKind,
    subject_id: i64,
) -> Result<usize, AppError> {
    let Some(current) = session_hashes().get(kind).map(str::to_owned) else {
        return Err(AppError::Unauthorized);
    };
    let ended = SessionRepo(&state.db)
        .delete_all_but(kind, subject_id, &current)
        .await?;
    state.identities.forget(kind, &ended);
    Ok(ended.len())
}

/// The throttle keys of a login attempt: the account and the address.
pub struct LoginKeys {
    account: String,
    address: Option<String>,
}

impl LoginKeys {
    pub fn new(kind: SessionKind, email: &str) -> Self {
        Self {
            account: throttle::account_key(kind.as_str(), email),
            address: request::client_ip()
                .map(|ip| throttle::address_key(kind.as_str(), &ip.to_string())),
        }
    }

    /// Claims the attempt for the account, then the address, before the
    /// password is checked (see [`ThrottleRepo::claim`]); 429 when either
    /// has failed too often. An attempt that fails needs nothing more: it
    /// was counted here.
    pub async fn claim(&self, state: &AppState) -> Result<(), AppError> {
        let now = Utc::now();
        let throttle = ThrottleRepo(&state.db);
        let mut allowed = throttle.claim(&self.account, PER_ACCOUNT, now).await?;
        // The address counts only attempts its accounts let through: its
        // rule is about sweeping many accounts, and counting a burst on
        // one account there too would refuse the account's own allowance.
        if allowed && let Some(address) = &self.address {
            allowed = throttle.claim(address, PER_ADDRESS, now).await?;
        }
        if allowed {
            Ok(())
        } else {
            Err(AppError::TooManyRequests)
        }
    }

    /// A successful login wipes the account's failures and gives back the
    /// address's claim (not its other failures: one good password must not
    /// reset a guesser's count).
    pub async fn succeeded(&self, state: &AppState) -> Result<(), AppError> {
        let throttle = ThrottleRepo(&state.db);
        throttle.clear(&self.account).await?;
        if let Some(address) = &self.address {
            throttle.release(address).await?;
        }
        Ok(())
    }

    /// Gives back this attempt's claims only, leaving the account's other
    /// failures counted: the password was right, but the login is not
    /// over (a second factor comes next).
    pub async fn gave_back(&self, state: &AppState) -> Result<(), AppError> {
        let throttle = ThrottleRepo(&state.db);
        throttle.release(&self.account).await?;
        if let Some(address) = &self.address {
            throttle.release(address).await?;
        }
        Ok(())
    }
}

fn use_header(name: http::HeaderName) -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })
}
