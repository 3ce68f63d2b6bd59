use leptos::prelude::*;

use super::model::{OrderRules, StoreSettings};
use super::sign_in_model::SignInRules;
use crate::error::AppError;

/// The shop's settings, for API clients. (Pages get them with the page
/// itself, see `shell::page_data`.)
#[server(prefix = "/api", endpoint = "settings/store", input = server_fn::codec::GetUrl)]
pub async fn get_store_settings() -> Result<StoreSettings, AppError> {
    let state = crate::state::AppState::from_context()?;
    Ok(state.settings.current())
}

/// The settings the page was served with.
pub fn use_store_settings() -> StoreSettings {
    use_context().unwrap_or_default()
}

/// The order rules staff edit under `/admin/settings`.
#[server(prefix = "/api", endpoint = "admin/settings/orders", input = server_fn::codec::GetUrl)]
pub async fn get_order_rules() -> Result<OrderRules, AppError> {
    crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    Ok(state.settings.current().order_rules())
}

/// Sets shipping (standard and express), the payment timeouts and automatic completion. New
/// values apply to orders placed (or shipped) from now on.
#[server(prefix = "/api", endpoint = "admin/settings/orders/save")]
pub async fn save_order_rules(
    shipping_fee: String,
    free_shipping_from: String,
    express_fee: String,
    payment_timeout_minutes: String,
    flash_payment_timeout_minutes: String,
    auto_complete_days: String,
) -> Result<OrderRules, AppError> {
    use super::model::OrderRulesError;
    use crate::audit::repo::{AuditEntry, AuditRepo};
    use crate::i18n::td_string;

    let me = crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    let locale = crate::locale::request_locale();
    let rules = OrderRules::parse(
        &shipping_fee,
        &free_shipping_from,
        &express_fee,
        &payment_timeout_minutes,
        &flash_payment_timeout_minutes,
        &auto_complete_days,
    )
    .map_err(|err| {
        AppError::BadRequest(
            match err {
                OrderRulesError::ShippingFee => td_string!(locale, settings_admin.bad_fee),
                OrderRulesError::FreeShippingFrom => {
                    td_string!(locale, settings_admin.bad_free_from)
                }
                OrderRulesError::ExpressFee => td_string!(locale, settings_admin.bad_express_fee),
                OrderRulesError::PaymentTimeout | OrderRulesError::FlashPaymentTimeout => {
                    td_string!(locale, settings_admin.bad_timeout)
                }
                OrderRulesError::AutoCompleteDays => td_string!(locale, settings_admin.bad_days),
            }
            .to_string(),
        )
    })?;
    let saved = state.settings.set_order_rules(&rules).await?.order_rules();
    AuditRepo(&state.db)
        .record(AuditEntry::by_staff(
            &me,
            "settings.orders",
            "settings",
            1,
            format!(
                "shipping {} fen, free from {} fen, express {} fen, {} min to pay ({} in flash sales), complete after {} days",
                saved.shipping_fee,
                saved.free_shipping_from,
                saved.express_fee,
                saved.payment_timeout_minutes,
                saved.flash_payment_timeout_minutes,
                saved.auto_complete_days
            ),
        ))
        .await?;
    crate::navigation::redirect_plain_form("/admin/settings");
    Ok(saved)
}

/// The store's clock as staff set it, minutes east of UTC.
#[server(prefix = "/api", endpoint = "admin/settings/time-zone", input = server_fn::codec::GetUrl)]
pub async fn get_utc_offset() -> Result<i32, AppError> {
    crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    Ok(state.settings.current().utc_offset_minutes)
}

/// Sets the offset from UTC at which pages show times (`+8`, `-3:30`).
#[server(prefix = "/api", endpoint = "admin/settings/time-zone/save")]
pub async fn save_utc_offset(utc_offset: String) -> Result<i32, AppError> {
    use super::model::UtcOffset;
    use crate::audit::repo::{AuditEntry, AuditRepo};
    use crate::i18n::td_string;

    let me = crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    let locale = crate::locale::request_locale();
    let offset = UtcOffset::parse(&utc_offset).ok_or_else(|| {
        AppError::BadRequest(td_string!(locale, settings_admin.bad_time_zone).to_string())
    })?;
    let saved = state.settings.set_utc_offset(offset).await?;
    AuditRepo(&state.db)
        .record(AuditEntry::by_staff(
            &me,
            "settings.time_zone",
            "settings",
            1,
            format!("UTC{}", UtcOffset::show(saved.utc_offset_minutes)),
        ))
        .await?;
    crate::navigation::redirect_plain_form("/admin/settings");
    Ok(saved.utc_offset_minutes)
}

/// How long sign-ins last and who needs a second factor.
#[server(prefix = "/api", endpoint = "admin/settings/sign-in", input = server_fn::codec::GetUrl)]
pub async fn get_sign_in_rules() -> Result<SignInRules, AppError> {
    crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    Ok(state.settings.current().sign_in)
}

/// Sets the session lifetimes (they apply at once, to sessions already
/// running too) and whether every staff account needs a second factor.
#[server(prefix = "/api", endpoint = "admin/settings/sign-in/save")]
pub async fn save_sign_in_rules(
    staff_idle_minutes: String,
    staff_session_hours: String,
    member_idle_days: String,
    member_remember_days: String,
    // A checkbox: sent ("on") when ticked, absent otherwise.
    two_factor_for_all_staff: Option<String>,
) -> Result<SignInRules, AppError> {
    use super::sign_in_model::SignInRulesError;
    use crate::audit::repo::{AuditEntry, AuditRepo};
    use crate::i18n::td_string;

    let me = crate::auth::request::require_staff(crate::auth::permission::Permission::Settings)?;
    let state = crate::state::AppState::from_context()?;
    let locale = crate::locale::request_locale();
    let rules = SignInRules::parse(
        &staff_idle_minutes,
        &staff_session_hours,
        &member_idle_days,
        &member_remember_days,
        two_factor_for_all_staff.is_some(),
    )
    .map_err(|err| {
        AppError::BadRequest(
            match err {
                SignInRulesError::StaffIdle => td_string!(locale, settings_admin.bad_staff_idle),
                SignInRulesError::StaffSession => {
                    td_string!(locale, settings_admin.bad_staff_session)
                }
                SignInRulesError::MemberIdle => td_string!(locale, settings_admin.bad_member_idle),
                SignInRulesError::MemberRemember => {
                    td_string!(locale, settings_admin.bad_member_remember)
                }
            }
            .to_string(),
        )
    })?;
    let saved = state.settings.set_sign_in_rules(&rules).await?.sign_in;
    AuditRepo(&state.db)
        .record(AuditEntry::by_staff(
            &me,
            "settings.sign_in",
            "settings",
            1,
            format!(
                "staff: {} min idle, {} h at most; members: {} days idle, remembered {} days; second factor for all staff: {}",
                saved.staff_idle_minutes,
                saved.staff_session_hours,
                saved.member_idle_days,
                saved.member_remember_days,
                if saved.two_factor_for_all_staff { "yes" } else { "no" }
            ),
        ))
        .await?;
    crate::navigation::redirect_plain_form("/admin/settings");
    Ok(saved)
}
