//! The order back office's server functions (`/api/admin/orders…`,
//! permission `orders`). Each action moves the order through the state
//! machine in one transaction with its audit record.

use leptos::prelude::*;

use super::model::{AdminOrderDetail, AdminOrderPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::model::{OrderFilter, PaymentRow, Shipment, ShipmentError},
    super::repo::AdminOrderRepo,
    crate::audit::repo::{AuditEntry, AuditRepo},
    crate::auth::permission::Permission,
    crate::auth::request::require_staff,
    crate::auth::viewer::StaffIdentity,
    crate::i18n::td_string,
    crate::locale::request_locale,
    crate::navigation::redirect_plain_form,
    crate::orders::repo::{OrderRepo, TransitionError},
    crate::orders::status::OrderEvent,
    crate::state::AppState,
};

#[server(prefix = "/api", endpoint = "admin/orders", input = server_fn::codec::GetUrl)]
pub async fn find_admin_orders(
    status: String,
    from: String,
    to: String,
    order_no: String,
    email: String,
    page: u32,
) -> Result<AdminOrderPage, AppError> {
    require_staff(Permission::Orders)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let filter = OrderFilter::parse(&status, &from, &to, &order_no, &email).map_err(|_| {
        AppError::BadRequest(td_string!(locale, orders_admin.bad_dates).to_string())
    })?;
    Ok(AdminOrderRepo(&state.db)
        .search(&filter, u64::from(page))
        .await?)
}

#[server(prefix = "/api", endpoint = "admin/orders/get", input = server_fn::codec::GetUrl)]
pub async fn get_admin_order(order_no: String) -> Result<AdminOrderDetail, AppError> {
    require_staff(Permission::Orders)?;
    let state = AppState::from_context()?;
    let repo = AdminOrderRepo(&state.db);
    let order = repo.by_number(&order_no).await?.ok_or(AppError::NotFound)?;
    let member_id = order.member_id;
    let payments = crate::payments::repo::PaymentRepo(&state.db)
        .of_order(order.id)
        .await?
        .into_iter()
        .map(|p| PaymentRow {
            payment_no: p.payment_no,
            provider: p.provider,
            amount: p.amount,
            status: p.status,
            at: p.updated_at.to_rfc3339(),
        })
        .collect();
    Ok(AdminOrderDetail {
        member_email: repo.email_of(member_id).await?,
        member_id,
        order: crate::orders::api::order_view(&state.db, order).await?,
        payments,
    })
}

