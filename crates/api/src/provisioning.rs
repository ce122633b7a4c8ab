use serde::{Deserialize, Serialize};

use crate::{CustomerId, RouterId, RouterStatus};

/// A router's queue of changes not yet applied ("Router X offline: 14 changes waiting").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterQueueView {
    pub router_id: RouterId,
    pub router_name: String,
    pub status: RouterStatus,
    /// Changes saved in the database and not yet confirmed by the router.
    pub waiting: u64,
    /// Changes the router refused after every retry (see `last_error`).
    pub failed: u64,
    /// Why the last attempt failed, in words a person can act on.
    pub last_error: Option<String>,
    /// When the next attempt is due (RFC 3339, UTC), if changes are waiting.
    pub next_attempt_at: Option<String>,
}

/// A customer's account as the router itself has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterAccountView {
    /// `/ip/hotspot/user` or `/ppp/secret`.
    pub menu: String,
    pub name: String,
    pub profile: Option<String>,
    pub disabled: bool,
    pub comment: Option<String>,
    /// The router's own expiry entry (scheduler), as "2026-11-30 14:00:00" in router time.
    pub expiry_entry: Option<String>,
    /// When that entry fires in real time (RFC 3339, UTC), reckoned by the router's clock as
    /// read now; the UI shows it in office time.
    #[serde(default)]
    pub expiry_fires_at: Option<String>,
}

/// A customer's session that is online now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveSessionView {
    pub address: Option<String>,
    pub mac_address: Option<String>,
    pub uptime_secs: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// A past (or current) session from the connection history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionHistoryView {
    pub started_at: String,
    pub ended_at: Option<String>,
    pub address: Option<String>,
    pub mac_address: Option<String>,
    pub uptime_secs: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// What the customer's page shows about the router side. The database part always comes; the
/// router part is `None` with `router_error` saying why when the router did not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRouterView {
    pub customer_id: CustomerId,
    /// `None` when the router has no such account (yet), or did not answer.
    pub account: Option<RouterAccountView>,
    pub session: Option<ActiveSessionView>,
    pub router_error: Option<String>,
    /// "The router's clock is 1 year 10 months behind." when it is off by more than 2 minutes.
    #[serde(default)]
    pub clock_warning: Option<String>,
    /// This customer's changes still waiting for the router.
    pub waiting_changes: u64,
    pub history: Vec<SessionHistoryView>,
}

/// One difference between the database and a router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncDifference {
    /// `user`, `secret`, `hotspot_profile`, `ppp_profile`, `expiry_entry`.
    pub kind: String,
    pub name: String,
    /// `missing_on_router`, `differs`, `only_on_router`.
    pub problem: String,
    /// What differs, in words ("disabled: router yes, tikbill no").
    pub detail: String,
    /// What applying does: `add`, `update`, `remove`, or `none` (left alone, e.g. a router
    /// user tikbill does not know: import it instead).
    pub action: String,
}

/// The outcome of comparing (and, unless a dry run, fixing) one router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub router_id: RouterId,
    pub router_name: String,
    pub dry_run: bool,
    pub differences: Vec<SyncDifference>,
    /// How many differences were fixed (0 on a dry run).
    pub applied: u64,
}

/// One refused row of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRefusal {
    /// 1-based line of the CSV file (the header is line 1), or the router's item name.
    pub row: String,
    pub username: String,
    pub reason: String,
}

/// The outcome of importing customers from a router or a CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: u64,
    /// Already a customer with this user name on this router: left as it is.
    pub skipped: u64,
    pub refused: Vec<ImportRefusal>,
    /// Profiles created because the router or the file named one tikbill did not have.
    pub profiles_created: Vec<String>,
    /// Columns of a CSV file that were not used (unknown, or a second column for the same
    /// thing), as the file's first line names them.
    #[serde(default)]
    pub ignored_columns: Vec<String>,
}

/// Office-wide settings the office can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSettings {
    /// IANA time zone name, e.g. `Africa/Nairobi`; plans of days, weeks and months end at the
    /// same wall-clock time in this zone.
    pub time_zone: String,
}

/// A CSV file of customers to import onto one router (columns: username, password, full name,
/// phone, email, profile, service type, expiry; each in its usual spellings, e.g. `login`,
/// `mobile`, `plan`, `expires_at`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvImportInput {
    pub router_id: Option<RouterId>,
    /// The file's whole text.
    pub csv: String,
}

/// One of the agent's scheduled jobs and when it last finished a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRunView {
    /// `health`, `expiry`, `provisioning`, …
    pub name: String,
    /// RFC 3339, UTC; `None` if it never ran.
    pub last_run: Option<String>,
}
