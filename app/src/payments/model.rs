use serde::{Deserialize, Serialize};

/// Where one attempt to pay stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentStatus {
    /// The payer was sent to the provider; no notice yet.
    Pending,
    Succeeded,
    Failed,
    /// The money is owed back and the provider has not confirmed it yet.
    Refunding,
    Refunded,
}

impl PaymentStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Succeeded,
        Self::Failed,
        Self::Refunding,
        Self::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Refunding => "refunding",
            Self::Refunded => "refunded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What the payer chose on the provider's page, and what its notice says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
}

/// A provider's word about one attempt, once its signature checked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub payment_no: String,
    pub order_no: String,
    /// In minor units: must be what the order asks, or the notice is refused.
    pub amount: i64,
    pub outcome: Outcome,
}

/// What the sandbox's hosted page shows the payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxPayment {
    pub payment_no: String,
    pub order_no: String,
    pub amount: i64,
    pub store: String,
    pub status: PaymentStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_text() {
        for status in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(PaymentStatus::parse("paid"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_notice_reads_as_plain_json() {
        let notice: Notice = serde_json::from_str(
            r#"{"payment_no":"p1","order_no":"o1","amount":1234,"outcome":"succeeded"}"#,
        )
        .unwrap();
        assert_eq!(notice.outcome, Outcome::Succeeded);
        assert_eq!(notice.amount, 1234);
    }
}
