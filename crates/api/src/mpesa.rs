//! M-Pesa STK pushes: "Request M-Pesa payment" on a customer.

use serde::{Deserialize, Serialize};

use crate::{CustomerId, PaymentId};

/// Ask a customer's phone for a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MpesaPushInput {
    pub customer_id: CustomerId,
    /// How many periods of the customer's plan (1 or more).
    #[serde(default = "one")]
    pub periods: u32,
    /// `None`: the customer's phone. Any Kenyan spelling: 0712…, +254712…, 254712….
    #[serde(default)]
    pub phone: Option<String>,
}

fn one() -> u32 {
    1
}

/// Where a push stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PushState {
    /// Being sent to Daraja.
    Sending,
    /// Daraja accepted it; waiting for the customer (the callback, or the query).
    Pending,
    Paid,
    /// Cancelled, timed out, wrong PIN, …: `result` says which.
    Failed,
    /// Nobody answered for 24 hours.
    Expired,
    /// Daraja refused the request itself.
    Refused,
}

impl PushState {
    pub const ALL: [PushState; 6] = [
        Self::Sending,
        Self::Pending,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A push as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MpesaPushView {
    pub id: i64,
    pub customer_id: CustomerId,
    /// 2547XXXXXXXX.
    pub phone: String,
    /// Whole shillings, as text: "500".
    pub amount: String,
    pub currency: String,
    pub periods: u32,
    pub state: PushState,
    pub checkout_request_id: Option<String>,
    /// Daraja's words for the customer, or its result ("1032 Request cancelled by user").
    pub result: Option<String>,
    /// The M-Pesa receipt number, once paid.
    pub receipt: Option<String>,
    pub payment_id: Option<PaymentId>,
    /// RFC 3339.
    pub created_at: String,
}
