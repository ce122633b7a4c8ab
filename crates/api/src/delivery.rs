//! Gateway deliveries: what payment gateways sent to the relay, as staff see them and as a
//! desktop pulls them from a relay on another server.

use serde::{Deserialize, Serialize};

/// A delivery as a relay hands it to the desktop that pulls it (`GET /deliveries?after=`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledDelivery {
    /// The relay's own id: the cursor.
    pub id: i64,
    pub hook: String,
    pub gateway: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    pub remote_addr: String,
    pub headers: Vec<(String, String)>,
    /// The exact body bytes, base64 (standard alphabet, padded).
    pub body_base64: String,
}

/// One page of pulled deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PulledPage {
    pub deliveries: Vec<PulledDelivery>,
    /// Ask again with `after` = this (the last id given, or the same cursor when none).
    pub next_after: i64,
}

/// Where processing left a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    /// Stored, not processed yet.
    Stored,
    /// Processed: it made or changed a payment, or resolved a push.
    Processed,
    /// Refused: malformed, a signature that does not hold, a push we never sent, a replay.
    Rejected,
    /// Genuine but nothing to do (an event type tikbill does not act on, a C2B question).
    Ignored,
    /// To be tried again (the gateway's API did not answer, its settings are missing).
    Waiting,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 5] = [
        Self::Stored,
        Self::Processed,
        Self::Rejected,
        Self::Ignored,
        Self::Waiting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stored => "stored",
            Self::Processed => "processed",
            Self::Rejected => "rejected",
            Self::Ignored => "ignored",
            Self::Waiting => "waiting",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A delivery as the payments page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub id: i64,
    /// The path it came to: `stk`, `c2b/confirmation`, `paystack`, …
    pub hook: String,
    pub gateway: String,
    /// RFC 3339.
    pub received_at: String,
    pub remote_addr: String,
    pub state: DeliveryState,
    /// Processing's verdict in plain words.
    pub verdict: Option<String>,
    pub payment_id: Option<i64>,
    pub processed_at: Option<String>,
    pub attempts: i32,
    /// Where it was pulled from, for a relay on another server.
    pub source: Option<String>,
    pub body_bytes: usize,
}

/// One delivery with what it carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDetail {
    pub delivery: DeliveryView,
    pub headers: Vec<(String, String)>,
    /// The body as text (bytes that are not UTF-8 shown as �).
    pub body_text: String,
}

/// Which deliveries to list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryFilter {
    #[serde(default)]
    pub state: Option<DeliveryState>,
    #[serde(default)]
    pub gateway: Option<String>,
    /// Older than this id (the next page).
    #[serde(default)]
    pub before_id: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPage {
    pub deliveries: Vec<DeliveryView>,
    pub next_before_id: Option<i64>,
}

/// Where the payment relay is reached and served.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelaySettings {
    /// What gateways call: `https://pay.example.net` (STK pushes' callback URLs start with it).
    pub public_url: Option<String>,
    /// Where the agent sidecar serves the relay on this computer (`0.0.0.0:8080`); none: it
    /// does not.
    pub listen: Option<String>,
    /// A relay on another server this desktop pulls deliveries from.
    pub pull_from: Option<String>,
    /// The gateways set up on this computer (`tikbill-agent gateways set NAME`).
    #[serde(default)]
    pub gateways: Vec<String>,
}
