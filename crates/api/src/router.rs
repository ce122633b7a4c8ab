use serde::{Deserialize, Serialize};

pub type RouterId = i64;

/// A router as the user typed it in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterInput {
    pub name: String,
    /// Host name, LAN address or VPN address.
    pub host: String,
    /// Empty for the default (8728, or 8729 with TLS).
    pub port: String,
    pub use_tls: bool,
    pub username: String,
    /// The API user's password. `None` when editing means "keep the stored one".
    pub password: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouterStatus {
    /// Never checked yet.
    Unknown,
    Online,
    Offline,
}

impl RouterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Online => "online",
            Self::Offline => "offline",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "online" => Self::Online,
            "offline" => Self::Offline,
            _ => Self::Unknown,
        }
    }
}

/// A router as the UI shows it. Times are RFC 3339 in UTC; the UI shows them in local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterView {
    pub id: RouterId,
    pub name: String,
    pub host: String,
    pub port: u16,
    pub use_tls: bool,
    pub username: String,
    /// SHA-256 of the router's certificate, pinned on first TLS use.
    pub tls_fingerprint: Option<String>,
    pub status: RouterStatus,
    pub last_seen_at: Option<String>,
    pub last_checked_at: Option<String>,
    pub latency_ms: Option<u32>,
    pub identity: Option<String>,
    pub routeros_version: Option<String>,
    pub uptime_secs: Option<u64>,
    pub cpu_load: Option<u32>,
    pub free_memory: Option<u64>,
    pub total_memory: Option<u64>,
    /// Why the last check failed, in words a person can act on.
    pub last_error: Option<String>,
    pub customer_count: u64,
    /// Something about how the router is reached that puts passwords at risk (e.g. plain API
    /// over a public address), in words a person can act on.
    #[serde(default)]
    pub warning: Option<String>,
    /// Where its hotspot login page is (`10.5.50.1`), for the auto-login QR code on vouchers.
    #[serde(default)]
    pub hotspot_address: Option<String>,
}

/// What a successful connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterReport {
    pub identity: String,
    pub routeros_version: String,
    pub board_name: String,
    pub uptime_secs: u64,
    pub cpu_load: u32,
    pub free_memory: u64,
    pub total_memory: u64,
    pub latency_ms: u32,
}

/// The outcome of checking one router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterCheck {
    pub router_id: RouterId,
    pub name: String,
    /// The report when the router answered; otherwise `error` says why not.
    pub report: Option<RouterReport>,
    pub error: Option<String>,
    /// Set when the router presented another certificate than the one pinned: the UI asks
    /// whether to trust the new one.
    #[serde(default)]
    pub certificate_change: Option<crate::CertificateChange>,
}

/// One API interaction with a router, as the router log shows it (never a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterLogView {
    pub id: i64,
    pub router_id: RouterId,
    pub command: String,
    pub duration_ms: u32,
    /// `ok`, `timeout`, `unreachable`, `refused`, `bad_credentials`, `trap`, …
    pub outcome: String,
    pub message: Option<String>,
    pub created_at: String,
}

/// What "Test" on the router form found for a router not saved yet. When the form said neither
/// a port nor api-ssl, api-ssl was tried first: `use_tls` and `port` are what answered (or was
/// tried last), for the form to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterTrial {
    pub use_tls: bool,
    pub port: u16,
    /// The report when the router answered; otherwise `error` says why not.
    pub report: Option<RouterReport>,
    pub error: Option<String>,
    /// The certificate seen over api-ssl (pinned when the router is saved and first reached).
    pub tls_fingerprint: Option<String>,
    /// Which way of reaching the router worked and why that matters (encryption).
    pub note: String,
    /// As [`RouterView::warning`]: plain API over a public address.
    pub warning: Option<String>,
}
