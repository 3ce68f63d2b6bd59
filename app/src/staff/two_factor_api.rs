//! The second factor's server functions: the second step of the staff
//! login (`/api/admin/login/code`), and setting it up, turning it off and
//! renewing recovery codes under `/api/admin/two-factor`. Each answers a
//! plain form (JavaScript off) with a redirect, as the login does.

use leptos::prelude::*;

use super::two_factor_model::{TwoFactorNotice, TwoFactorStatus};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::api::admin_destination,
    super::repo::StaffRepo,
    super::two_factor::{self, UsedCode, use_code},
    super::two_factor_model::{Standing, TwoFactorSetup, grouped},
    super::two_factor_repo::TwoFactorRepo,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::flow::{LoginKeys, start_session},
    crate::auth::login::LoginAttempt,
    crate::auth::request::{client_ip, require_any_staff},
    crate::auth::session::SessionKind,
    crate::auth::totp::{CodeCheck, TotpKey, qr_svg},
    crate::auth::viewer::StaffIdentity,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::members::model::Email,
    crate::navigation::redirect_plain_form,
    crate::state::AppState,
    chrono::Utc,
};

/// The enrolment page, where a plain form comes back to.
pub const ENROLMENT_PAGE: &str = "/admin/two-factor";

#[cfg(feature = "ssr")]
fn unix_seconds(now: chrono::DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or_default()
}

/// The second step of a staff login: the code from the app, or a recovery
/// code, for the sign-in the password started. Wrong codes count against
/// the account like wrong passwords (5 in 15 minutes, then 429).
#[server(prefix = "/api", endpoint = "admin/login/code")]
pub async fn admin_login_code(code: String, next: Option<String>) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let now = Utc::now();
    let expired =
        || AppError::BadRequest(td_string!(request_locale(), two_factor.login_expired).to_string());
    let token_hash = two_factor::pending_login_hash().ok_or_else(expired)?;
    let staff_id = TwoFactorRepo(&state.db)
        .pending_login(&token_hash, now)
        .await?
        .ok_or_else(expired)?;
    let staff = StaffRepo(&state.db)
        .identity(staff_id)
        .await?
        // Disabled since the password was typed.
        .ok_or(AppError::Forbidden)?;
    let keys = LoginKeys::new(SessionKind::Staff, &staff.email);
    keys.claim(&state).await?;

    let tx = crate::db::begin_write(&state.db).await?;
    let used = use_code(&tx, staff_id, &code, now).await?;
    if !TwoFactorRepo(&tx)
        .finish_pending_login(&token_hash, now)
        .await?
    {
        // Another request finished this sign-in first.
        return Err(expired());
    }
    if used == UsedCode::Recovery {
        let left = TwoFactorRepo(&tx).recovery_codes_left(staff_id).await?;
        AuditRepo(&tx)
            .record(AuditEntry {
                staff_id: Some(staff_id),
                action: "staff.two_factor.recovery_code",
                entity: "staff",
                entity_id: staff_id.to_string(),
                summary: format!(
                    "{}: signed in with a recovery code ({left} left)",
                    staff.email
                ),
                ip: client_ip().map(|ip| ip.to_string()),
            })
            .await?;
    }
    tx.commit().await?;
    keys.succeeded(&state).await?;
    two_factor::clear_pending_cookie(&state)?;
    start_session(&state, SessionKind::Staff, staff_id, false).await?;
    tracing::info!(staff = staff_id, "staff logged in with a second factor");
    let next = admin_destination(next.as_deref());
    redirect_plain_form(&next);
    Ok(next)
}

/// The banner every back-office page shows to staff who must set up a
/// second factor; `None` for everyone else.
#[server(prefix = "/api", endpoint = "admin/two-factor/notice", input = server_fn::codec::GetUrl)]
pub async fn staff_two_factor_notice() -> Result<Option<TwoFactorNotice>, AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    if !two_factor::required(&state, &me.role) {
        return Ok(None);
    }
    let standing = two_factor::standing(&state, me.id, &me.role).await?;
    Ok(two_factor::notice(&state, standing))
}

/// The enrolment page's data. Reading it changes nothing (the page may
/// render it more than once), except that recovery codes a plain form
/// carried here are handed over, once.
#[server(prefix = "/api", endpoint = "admin/two-factor", input = server_fn::codec::GetUrl)]
pub async fn get_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    let standing = two_factor::standing(&state, me.id, &me.role).await?;
    let record = TwoFactorRepo(&state.db).record(me.id).await?;
    let new_recovery_codes = if standing == Standing::Enrolled {
        two_factor::carried_codes(&state)?
    } else {
        Vec::new()
    };

    let setup = match (&record, standing) {
        (_, Standing::Enrolled) => None,
        (Some(record), _) => record
            .pending_secret
            .as_deref()
            .and_then(TotpKey::from_base32)
            .map(|key| setup_of(&state, &me, &key)),
        (None, _) => None,
    };
    Ok(TwoFactorStatus {
        standing,
        required: two_factor::required(&state, &me.role),
        notice: two_factor::notice(&state, standing),
        recovery_codes_left: u32::try_from(
            TwoFactorRepo(&state.db).recovery_codes_left(me.id).await?,
        )
        .unwrap_or(u32::MAX),
        setup,
        new_recovery_codes,
    })
}

