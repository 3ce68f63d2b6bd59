//! Registering, logging in and out, and resetting a forgotten password.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::flow::{end_all_sessions, end_session, start_session},
    crate::auth::login::{LoginAttempt, wrong_credentials},
    crate::auth::password::check_new_password,
    crate::auth::repo::ThrottleRepo,
    crate::auth::session::SessionKind,
    crate::auth::throttle::{PER_ACCOUNT, PER_ADDRESS, account_key, address_key},
    crate::auth::token::{hash_token, new_token},
    crate::i18n::{Locale, td_string},
    crate::input_errors::{invalid_field, password_message},
    crate::locale::request_locale,
    crate::members::model::{DisplayName, Email},
    crate::members::repo::{MemberRepo, RegisterError},
    crate::navigation::{local_path, redirect_plain_form},
    crate::state::AppState,
    chrono::{Duration, Utc},
};

/// How long a password-reset link works.
#[cfg(feature = "ssr")]
const RESET_LINK_LIFETIME: Duration = Duration::minutes(30);

/// Where the reset page sends the member: the login page, saying it worked.
pub const RESET_DONE: &str = "/login?reset=done";

/// Where to go after logging in: `next` if it is a page of this shop.
#[cfg(feature = "ssr")]
fn after_login(next: Option<String>) -> String {
    next.as_deref()
        .and_then(local_path)
        .unwrap_or("/account")
        .to_owned()
}

#[server(prefix = "/api", endpoint = "members/register")]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let locale = request_locale();
    let email = Email::parse(&email).map_err(|err| invalid_field(locale, "email", err))?;
    let name = DisplayName::parse(&display_name)
        .map_err(|err| invalid_field(locale, "display_name", err))?;
    check_new_password(&password)
        .map_err(|err| AppError::BadRequest(password_message(locale, err)))?;

    // "Already registered" tells whether an email has an account, as most
    // shops say it: so it may be said only a few times per address and
    // window (SECURITY.md). Each attempt is claimed before the slow hash,
    // and a registration that goes through gives its claim back.
    let throttle = ThrottleRepo(&state.db);
    let key = crate::auth::request::client_ip().map(|ip| address_key("register", &ip.to_string()));
    if let Some(key) = &key
        && !throttle.claim(key, PER_ACCOUNT, Utc::now()).await?
    {
        return Err(AppError::TooManyRequests);
    }
    let hash = state.hasher.hash(&password).await.map_err(|err| {
        tracing::error!(%err, "cannot hash a password");
        AppError::Internal
    })?;
    let id = match MemberRepo(&state.db).create(&email, &name, &hash).await {
        Ok(id) => {
            if let Some(key) = &key {
                throttle.release(key).await?;
            }
            id
        }
        Err(RegisterError::EmailTaken) => {
            return Err(AppError::Conflict(
                td_string!(locale, auth.email_taken).to_string(),
            ));
        }
        Err(RegisterError::Db(err)) => return Err(err.into()),
    };
    tracing::info!(member = id, "member registered");
    start_session(&state, SessionKind::Member, id, false).await?;
    crate::cart::guest::merge_after_login(&state.db, id, state.site.secure_cookies).await;
    let next = after_login(next);
    redirect_plain_form(&next);
    Ok(next)
}

#[server(prefix = "/api", endpoint = "members/login")]
pub async fn login(
    email: String,
    password: String,
    /// A checkbox: present (any value) when ticked.
    remember: Option<String>,
    next: Option<String>,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let Ok(email) = Email::parse(&email) else {
        return Err(wrong_credentials());
    };
    let attempt = LoginAttempt::start(&state, SessionKind::Member, email.as_str()).await?;
    let account = MemberRepo(&state.db).credentials(&email).await?;
    let member_id = attempt.check(&state, &password, account).await?;
    start_session(&state, SessionKind::Member, member_id, remember.is_some()).await?;
    // What the shopper put in the cart before logging in stays in it.
    crate::cart::guest::merge_after_login(&state.db, member_id, state.site.secure_cookies).await;
    let next = after_login(next);
    redirect_plain_form(&next);
    Ok(next)
}

