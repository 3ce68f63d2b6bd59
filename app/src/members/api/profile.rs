//! The member's own profile and password.

use leptos::prelude::*;

use crate::error::AppError;
use crate::members::model::Profile;
#[cfg(feature = "ssr")]
use {
    crate::auth::flow::{end_all_sessions, start_session},
    crate::auth::password::check_new_password,
    crate::auth::request::require_member,
    crate::auth::session::SessionKind,
    crate::i18n::td_string,
    crate::input_errors::{invalid_field, password_message},
    crate::locale::request_locale,
    crate::members::model::{DisplayName, Phone},
    crate::members::repo::MemberRepo,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "members/profile", input = server_fn::codec::GetUrl)]
pub async fn get_profile() -> Result<Profile, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    MemberRepo(&state.db)
        .profile(member.id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "members/profile/update")]
pub async fn update_profile(display_name: String, phone: String) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let name = DisplayName::parse(&display_name)
        .map_err(|err| invalid_field(locale, "display_name", err))?;
    let phone = match phone.trim() {
        "" => None,
        raw => Some(Phone::parse(raw).map_err(|err| invalid_field(locale, "phone", err))?),
    };
    MemberRepo(&state.db)
        .update_profile(member.id, &name, phone.as_ref())
        .await?;
    // The header shows the name: drop this browser's cached identity.
    state.identities.forget(
        SessionKind::Member,
        crate::auth::request::session_hashes().member.as_ref(),
    );
    redirect_plain_form("/account?saved=1");
    Ok(())
}

/// Changes the password after checking the current one. Every session of
/// the member ends, and this browser gets a fresh one.
#[server(prefix = "/api", endpoint = "members/password/change")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let repo = MemberRepo(&state.db);
    let hash = repo.password_hash(member.id).await?;
    if !state
        .hasher
        .verify(&current_password, hash.as_deref())
        .await
    {
        return Err(AppError::BadRequest(
            td_string!(locale, auth.current_password_wrong).to_string(),
        ));
    }
    check_new_password(&new_password)
        .map_err(|err| AppError::BadRequest(password_message(locale, err)))?;
    let new_hash = state.hasher.hash(&new_password).await.map_err(|err| {
        tracing::error!(%err, "cannot hash a password");
        AppError::Internal
    })?;

    let tx = crate::db::begin_write(&state.db).await?;
    MemberRepo(&tx)
        .set_password_hash(member.id, &new_hash)
        .await?;
    end_all_sessions(&state, &tx, SessionKind::Member, member.id).await?;
    tx.commit().await?;
    start_session(&state, SessionKind::Member, member.id, false).await?;
    tracing::info!(member = member.id, "password changed");
    redirect_plain_form("/account/password?changed=1");
    Ok(())
}