/// A key as the page shows it: the QR code to scan, the text to type.
#[cfg(feature = "ssr")]
fn setup_of(state: &AppState, me: &StaffIdentity, key: &TotpKey) -> TwoFactorSetup {
    let secret = key.to_base32();
    let qr_svg = key
        .otpauth_url(&state.settings.current().name, &me.email)
        .and_then(|url| qr_svg(&url))
        .unwrap_or_default();
    TwoFactorSetup {
        secret: grouped(&secret),
        qr_svg,
    }
}

/// Starts setting up: a new key, shown until a code from it confirms it.
#[server(prefix = "/api", endpoint = "admin/two-factor/start")]
pub async fn start_two_factor() -> Result<(), AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    let repo = TwoFactorRepo(&state.db);
    if repo.enabled(me.id).await? {
        return Err(AppError::Conflict(
            td_string!(request_locale(), two_factor.already_on).to_string(),
        ));
    }
    repo.begin_setup(me.id, &TotpKey::generate().to_base32(), Utc::now())
        .await?;
    redirect_plain_form(ENROLMENT_PAGE);
    Ok(())
}

/// Turns the second factor on once a code shows the app holds the key;
/// the answer is the ten recovery codes, shown this once.
#[server(prefix = "/api", endpoint = "admin/two-factor/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    let now = Utc::now();
    let Some(record) = TwoFactorRepo(&state.db).record(me.id).await? else {
        return Err(no_setup());
    };
    if record.enabled() {
        return Err(AppError::Conflict(
            td_string!(request_locale(), two_factor.already_on).to_string(),
        ));
    }
    let pending = record.pending_secret.ok_or_else(no_setup)?;
    let key = TotpKey::from_base32(&pending).ok_or_else(no_setup)?;
    let CodeCheck::Accepted { step } = key.check(&code, unix_seconds(now), None) else {
        return Err(AppError::BadRequest(
            td_string!(request_locale(), two_factor.wrong_setup_code).to_string(),
        ));
    };
    let tx = crate::db::begin_write(&state.db).await?;
    if !TwoFactorRepo(&tx)
        .enable(me.id, &pending, step, now)
        .await?
    {
        // Set up again in another tab meanwhile.
        return Err(no_setup());
    }
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "staff.two_factor.enable",
            "staff",
            me.id,
            format!("{}: two-step sign-in on", me.email),
        ))
        .await?;
    let codes = two_factor::issue_recovery_codes(&tx, me.id, now).await?;
    tx.commit().await?;
    tracing::info!(staff = me.id, "second factor on");
    two_factor::carry_codes_to_page(&state, &codes)?;
    redirect_plain_form(ENROLMENT_PAGE);
    Ok(codes)
}

#[cfg(feature = "ssr")]
fn no_setup() -> AppError {
    AppError::Conflict(td_string!(request_locale(), two_factor.no_setup).to_string())
}

/// Turns the second factor off, with the password and a code (or a
/// recovery code): both are checked and counted like a login's. Refused
/// to whoever must use it.
#[server(prefix = "/api", endpoint = "admin/two-factor/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    if two_factor::required(&state, &me.role) {
        return Err(AppError::Conflict(
            td_string!(request_locale(), two_factor.required_for_you).to_string(),
        ));
    }
    let email = Email::parse(&me.email).map_err(|_| AppError::Internal)?;
    let attempt = LoginAttempt::start(&state, SessionKind::Staff, email.as_str()).await?;
    let account = StaffRepo(&state.db).credentials(&email).await?;
    let accepted = attempt.check_password(&state, &password, account).await?;
    let now = Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    // A wrong code leaves the attempt counted as a failure.
    use_code(&tx, me.id, &code, now).await?;
    TwoFactorRepo(&tx).disable(me.id, now).await?;
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "staff.two_factor.disable",
            "staff",
            me.id,
            format!("{}: two-step sign-in off", me.email),
        ))
        .await?;
    tx.commit().await?;
    accepted.complete(&state).await?;
    tracing::info!(staff = me.id, "second factor off");
    redirect_plain_form(ENROLMENT_PAGE);
    Ok(())
}

/// New recovery codes for the old ones, with a code; the answer is the
/// new codes, shown this once.
#[server(prefix = "/api", endpoint = "admin/two-factor/recovery-codes")]
pub async fn renew_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let me = require_any_staff()?;
    let state = AppState::from_context()?;
    let keys = LoginKeys::new(SessionKind::Staff, &me.email);
    keys.claim(&state).await?;
    let now = Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    use_code(&tx, me.id, &code, now).await?;
    let codes = two_factor::issue_recovery_codes(&tx, me.id, now).await?;
    AuditRepo(&tx)
        .record(AuditEntry::by_staff(
            &me,
            "staff.two_factor.recovery_codes",
            "staff",
            me.id,
            format!("{}: new recovery codes", me.email),
        ))
        .await?;
    tx.commit().await?;
    keys.succeeded(&state).await?;
    two_factor::carry_codes_to_page(&state, &codes)?;
    redirect_plain_form(ENROLMENT_PAGE);
    Ok(codes)
}
