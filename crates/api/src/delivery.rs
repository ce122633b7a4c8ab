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
