//! The member's signed-in devices: list them, sign one out, sign out
//! everywhere else. Only the caller's own sessions are ever touched: the
//! account comes from the session, never from the request.

use leptos::prelude::*;

use crate::auth::devices::SignedInDevice;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::auth::flow::{end_device, end_other_sessions, signed_in_devices},
    crate::auth::request::require_member,
    crate::auth::session::SessionKind,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
};

/// The devices page, where its forms return.
pub const DEVICES_PAGE: &str = "/account/devices";

#[server(prefix = "/api", endpoint = "members/devices", input = server_fn::codec::GetUrl)]
pub async fn list_devices() -> Result<Vec<SignedInDevice>, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    signed_in_devices(&state, SessionKind::Member, member.id).await
}

/// Signs out the device `handle` names (one of the member's own).
#[server(prefix = "/api", endpoint = "members/devices/sign-out")]
pub async fn sign_out_device(handle: String) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    end_device(&state, SessionKind::Member, member.id, handle.trim()).await?;
    tracing::info!(member = member.id, "signed a device out");
    redirect_plain_form(DEVICES_PAGE);
    Ok(())
}

/// Signs out every device of the member but this browser; returns how
/// many were signed out.
#[server(prefix = "/api", endpoint = "members/devices/sign-out-others")]
pub async fn sign_out_other_devices() -> Result<usize, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let ended = end_other_sessions(&state, SessionKind::Member, member.id).await?;
    tracing::info!(member = member.id, ended, "signed out everywhere else");
    redirect_plain_form(DEVICES_PAGE);
    Ok(ended)
}
