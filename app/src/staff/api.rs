//! The back office's server functions, under `/api/admin/…`. Each one
//! checks the caller's permission first, on the server.

use leptos::prelude::*;

use super::model::{Role, StaffSummary};
use crate::error::AppError;
use crate::members::model::Address;
use crate::members::model::MemberSummary;
#[cfg(feature = "ssr")]
use {
    super::model::OWNER_ROLE,
    super::repo::{CreateStaffError, StaffRepo},
    super::two_factor,
    super::two_factor_model::Standing,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::flow::{end_all_sessions, end_session, start_session},
    crate::auth::login::{LoginAttempt, wrong_credentials},
    crate::auth::password::check_new_password,
    crate::auth::permission::Permission,
    crate::auth::request::{client_ip, require_any_staff, require_staff},
    crate::auth::session::SessionKind,
    crate::auth::viewer::StaffIdentity,
    crate::i18n::td_string,
    crate::input_errors::{invalid_field, password_message},
    crate::locale::request_locale,
    crate::members::model::{AccountStatus, DisplayName, Email},
    crate::members::repo::MemberRepo,
    crate::navigation::{local_path, redirect_plain_form},
    crate::state::AppState,
};

/// Members listed per page in the back office.
pub const MEMBERS_PER_PAGE: u64 = 20;

/// A page of the member search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberPage {
    pub members: Vec<MemberSummary>,
    pub total: u64,
}

/// One member as the back office sees them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberDetail {
    pub member: MemberSummary,
    pub addresses: Vec<Address>,
}

#[cfg(feature = "ssr")]
fn audit_entry(
    staff: &StaffIdentity,
    action: &'static str,
    entity: &'static str,
    entity_id: i64,
    summary: String,
) -> AuditEntry<'static> {
    AuditEntry {
        staff_id: Some(staff.id),
        action,
        entity,
        entity_id: entity_id.to_string(),
        summary,
        ip: client_ip().map(|ip| ip.to_string()),
    }
}

#[server(prefix = "/api", endpoint = "admin/login")]
pub async fn admin_login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let Ok(email) = Email::parse(&email) else {
        return Err(wrong_credentials());
    };
    let attempt = LoginAttempt::start(&state, SessionKind::Staff, email.as_str()).await?;
    let repo = StaffRepo(&state.db);
    let account = repo.credentials(&email).await?;
    let accepted = attempt.check_password(&state, &password, account).await?;
    let me = repo
        .identity(accepted.id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let next = admin_destination(next.as_deref());
    let destination = match two_factor::standing(&state, me.id, &me.role).await? {
        Standing::Enrolled => {
            // No session yet: the code comes first (`admin_login_code`).
            accepted.second_factor_next(&state).await?;
            two_factor::start_pending_login(&state, me.id).await?;
            let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
            format!("/admin/login?step=code&next={next}")
        }
        standing => {
            accepted.complete(&state).await?;
            start_session(&state, SessionKind::Staff, me.id, false).await?;
            tracing::info!(staff = me.id, "staff logged in");
            if standing.overdue() {
                "/admin/two-factor".to_owned()
            } else {
                next
            }
        }
    };
    redirect_plain_form(&destination);
    Ok(destination)
}

/// Where a staff login goes once done: `next` when it is a back-office
/// page, else the back office's home.
#[cfg(feature = "ssr")]
pub(crate) fn admin_destination(next: Option<&str>) -> String {
    next.and_then(local_path)
        .filter(|p| p.starts_with("/admin"))
        .unwrap_or("/admin")
        .to_owned()
}

#[server(prefix = "/api", endpoint = "admin/logout")]
pub async fn admin_logout() -> Result<(), AppError> {
    let state = AppState::from_context()?;
    end_session(&state, SessionKind::Staff).await?;
    redirect_plain_form("/admin/login");
    Ok(())
}

/// Staff accounts and the roles they may be given.
#[server(prefix = "/api", endpoint = "admin/staff/list", input = server_fn::codec::GetUrl)]
pub async fn list_staff() -> Result<(Vec<StaffSummary>, Vec<Role>), AppError> {
    require_staff(Permission::Staff)?;
    let state = AppState::from_context()?;
    let repo = StaffRepo(&state.db);
    Ok((repo.list().await?, repo.roles().await?))
}

#[server(prefix = "/api", endpoint = "admin/staff/create")]
pub async fn create_staff(
    email: String,
    display_name: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    let me = require_staff(Permission::Staff)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let email = Email::parse(&email).map_err(|err| invalid_field(locale, "email", err))?;
    let name = DisplayName::parse(&display_name)
        .map_err(|err| invalid_field(locale, "display_name", err))?;
    check_new_password(&password)
        .map_err(|err| AppError::BadRequest(password_message(locale, err)))?;
    let hash = state.hasher.hash(&password).await.map_err(|err| {
        tracing::error!(%err, "cannot hash a password");
        AppError::Internal
    })?;

    let tx = crate::db::begin_write(&state.db).await?;
    let id = match StaffRepo(&tx).create(&email, &name, &hash, &role).await {
        Ok(id) => id,
        Err(CreateStaffError::EmailTaken) => {
            return Err(AppError::Conflict(
                td_string!(locale, admin.staff_email_taken).to_string(),
            ));
        }
        Err(CreateStaffError::UnknownRole) => {
            return Err(AppError::BadRequest(
                td_string!(locale, admin.unknown_role).to_string(),
            ));
        }
        Err(CreateStaffError::Db(err)) => return Err(err.into()),
    };
    let summary = format!("created {} ({}) as {role}", email.as_str(), name.as_str());
    AuditRepo(&tx)
        .record(audit_entry(&me, "staff.create", "staff", id, summary))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/staff");
    Ok(())
}

