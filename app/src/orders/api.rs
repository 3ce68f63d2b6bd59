//! The member's side of orders, under `/api/orders/…`: one order with its
//! timeline, cancelling it while unpaid, confirming receipt and asking for
//! a refund (checkout is in [`super::checkout_api`]). Every function acts
//! for the logged-in member only and finds orders by number *and* owner,
//! so another member's number is a 404.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::pricing::PriceBreakdown;
use super::shipping::ShippingMethod;
use super::status::OrderStatus;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::repo::OrderRepo, crate::auth::request::require_member, crate::i18n::td_string,
    crate::locale::request_locale, crate::navigation::redirect_plain_form, crate::state::AppState,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub title: String,
    pub variant: String,
    pub image: Option<String>,
    pub unit_price: i64,
    pub quantity: i64,
    pub line_total: i64,
    /// The line's share of the order's discount.
    pub discount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub to: OrderStatus,
    /// `member:{id}`, `staff:{id}`, `payment:{provider}` or `system`.
    pub actor: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub order_no: String,
    pub status: OrderStatus,
    pub lines: Vec<OrderLineView>,
    pub breakdown: PriceBreakdown,
    pub recipient: String,
    pub phone: String,
    pub address: String,
    pub shipping_method: ShippingMethod,
    pub note: String,
    /// RFC 3339, UTC: when an unpaid order is cancelled.
    pub pay_by: String,
    /// Filled in when staff ship the order.
    pub carrier: String,
    pub tracking_no: String,
    /// The last attempt to pay failed: the page offers to try again.
    pub last_payment_failed: bool,
    pub timeline: Vec<TimelineStep>,
    /// The group buy this order holds a place in.
    pub group_id: Option<i64>,
}

/// One row of the member's order list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub order_no: String,
    pub status: OrderStatus,
    pub total: i64,
    /// RFC 3339, UTC.
    pub placed_at: String,
    /// "Lamp × 2, Mug × 1".
    pub items: String,
}

pub const ORDERS_PER_PAGE: u64 = 20;

