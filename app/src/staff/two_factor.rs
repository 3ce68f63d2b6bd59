//! The second factor on the server, shared by the staff login, the
//! enrolment page and the HTTP layer that keeps overdue staff on it: where
//! a staff member stands, the sign-in that waits for its code, using up a
//! code, and handing out recovery codes.

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::two_factor_model::{PENDING_LOGIN_MINUTES, Standing, TwoFactorNotice, required_for};
use super::two_factor_repo::TwoFactorRepo;
use crate::auth::recovery_codes::{self, TypedCode};
use crate::auth::request;
use crate::auth::token::{hash_token, new_token};
use crate::auth::totp::{CodeCheck, TotpKey};
use crate::auth::viewer::StaffIdentity;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale::{cookie_value, request_locale};
use crate::state::AppState;

/// The cookie carrying a sign-in that waits for its code. Sent only to
/// the two login functions, and never read by a script.
pub const PENDING_COOKIE: &str = "staff_2fa";
const PENDING_COOKIE_PATH: &str = "/api/admin/login";

/// Whether the store asks a second factor of this staff member.
pub fn required(state: &AppState, role: &str) -> bool {
    required_for(
        role,
        state.settings.current().sign_in.two_factor_for_all_staff,
    )
}

/// Where the staff member stands, noting when the rule first applied to
/// them (the start of their grace period).
pub async fn standing(state: &AppState, staff_id: i64, role: &str) -> Result<Standing, AppError> {
    let required = required(state, role);
    let now = Utc::now();
    let repo = TwoFactorRepo(&state.db);
    let record = repo.record(staff_id).await?;
    if record.as_ref().is_some_and(|r| r.enabled()) {
        return Ok(Standing::Enrolled);
    }
    let known = record.and_then(|r| r.required_since);
    let since = if known.is_some() == required {
        known
    } else {
        repo.note_requirement(staff_id, required, now).await?
    };
    Ok(Standing::at(
        false,
        required,
        since.map(|t| t.timestamp_millis()),
        now.timestamp_millis(),
    ))
}

/// Whether a staff member may use only the enrolment page. Staff nobody
/// asks a second factor of cost no database read.
pub async fn confined(state: &AppState, staff: &StaffIdentity) -> Result<bool, AppError> {
    if !required(state, &staff.role) {
        return Ok(false);
    }
    Ok(standing(state, staff.id, &staff.role).await?.overdue())
}

/// The back office's banner for `standing`, its date on the store's clock.
pub fn notice(state: &AppState, standing: Standing) -> Option<TwoFactorNotice> {
    match standing {
        Standing::Grace { until_ms } => {
            let offset = state.settings.current().utc_offset_minutes;
            Some(TwoFactorNotice::RequiredFrom(format!(
                "{} {}",
                crate::clock::local_ms(until_ms, offset),
                crate::clock::zone_label(offset)
            )))
        }
        Standing::Overdue => Some(TwoFactorNotice::Overdue),
        Standing::Enrolled | Standing::Optional => None,
    }
}

/// Records a sign-in whose password was right and sets the cookie that
/// carries it to the second step. The cookie holds a random 256-bit
/// token, the database only its hash: it cannot be made up, and ends at
/// its first use or after [`PENDING_LOGIN_MINUTES`].
pub async fn start_pending_login(state: &AppState, staff_id: i64) -> Result<(), AppError> {
    let (token, token_hash) = new_token();
    TwoFactorRepo(&state.db)
        .start_pending_login(staff_id, &token_hash, Utc::now())
        .await?;
    let max_age = PENDING_LOGIN_MINUTES * 60;
    request::set_cookie(&pending_cookie(
        &format!("{token}; Max-Age={max_age}"),
        state,
    ))
}

/// Removes the pending sign-in's cookie from the browser.
pub fn clear_pending_cookie(state: &AppState) -> Result<(), AppError> {
    request::set_cookie(&pending_cookie("; Max-Age=0", state))
}

fn pending_cookie(value_and_age: &str, state: &AppState) -> String {
    let mut cookie = format!(
        "{PENDING_COOKIE}={value_and_age}; Path={PENDING_COOKIE_PATH}; HttpOnly; SameSite=Strict"
    );
    if state.site.secure_cookies {
        cookie.push_str("; Secure");
    }
    cookie
}

/// The hash of the pending sign-in's token this request carries, if it
/// carries a well-formed one.
pub fn pending_login_hash() -> Option<String> {
    request_cookie(PENDING_COOKIE)
        .filter(|token| token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|token| hash_token(&token))
}