#[server(prefix = "/api", endpoint = "members/logout")]
pub async fn logout() -> Result<(), AppError> {
    let state = AppState::from_context()?;
    end_session(&state, SessionKind::Member).await?;
    redirect_plain_form("/");
    Ok(())
}

/// Sends a reset link if the email belongs to an active member. The
/// answer is the same either way, and so is its timing: the mail is sent
/// after the response.
#[server(prefix = "/api", endpoint = "members/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let state = AppState::from_context()?;
    let locale = request_locale();
    let email = Email::parse(&email).map_err(|err| invalid_field(locale, "email", err))?;

    // At most a few links per address and window, so the form cannot be
    // used to flood someone's inbox; past that, say nothing and send nothing.
    let key = account_key("reset", email.as_str());
    if !ThrottleRepo(&state.db)
        .claim(&key, PER_ACCOUNT, Utc::now())
        .await?
    {
        return Ok(());
    }

    tokio::spawn(async move {
        if let Err(err) = send_reset_link(&state, &email, locale).await {
            tracing::error!(%err, "cannot send a password reset link");
        }
    });
    redirect_plain_form("/forgot-password?sent=1");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn send_reset_link(
    state: &AppState,
    email: &Email,
    locale: Locale,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let repo = MemberRepo(&state.db);
    let Some(account) = repo.credentials(email).await?.filter(|a| a.active) else {
        return Ok(());
    };
    let (token, token_hash) = new_token();
    let now = Utc::now();
    repo.create_reset(account.id, &token_hash, now, now + RESET_LINK_LIFETIME)
        .await?;

    let store = state.settings.current().name;
    let link = format!("{}/reset-password?token={token}", state.site.base_url);
    let subject = td_string!(locale, mail.reset_subject, store = store.clone()).to_string();
    let body = td_string!(
        locale,
        mail.reset_body,
        store = store,
        link = link,
        minutes = 30
    )
    .to_string();
    state
        .mailer
        .send_text(email.as_str(), &subject, body)
        .await?;
    tracing::info!(member = account.id, "password reset link sent");
    Ok(())
}

/// Sets a new password with a reset link's token. The token works once;
/// every session of the member ends, so whoever knew the old password is
/// logged out everywhere.
#[server(prefix = "/api", endpoint = "members/reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let locale = request_locale();
    check_new_password(&password)
        .map_err(|err| AppError::BadRequest(password_message(locale, err)))?;
    let invalid_link =
        || AppError::BadRequest(td_string!(locale, auth.reset_link_invalid).to_string());
    // The token first, cheaply: made-up tokens must not cost a password
    // hash each (they would slow every login down), and guessing is
    // counted per address like failed logins.
    let token_hash = hash_token(token.trim());
    if !MemberRepo(&state.db)
        .reset_is_open(&token_hash, Utc::now())
        .await?
    {
        if let Some(ip) = crate::auth::request::client_ip() {
            let key = address_key("reset", &ip.to_string());
            if !ThrottleRepo(&state.db)
                .claim(&key, PER_ADDRESS, Utc::now())
                .await?
            {
                return Err(AppError::TooManyRequests);
            }
        }
        return Err(invalid_link());
    }
    let hash = state.hasher.hash(&password).await.map_err(|err| {
        tracing::error!(%err, "cannot hash a password");
        AppError::Internal
    })?;

    let tx = crate::db::begin_write(&state.db).await?;
    let Some(member_id) = MemberRepo(&tx)
        .consume_reset(&token_hash, Utc::now())
        .await?
    else {
        // Used by a request that got here first.
        return Err(invalid_link());
    };
    MemberRepo(&tx).set_password_hash(member_id, &hash).await?;
    end_all_sessions(&state, &tx, SessionKind::Member, member_id).await?;
    tx.commit().await?;
    tracing::info!(member = member_id, "password reset");
    redirect_plain_form(RESET_DONE);
    Ok(RESET_DONE.to_owned())
}