/// Refuses a change that would leave the shop without an active owner.
#[cfg(feature = "ssr")]
async fn keep_an_owner<C: sea_orm::ConnectionTrait>(
    repo: &StaffRepo<'_, C>,
    target: &StaffSummary,
) -> Result<(), AppError> {
    if target.role == OWNER_ROLE && target.active && repo.active_owners().await? <= 1 {
        return Err(AppError::Conflict(
            td_string!(request_locale(), admin.last_owner).to_string(),
        ));
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/staff/role")]
pub async fn change_staff_role(id: i64, role: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Staff)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = StaffRepo(&tx);
    let target = repo.find(id).await?.ok_or(AppError::NotFound)?;
    let new_role = repo.role_by_code(&role).await?.ok_or_else(|| {
        AppError::BadRequest(td_string!(request_locale(), admin.unknown_role).to_string())
    })?;
    if target.role == new_role.code {
        return Ok(());
    }
    keep_an_owner(&repo, &target).await?;
    repo.set_role(id, new_role.id).await?;
    let summary = format!("{}: role {} → {}", target.email, target.role, new_role.code);
    AuditRepo(&tx)
        .record(audit_entry(&me, "staff.change_role", "staff", id, summary))
        .await?;
    // Their permissions changed: their open sessions start over.
    end_all_sessions(&state, &tx, SessionKind::Staff, id).await?;
    tx.commit().await?;
    redirect_plain_form("/admin/staff");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/staff/disable")]
pub async fn disable_staff(id: i64) -> Result<(), AppError> {
    let me = require_staff(Permission::Staff)?;
    let state = AppState::from_context()?;
    if id == me.id {
        return Err(AppError::Conflict(
            td_string!(request_locale(), admin.not_yourself).to_string(),
        ));
    }
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = StaffRepo(&tx);
    let target = repo.find(id).await?.ok_or(AppError::NotFound)?;
    if !target.active {
        return Ok(());
    }
    keep_an_owner(&repo, &target).await?;
    repo.set_status(id, AccountStatus::Disabled).await?;
    end_all_sessions(&state, &tx, SessionKind::Staff, id).await?;
    let summary = format!("{}: active → disabled", target.email);
    AuditRepo(&tx)
        .record(audit_entry(&me, "staff.disable", "staff", id, summary))
        .await?;
    tx.commit().await?;
    redirect_plain_form("/admin/staff");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/members/search", input = server_fn::codec::GetUrl)]
pub async fn search_members(query: String, page: u32) -> Result<MemberPage, AppError> {
    require_staff(Permission::Support)?;
    let state = AppState::from_context()?;
    let query: String = query.chars().take(100).collect();
    let (members, total) = MemberRepo(&state.db)
        .search(&query, page, MEMBERS_PER_PAGE)
        .await?;
    Ok(MemberPage { members, total })
}

#[server(prefix = "/api", endpoint = "admin/members/get", input = server_fn::codec::GetUrl)]
pub async fn get_member(id: i64) -> Result<MemberDetail, AppError> {
    require_staff(Permission::Support)?;
    let state = AppState::from_context()?;
    let repo = MemberRepo(&state.db);
    let member = repo.summary(id).await?.ok_or(AppError::NotFound)?;
    Ok(MemberDetail {
        addresses: repo.addresses(id).await?,
        member,
    })
}

/// Disables (or re-enables) a member. A disabled member cannot log in, and
/// every session they have ends at once.
#[server(prefix = "/api", endpoint = "admin/members/status")]
pub async fn set_member_status(id: i64, active: bool) -> Result<(), AppError> {
    let me = require_staff(Permission::Support)?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = MemberRepo(&tx);
    let member = repo.summary(id).await?.ok_or(AppError::NotFound)?;
    if member.closed {
        // Its owner closed it and its data is gone: nothing to enable.
        return Err(AppError::Conflict(
            td_string!(request_locale(), admin.member_closed).to_string(),
        ));
    }
    if member.active == active {
        return Ok(());
    }
    let (status, action, summary) = if active {
        (
            AccountStatus::Active,
            "member.enable",
            format!("{}: disabled → active", member.email),
        )
    } else {
        (
            AccountStatus::Disabled,
            "member.disable",
            format!("{}: active → disabled", member.email),
        )
    };
    repo.set_status(id, status).await?;
    if !active {
        end_all_sessions(&state, &tx, SessionKind::Member, id).await?;
    }
    AuditRepo(&tx)
        .record(audit_entry(&me, action, "member", id, summary))
        .await?;
    tx.commit().await?;
    redirect_plain_form(&format!("/admin/members/{id}"));
    Ok(())
}

/// Who is logged in to the back office (for the admin home page).
#[server(prefix = "/api", endpoint = "admin/me", input = server_fn::codec::GetUrl)]
pub async fn admin_me() -> Result<crate::auth::viewer::StaffIdentity, AppError> {
    require_any_staff()
}