/// The value of cookie `name` in this request.
fn request_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| cookie_value(header, name))
        .map(str::to_owned)
}

/// The cookie that carries new recovery codes to the enrolment page for a
/// browser without JavaScript, which follows a redirect after its form
/// and so never reads the form's answer. Only that browser, which must
/// see them anyway, ever holds them; the database keeps their hashes.
const NEW_CODES_COOKIE: &str = "staff_new_codes";
/// Long enough for the redirect; the page removes it when it shows them.
const NEW_CODES_SECONDS: i64 = 600;

/// Ten new recovery codes for the staff member, replacing any they had,
/// on `conn`: their hashes are stored, the codes themselves returned to be
/// shown once.
pub async fn issue_recovery_codes<C: ConnectionTrait>(
    conn: &C,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<String>, AppError> {
    let codes = recovery_codes::generate();
    let hashes: Vec<String> = codes
        .iter()
        .filter_map(|code| recovery_codes::hash(code))
        .collect();
    TwoFactorRepo(conn)
        .replace_recovery_codes(staff_id, &hashes, now)
        .await?;
    Ok(codes)
}

/// After a plain form (JavaScript off), gives the new codes to the page
/// the browser is sent to next, in a cookie only that page's address
/// receives; a page running the app reads them from the form's answer.
pub fn carry_codes_to_page(state: &AppState, codes: &[String]) -> Result<(), AppError> {
    if !crate::navigation::is_plain_form() {
        return Ok(());
    }
    request::set_cookie(&codes_cookie(
        &format!("{}; Max-Age={NEW_CODES_SECONDS}", codes.join(".")),
        state,
    ))
}

/// The codes a plain form carried here, if any; their cookie is removed
/// with this answer, so they show once.
pub fn carried_codes(state: &AppState) -> Result<Vec<String>, AppError> {
    let codes: Vec<String> = request_cookie(NEW_CODES_COOKIE)
        .map(|value| {
            value
                .split('.')
                .filter(|code| recovery_codes::hash(code).is_some())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if !codes.is_empty() {
        request::set_cookie(&codes_cookie("; Max-Age=0", state))?;
    }
    Ok(codes)
}

fn codes_cookie(value_and_age: &str, state: &AppState) -> String {
    let mut cookie = format!(
        "{NEW_CODES_COOKIE}={value_and_age}; Path={}; HttpOnly; SameSite=Strict",
        super::two_factor_api::ENROLMENT_PAGE
    );
    if state.site.secure_cookies {
        cookie.push_str("; Secure");
    }
    cookie
}

/// Which kind of code opened the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsedCode {
    App,
    Recovery,
}

/// Checks a code typed by a staff member whose second factor is on, and
/// uses it up on `conn` (the transaction of what it allows): an app code's
/// time step is never taken again, a recovery code never again at all.
pub async fn use_code<C: ConnectionTrait>(
    conn: &C,
    staff_id: i64,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<UsedCode, AppError> {
    let repo = TwoFactorRepo(conn);
    let record = repo.record(staff_id).await?;
    let key = record
        .as_ref()
        .and_then(|r| r.secret.as_deref())
        .and_then(TotpKey::from_base32);
    let (Some(key), Some(record)) = (key, record) else {
        return Err(wrong_code());
    };
    match TypedCode::read(typed) {
        Some(TypedCode::Totp(code)) => {
            let seconds = u64::try_from(now.timestamp()).unwrap_or_default();
            match key.check(&code, seconds, record.last_step) {
                CodeCheck::Accepted { step } if repo.accept_step(staff_id, step).await? => {
                    Ok(UsedCode::App)
                }
                CodeCheck::Accepted { .. } | CodeCheck::Replayed => Err(code_used()),
                CodeCheck::Wrong => Err(wrong_code()),
            }
        }
        Some(TypedCode::Recovery(code)) => {
            let hash = recovery_codes::hash(&code).ok_or_else(wrong_code)?;
            if repo.use_recovery_code(staff_id, &hash, now).await? {
                Ok(UsedCode::Recovery)
            } else {
                Err(wrong_code())
            }
        }
        None => Err(wrong_code()),
    }
}

pub fn wrong_code() -> AppError {
    AppError::BadRequest(td_string!(request_locale(), two_factor.wrong_code).to_string())
}

fn code_used() -> AppError {
    AppError::BadRequest(td_string!(request_locale(), two_factor.code_used).to_string())
}