/// The member's orders in one tab of the list (all when none is named),
/// newest first.
#[server(prefix = "/api", endpoint = "orders", input = server_fn::codec::GetUrl)]
pub async fn get_orders(tab: Option<String>, page: u32) -> Result<Vec<OrderSummary>, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    let tab = super::tabs::OrderTab::parse(tab.as_deref().unwrap_or_default());
    let rows = OrderRepo(&state.db)
        .list_own(member.id, tab.statuses(), u64::from(page), ORDERS_PER_PAGE)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(order, items)| {
            Some(OrderSummary {
                status: OrderStatus::parse(&order.status)?,
                order_no: order.order_no,
                total: order.total,
                placed_at: order.created_at.to_rfc3339(),
                items: items
                    .iter()
                    .map(|i| format!("{} × {}", i.title, i.quantity))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
        .collect())
}

#[server(prefix = "/api", endpoint = "orders/get", input = server_fn::codec::GetUrl)]
pub async fn get_order(order_no: String) -> Result<OrderView, AppError> {
    let member = require_member()?;
    let state = AppState::from_context()?;
    if !super::number::looks_like_order_number(&order_no) {
        return Err(AppError::NotFound);
    }
    let repo = OrderRepo(&state.db);
    let order = repo
        .find_own(member.id, &order_no)
        .await?
        .ok_or(AppError::NotFound)?;
    order_view(&state.db, order).await
}

/// Everything the order pages show about one order.
#[cfg(feature = "ssr")]
pub async fn order_view(
    db: &sea_orm::DatabaseConnection,
    order: super::entity::order::Model,
) -> Result<OrderView, AppError> {
    let repo = OrderRepo(db);
    let lines = repo
        .items(order.id)
        .await?
        .into_iter()
        .map(|item| OrderLineView {
            title: item.title,
            variant: item.variant,
            image: item.image,
            unit_price: item.unit_price,
            quantity: i64::from(item.quantity),
            line_total: item.line_total,
            discount: item.discount,
        })
        .collect();
    let last_payment_failed = crate::payments::repo::PaymentRepo(db)
        .of_order(order.id)
        .await?
        .last()
        .is_some_and(|p| p.status == crate::payments::model::PaymentStatus::Failed.as_str());
    let timeline = repo
        .timeline(order.id)
        .await?
        .into_iter()
        .filter_map(|step| {
            Some(TimelineStep {
                to: OrderStatus::parse(&step.to_status)?,
                actor: step.actor,
                at: step.at.to_rfc3339(),
                reason: step.reason,
            })
        })
        .collect();
    Ok(OrderView {
        status: OrderStatus::parse(&order.status).ok_or(AppError::Internal)?,
        order_no: order.order_no,
        lines,
        breakdown: PriceBreakdown {
            items: order.items_total,
            shipping: order.shipping_fee,
            discount: order.discount_total,
            total: order.total,
        },
        recipient: order.recipient,
        phone: order.phone,
        address: order.address,
        shipping_method: ShippingMethod::parse(&order.shipping_method).ok_or(AppError::Internal)?,
        note: order.note,
        pay_by: order.pay_by.to_rfc3339(),
        carrier: order.carrier,
        tracking_no: order.tracking_no,
        last_payment_failed,
        timeline,
        group_id: order.group_id,
    })
}

/// Cancels the member's unpaid order; its stock goes back on sale.
#[server(prefix = "/api", endpoint = "orders/cancel")]
pub async fn cancel_order(order_no: String) -> Result<(), AppError> {
    use super::status::OrderEvent;

    let locale = request_locale();
    act_on_own(
        &order_no,
        &[OrderEvent::Cancel],
        "cancelled by the member",
        td_string!(locale, orders.cannot_cancel).to_string(),
    )
    .await
}

/// The member got the parcel: the order is delivered and, with nothing
/// left to happen, completed (which earns its points).
#[server(prefix = "/api", endpoint = "orders/confirm")]
pub async fn confirm_receipt(order_no: String) -> Result<(), AppError> {
    use super::status::OrderEvent;

    let locale = request_locale();
    act_on_own(
        &order_no,
        &[OrderEvent::ConfirmReceipt, OrderEvent::Complete],
        "receipt confirmed by the member",
        td_string!(locale, orders.cannot_confirm).to_string(),
    )
    .await
}

/// The longest reason for a refund request.
pub const MAX_REFUND_REASON_CHARS: usize = 200;

/// Asks for the money back on a paid or shipped order; staff approve or
/// decline it.
#[server(prefix = "/api", endpoint = "orders/refund")]
pub async fn request_refund(order_no: String, reason: String) -> Result<(), AppError> {
    use super::status::OrderEvent;

    let locale = request_locale();
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REFUND_REASON_CHARS {
        return Err(AppError::BadRequest(
            td_string!(
                locale,
                orders.refund_reason_needed,
                max = MAX_REFUND_REASON_CHARS
            )
            .to_string(),
        ));
    }
    act_on_own(
        &order_no,
        &[OrderEvent::RequestRefund],
        reason,
        td_string!(locale, orders.cannot_refund).to_string(),
    )
    .await
}

/// Moves the member's own order through `events`, in one transaction, or
/// not at all; `refused` is the message when the order's status does not
/// allow it.
#[cfg(feature = "ssr")]
async fn act_on_own(
    order_no: &str,
    events: &[super::status::OrderEvent],
    reason: &str,
    refused: String,
) -> Result<(), AppError> {
    use super::repo::TransitionError;

    let member = require_member()?;
    let state = AppState::from_context()?;
    let tx = crate::db::begin_write(&state.db).await?;
    let repo = OrderRepo(&tx);
    let order = repo
        .find_own(member.id, order_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = format!("member:{}", member.id);
    let now = chrono::Utc::now();
    for event in events {
        match repo.transition(order.id, *event, &actor, reason, now).await {
            Ok(_) => {}
            Err(TransitionError::Illegal(_)) => return Err(AppError::Conflict(refused)),
            Err(TransitionError::NotFound) => return Err(AppError::NotFound),
            Err(TransitionError::Database(err)) => return Err(err.into()),
        }
    }
    tx.commit().await?;
    // Cancelling and refunding put stock back on sale.
    state.catalog.invalidate();
    redirect_plain_form(&format!("/account/orders/{order_no}"));
    Ok(())
}
