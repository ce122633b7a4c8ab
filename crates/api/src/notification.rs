//! The notification center's entries.

use serde::{Deserialize, Serialize};

/// One notification, as the person asking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    /// `info`, `warning` or `error`.
    pub level: String,
    /// What it is about: `router.offline`, `router.job_failed`, `report.daily`, …
    pub kind: String,
    pub title: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Whether the person asking has read it.
    pub read: bool,
}

/// Which optional alerts the office wants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertSettings {
    /// A notification for every payment received (money that cannot be applied is always told).
    pub payments_received: bool,
}
