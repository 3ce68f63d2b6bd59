//! What the shop needs from a payment provider. The sandbox implements it
//! here; a real provider (Alipay, WeChat Pay, Stripe) is one more
//! implementation, chosen at start.

use chrono::{DateTime, Utc};
use http::HeaderMap;

use super::model::Notice;
use super::signature::SignatureError;

/// One attempt to pay, as the provider is told of it.
#[derive(Debug, Clone, Copy)]
pub struct PaymentRequest<'a> {
    pub payment_no: &'a str,
    pub order_no: &'a str,
    pub amount: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("the payment provider refused: {0}")]
    Refused(String),
    #[error("the payment provider cannot be reached: {0}")]
    Unreachable(String),
}

#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error("the notice is not what this provider sends: {0}")]
    Unreadable(String),
}

#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    /// Its name in `payments.provider` and in the callback path
    /// `/api/pay/{name}`.
    fn name(&self) -> &'static str;

    /// Opens the attempt with the provider; answers where to send the payer.
    async fn start(&self, request: PaymentRequest<'_>) -> Result<String, ProviderError>;

    /// Reads a callback, refusing it unless the provider signed it.
    fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Notice, CallbackError>;

    /// Gives the whole payment back. Providers take `payment_no` as the
    /// refund's idempotency key, so a retry never refunds twice.
    async fn refund(&self, payment_no: &str, amount: i64) -> Result<(), ProviderError>;
}
