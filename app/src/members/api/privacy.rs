//! The member's data in their own hands: closing the account (the copy of
//! their data is served by the server crate at [`MY_DATA`], a download
//! rather than a server function's answer).

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::flow::{LoginKeys, end_all_sessions},
    crate::auth::request::{require_member, set_cookie},
    crate::auth::session::{SessionKind, clear_session_cookie},
    crate::db::AnyConnection,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::members::repo::MemberRepo,
    crate::navigation::redirect_plain_form,
    crate::personal_data::erase_all,
    crate::state::AppState,
};

/// Where a member downloads everything the shop holds about them (JSON).
pub const MY_DATA: &str = "/account/my-data.json";

/// Where a closed account's browser is sent.
pub const CLOSED: &str = "/?account=closed";

/// Closes the member's account after checking their password: personal
/// data is erased at once by every centre that holds some (see
/// `crate::personal_data`), orders stay without the person, every session
/// ends. Staff see it in the audit log.
#[server(prefix = "/api", endpoint = "members/close-account")]
pub async fn close_account(password: String) -> Result<(), AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    // Guessing the password here counts as guessing it at login.
    let keys = LoginKeys::new(SessionKind::Member, &member.email);
    keys.claim(&state).await?;
    let hash = MemberRepo(&state.db).password_hash(member.id).await?;
    if !state.hasher.verify(&password, hash.as_deref()).await {
        return Err(AppError::BadRequest(
            td_string!(locale, auth.current_password_wrong).to_string(),
        ));
    }
    keys.succeeded(&state).await?;

    let tx = crate::db::begin_write(&state.db).await?;
    // Sessions first: ending them here also drops them from this server's
    // identity cache, which the erasure below would not know to do.
    end_all_sessions(&state, &tx, SessionKind::Member, member.id).await?;
    erase_all(&AnyConnection::new(&tx), member.id).await?;
    AuditRepo(&tx)
        .record(AuditEntry::by_member(
            member.id,
            "member.close",
            format!(
                "member {} closed their account; personal data erased",
                member.id
            ),
        ))
        .await?;
    tx.commit().await?;
    set_cookie(&clear_session_cookie(
        SessionKind::Member,
        state.site.secure_cookies,
    ))?;
    tracing::info!(member = member.id, "account closed by its owner");
    redirect_plain_form(CLOSED);
    Ok(())
}
