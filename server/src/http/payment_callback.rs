//! `POST /api/pay/{provider}`: where a payment provider sends its signed
//! notices. The answer tells the provider whether to send it again: 2xx
//! for applied (or applied before), 4xx for a notice that will never be
//! accepted, 5xx for "try again later".

use app::payments::settle::{SettleError, Settled, handle_callback};
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode};

pub async fn receive(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if provider != state.payments.name() {
        return (StatusCode::NOT_FOUND, "no such payment provider").into_response();
    }
    let now = chrono::Utc::now();
    match handle_callback(&state.db, state.payments.as_ref(), &headers, &body, now).await {
        Ok(settled) => {
            if settled == Settled::Paid {
                metrics::counter!("shop_payments_total", "outcome" => "paid").increment(1);
            }
            (StatusCode::OK, "ok").into_response()
        }
        Err(SettleError::Callback(err)) => {
            tracing::warn!(error = %err, "refused a payment notice");
            (StatusCode::UNAUTHORIZED, "bad signature").into_response()
        }
        Err(SettleError::UnknownPayment) => {
            (StatusCode::NOT_FOUND, "no such payment").into_response()
        }
        Err(SettleError::WrongAmount) => {
            tracing::warn!("refused a payment notice with the wrong amount");
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "amount does not match the order",
            )
                .into_response()
        }
        Err(err @ (SettleError::Provider(_) | SettleError::Database(_))) => {
            tracing::error!(error = %err, "cannot apply a payment notice");
            (StatusCode::SERVICE_UNAVAILABLE, "try again later").into_response()
        }
    }
}
