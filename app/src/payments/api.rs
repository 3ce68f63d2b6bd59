//! Paying, under `/api/payments/…`: a member starts an attempt for their
//! unpaid order and is sent to the provider; the sandbox provider's page
//! reads the attempt and sends its signed notice when the payer chooses.
//! (Providers call back under `/api/pay/`, which takes no cookies and so
//! skips the cross-site check; these functions are for browsers and keep it.)

use leptos::prelude::*;

use super::model::SandboxPayment;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::{Outcome, PaymentStatus},
    super::repo::PaymentRepo,
    super::settle::{SettleError, Settled},
    crate::auth::request::require_member,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::orders::entity::order,
    crate::orders::status::OrderStatus,
    crate::state::AppState,
    sea_orm::EntityTrait,
};

/// Opens a new attempt to pay the member's unpaid order; answers the
/// provider's page to send the payer to. Each call is a new attempt, so
/// "pay again" after a failure is the same call.
#[server(prefix = "/api", endpoint = "payments/start")]
pub async fn start_payment(order_no: String) -> Result<String, AppError> {
    use super::provider::PaymentRequest;
    use crate::orders::repo::OrderRepo;

    let member = require_member()?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let order = OrderRepo(&state.db)
        .find_own(member.id, &order_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = chrono::Utc::now();
    if order.status != OrderStatus::PendingPayment.as_str() || order.pay_by <= now {
        return Err(AppError::Conflict(
            td_string!(locale, payments.not_payable).to_string(),
        ));
    }
    let payment_no = format!("pay_{}", &crate::auth::token::new_token().0[..24]);
    let provider = &state.payments;
    PaymentRepo(&state.db)
        .open(order.id, provider.name(), &payment_no, order.total, now)
        .await?;
    let url = provider
        .start(PaymentRequest {
            payment_no: &payment_no,
            order_no: &order.order_no,
            amount: order.total,
        })
        .await
        .map_err(|err| {
            tracing::warn!(error = %err, "cannot start a payment");
            AppError::Unavailable
        })?;
    // The provider's page may be on another site: no `local_path` check.
    if crate::navigation::is_plain_form() {
        leptos_axum::redirect(&url);
    }
    Ok(url)
}

/// The attempt as the sandbox's hosted page shows it. Its number is a
/// 96-bit secret, as a real provider's checkout session id is.
#[server(prefix = "/api", endpoint = "payments/sandbox/get", input = server_fn::codec::GetUrl)]
pub async fn get_sandbox_payment(payment_no: String) -> Result<SandboxPayment, AppError> {
    let state = AppState::from_context()?;
    if state.sandbox.is_none() {
        return Err(AppError::NotFound);
    }
    let attempt = PaymentRepo(&state.db)
        .find(super::sandbox::SandboxProvider::NAME, &payment_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let order = order::Entity::find_by_id(attempt.order_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(SandboxPayment {
        status: PaymentStatus::parse(&attempt.status).ok_or(AppError::Internal)?,
        payment_no: attempt.payment_no,
        order_no: order.order_no,
        amount: attempt.amount,
        store: state.settings.current().name,
    })
}

/// The payer's choice on the sandbox page: the sandbox signs a notice and
/// delivers it to the shop. Answers the order number.
#[server(prefix = "/api", endpoint = "payments/sandbox/choose")]
pub async fn sandbox_choose(payment_no: String, succeed: bool) -> Result<String, AppError> {
    let state = AppState::from_context()?;
    let locale = request_locale();
    let sandbox = state.sandbox.as_ref().ok_or(AppError::NotFound)?;
    let payment = get_sandbox_payment(payment_no).await?;
    let now = chrono::Utc::now();
    let outcome = if succeed {
        Outcome::Succeeded
    } else {
        Outcome::Failed
    };
    let (body, signature) = sandbox.notice(
        &payment.payment_no,
        &payment.order_no,
        payment.amount,
        outcome,
        now,
    );
    let mut headers = http::HeaderMap::new();
    headers.insert(
        super::signature::HEADER,
        signature.parse().map_err(|_| AppError::Internal)?,
    );
    match super::settle::handle_callback(&state.db, sandbox.as_ref(), &headers, &body, now).await {
        Ok(Settled::Paid | Settled::Failed | Settled::Refunded) => {}
        Ok(Settled::AlreadySettled) => {
            return Err(AppError::Conflict(
                td_string!(locale, payments.already_settled).to_string(),
            ));
        }
        Err(SettleError::Database(err)) => return Err(err.into()),
        Err(err) => {
            tracing::warn!(error = %err, "the sandbox notice was refused");
            return Err(AppError::Internal);
        }
    }
    crate::navigation::redirect_plain_form(&format!("/account/orders/{}", payment.order_no));
    Ok(payment.order_no)
}