/// Hands a paid order to a carrier.
#[server(prefix = "/api", endpoint = "admin/orders/ship")]
pub async fn ship_order(
    order_no: String,
    carrier: String,
    tracking_no: String,
) -> Result<(), AppError> {
    let me = require_staff(Permission::Orders)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let shipment = Shipment::parse(&carrier, &tracking_no).map_err(|err| {
        AppError::BadRequest(match err {
            ShipmentError::Carrier => td_string!(locale, orders_admin.carrier_needed).to_string(),
            ShipmentError::TrackingNo => {
                td_string!(locale, orders_admin.tracking_needed).to_string()
            }
        })
    })?;
    let tx = crate::db::begin_write(&state.db).await?;
    let order = AdminOrderRepo(&tx)
        .by_number(&order_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let shipped = OrderRepo(&tx)
        .ship(
            order.id,
            &shipment.carrier,
            &shipment.tracking_no,
            &actor(&me),
            chrono::Utc::now(),
        )
        .await;
    refuse_illegal(
        shipped,
        td_string!(locale, orders_admin.cannot_ship).to_string(),
    )?;
    audit(
        &tx,
        &me,
        "order.ship",
        &order_no,
        format!("{} {}", shipment.carrier, shipment.tracking_no),
    )
    .await?;
    tx.commit().await?;
    redirect_plain_form(&format!("/admin/orders/{order_no}"));
    Ok(())
}

/// Cancels an unpaid order for the member (they asked by phone, the
/// address is undeliverable); its stock returns.
#[server(prefix = "/api", endpoint = "admin/orders/cancel")]
pub async fn staff_cancel_order(order_no: String, reason: String) -> Result<(), AppError> {
    let me = require_staff(Permission::Orders)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let reason = reason_text(&reason, locale)?;
    let tx = crate::db::begin_write(&state.db).await?;
    let order = AdminOrderRepo(&tx)
        .by_number(&order_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let cancelled = OrderRepo(&tx)
        .transition(
            order.id,
            OrderEvent::Cancel,
            &actor(&me),
            &reason,
            chrono::Utc::now(),
        )
        .await;
    refuse_illegal(
        cancelled,
        td_string!(locale, orders.cannot_cancel).to_string(),
    )?;
    audit(&tx, &me, "order.cancel", &order_no, reason).await?;
    tx.commit().await?;
    state.catalog.invalidate();
    redirect_plain_form(&format!("/admin/orders/{order_no}"));
    Ok(())
}

/// Decides a refund request. Approving asks the provider for the money
/// back; the order becomes refunded (and its stock returns) once the
/// provider confirms, which for the sandbox is at once. Declining puts
/// the order back on its way.
#[server(prefix = "/api", endpoint = "admin/orders/refund")]
pub async fn decide_refund(order_no: String, approve: bool, note: String) -> Result<(), AppError> {
    use crate::orders::entity::order;
    use crate::orders::status::OrderStatus;
    use crate::payments::model::PaymentStatus;
    use crate::payments::repo::PaymentRepo;

    let me = require_staff(Permission::Orders)?;
    let state = AppState::from_context()?;
    let locale = request_locale();
    let note = reason_text(&note, locale)?;
    let now = chrono::Utc::now();
    let tx = crate::db::begin_write(&state.db).await?;
    let found: Option<order::Model> = AdminOrderRepo(&tx).by_number(&order_no).await?;
    let order = found.ok_or(AppError::NotFound)?;
    let refused =
        || AppError::Conflict(td_string!(locale, orders_admin.no_refund_asked).to_string());
    if order.status != OrderStatus::RefundRequested.as_str() {
        return Err(refused());
    }
    let mut owed = None;
    if approve {
        // The payment that paid the order; marking it is conditional, so
        // two staff approving at once refund it once.
        let paid = PaymentRepo(&tx)
            .of_order(order.id)
            .await?
            .into_iter()
            .find(|p| p.status == PaymentStatus::Succeeded.as_str())
            .ok_or(AppError::Internal)?;
        if !PaymentRepo(&tx)
            .mark(
                paid.id,
                PaymentStatus::Succeeded,
                PaymentStatus::Refunding,
                now,
            )
            .await?
        {
            return Err(refused());
        }
        owed = Some(paid);
    } else {
        let rejected = OrderRepo(&tx)
            .transition(order.id, OrderEvent::RejectRefund, &actor(&me), &note, now)
            .await;
        refuse_illegal(
            rejected,
            td_string!(locale, orders_admin.no_refund_asked).to_string(),
        )?;
    }
    audit(
        &tx,
        &me,
        if approve {
            "order.refund.approve"
        } else {
            "order.refund.reject"
        },
        &order_no,
        note,
    )
    .await?;
    tx.commit().await?;
    if let Some(mut paid) = owed {
        paid.status = PaymentStatus::Refunding.as_str().to_owned();
        // A provider that does not answer now is asked again by the order
        // jobs; the order shows "refund requested" until it confirms.
        if let Err(err) =
            crate::payments::settle::refund(&state.db, state.payments.as_ref(), &paid, now).await
        {
            tracing::warn!(order_no, error = %err, "refund not confirmed yet");
        }
        state.catalog.invalidate();
    }
    redirect_plain_form(&format!("/admin/orders/{order_no}"));
    Ok(())
}

#[cfg(feature = "ssr")]
fn actor(me: &StaffIdentity) -> String {
    format!("staff:{}", me.id)
}

/// A staff note: required, at most 200 characters.
#[cfg(feature = "ssr")]
fn reason_text(raw: &str, locale: crate::i18n::Locale) -> Result<String, AppError> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > 200 {
        return Err(AppError::BadRequest(
            td_string!(locale, orders_admin.reason_needed).to_string(),
        ));
    }
    Ok(text.to_owned())
}

#[cfg(feature = "ssr")]
fn refuse_illegal<T>(result: Result<T, TransitionError>, message: String) -> Result<T, AppError> {
    match result {
        Ok(value) => Ok(value),
        Err(TransitionError::Illegal(_)) => Err(AppError::Conflict(message)),
        Err(TransitionError::NotFound) => Err(AppError::NotFound),
        Err(TransitionError::Database(err)) => Err(err.into()),
    }
}

#[cfg(feature = "ssr")]
async fn audit(
    tx: &sea_orm::DatabaseTransaction,
    me: &StaffIdentity,
    action: &'static str,
    order_no: &str,
    summary: String,
) -> Result<(), AppError> {
    AuditRepo(tx)
        .record(AuditEntry::by_staff(me, action, "order", order_no, summary))
        .await?;
    Ok(())
}
