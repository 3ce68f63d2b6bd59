//! The built-in sandbox provider: the shop's own stand-in for a hosted
//! payment page, so checkout can be tried, demonstrated and tested with
//! no outside service.
//!
//! It behaves as a real provider does: the payer is sent to its page
//! (`/pay/{order_no}?payment=…`), chooses to succeed or fail, and the
//! provider sends the shop a notice signed with the shared secret. As it
//! runs inside the shop's process, it hands the signed notice to the same
//! function the `/api/pay/sandbox` endpoint calls instead of making an
//! HTTP request to itself.

use chrono::{DateTime, Utc};
use http::HeaderMap;

use super::model::{Notice, Outcome};
use super::provider::{CallbackError, PaymentProvider, PaymentRequest, ProviderError};
use super::signature::{self, SignatureError, SigningKey};

pub struct SandboxProvider {
    key: SigningKey,
}

impl SandboxProvider {
    pub const NAME: &'static str = "sandbox";

    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, SignatureError> {
        Ok(Self {
            key: SigningKey::new(secret.as_ref())?,
        })
    }

    /// The body and signature header of the notice the sandbox sends when
    /// the payer chose `outcome`.
    pub fn notice(
        &self,
        payment_no: &str,
        order_no: &str,
        amount: i64,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> (Vec<u8>, String) {
        let notice = Notice {
            payment_no: payment_no.to_owned(),
            order_no: order_no.to_owned(),
            amount,
            outcome,
        };
        let body = serde_json::to_vec(&notice).unwrap_or_default();
        let header = signature::sign(&self.key, at, &body);
        (body, header)
    }
}

#[async_trait::async_trait]
impl PaymentProvider for SandboxProvider {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    async fn start(&self, request: PaymentRequest<'_>) -> Result<String, ProviderError> {
        Ok(format!(
            "/pay/{}?payment={}",
            request.order_no, request.payment_no
        ))
    }

    fn verify(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Notice, CallbackError> {
        let header = headers
            .get(signature::HEADER)
            .and_then(|v| v.to_str().ok())
            .ok_or(SignatureError::Malformed)?;
        signature::verify(&self.key, header, body, now)?;
        serde_json::from_slice(body).map_err(|err| CallbackError::Unreadable(err.to_string()))
    }

    async fn refund(&self, payment_no: &str, amount: i64) -> Result<(), ProviderError> {
        tracing::info!(payment_no, amount, "sandbox refund");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(signature::HEADER, signature.parse().unwrap());
        headers
    }

    #[test]
    fn its_own_notices_verify() {
        let sandbox = SandboxProvider::new("secret").unwrap();
        let now = Utc::now();
        let (body, header) = sandbox.notice("p1", "o1", 990, Outcome::Failed, now);
        let notice = sandbox.verify(&headers(&header), &body, now).unwrap();
        assert_eq!(notice.order_no, "o1");
        assert_eq!(notice.outcome, Outcome::Failed);
    }

    #[test]
    fn another_secret_or_no_header_is_refused() {
        let now = Utc::now();
        let (body, header) =
            SandboxProvider::new("one")
                .unwrap()
                .notice("p", "o", 1, Outcome::Succeeded, now);
        let other = SandboxProvider::new("two").unwrap();
        assert!(other.verify(&headers(&header), &body, now).is_err());
        assert!(other.verify(&HeaderMap::new(), &body, now).is_err());
    }
}
