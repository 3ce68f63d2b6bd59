//! Reading who is asking, inside a server function or a page rendering on
//! the server. The HTTP layer resolves the viewer once per request (see
//! `identify` in the server crate) and leaves it in the request.

use std::net::IpAddr;

use http::request::Parts;
use leptos::prelude::*;

use super::session::SessionKind;
use super::viewer::{MemberIdentity, StaffIdentity, Viewer};
use crate::auth::permission::Permission;
use crate::error::AppError;

/// The client's address, as the HTTP layer saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The hashes of the session tokens this request presented and that were
/// valid, so logout can end exactly those sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionHashes {
    pub member: Option<String>,
    pub staff: Option<String>,
}

impl SessionHashes {
    pub fn get(&self, kind: SessionKind) -> Option<&str> {
        match kind {
            SessionKind::Member => self.member.as_deref(),
            SessionKind::Staff => self.staff.as_deref(),
        }
    }
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn viewer() -> Viewer {
    parts()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        .unwrap_or_default()
}

pub fn session_hashes() -> SessionHashes {
    parts()
        .and_then(|parts| parts.extensions.get::<SessionHashes>().cloned())
        .unwrap_or_default()
}

pub fn client_ip() -> Option<IpAddr> {
    parts().and_then(|parts| parts.extensions.get::<ClientIp>().map(|ip| ip.0))
}

/// The logged-in member, or 401.
pub fn require_member() -> Result<MemberIdentity, AppError> {
    viewer().member.ok_or(AppError::Unauthorized)
}

/// The logged-in staff member holding `permission`: 403 for a member or a
/// staff member without it, 401 for a guest.
pub fn require_staff(permission: Permission) -> Result<StaffIdentity, AppError> {
    let staff = require_any_staff()?;
    if staff.may(permission) {
        Ok(staff)
    } else {
        tracing::warn!(staff = staff.id, ?permission, "refused: missing permission");
        Err(AppError::Forbidden)
    }
}

/// Any logged-in staff member, whatever their role: 403 for a member (a
/// shopper's session never opens the back office), 401 for a guest.
pub fn require_any_staff() -> Result<StaffIdentity, AppError> {
    let viewer = viewer();
    match (viewer.staff, viewer.member) {
        (Some(staff), _) => Ok(staff),
        (None, Some(_)) => Err(AppError::Forbidden),
        (None, None) => Err(AppError::Unauthorized),
    }
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(cookie: &str) -> Result<(), AppError> {
    let value = http::HeaderValue::from_str(cookie).map_err(|_| AppError::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
}
