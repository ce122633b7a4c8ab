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
    /// Changes the router refused after every retry (see `last_error`); tried again hourly.
    pub failed: u64,
    /// Changes written by a newer tikbill that this version cannot apply; a version that knows
    /// them applies them.
    #[serde(default)]
    pub parked: u64,
    /// Why the last attempt failed, in words a person can act on.
    pub last_error: Option<String>,
    /// When the next attempt is due (RFC 3339, UTC), if changes are waiting.
    pub next_attempt_at: Option<String>,
}

/// Whose router changes: one router's, or one customer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobScope {
    Router(RouterId),
    Customer(CustomerId),
}

/// A change a router refused six times ("failed for good"): tikbill still tries it every hour,
/// and a Retry tries it at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedRouterJob {
    pub id: i64,
    pub router_id: RouterId,
    pub router_name: String,
    /// The customer it is for, if any (a profile's change has none).
    pub customer_id: Option<CustomerId>,
    /// What it changes, in words: `hotspot user`, `PPPoE secret`, `hotspot user profile`, …
    pub kind: String,
    /// The user or profile name on the router.
    pub name: String,
    /// Attempts the router refused so far.
    pub attempts: u32,
    /// The router's words the last time.
    pub last_error: String,
    /// When it failed for good (RFC 3339, UTC).
    pub failed_at: String,
    /// When it is tried again (RFC 3339, UTC).
    pub next_attempt_at: String,
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
    /// This customer's changes the router refused for good (retried hourly; "Retry" now).
    #[serde(default)]
    pub failed: Vec<FailedRouterJob>,
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

/// A sync of one router or of every router: a report for each router that answered, and why
/// each of the others could not be compared or fixed. `problem` says whether it fell short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRun {
    /// By router name.
    pub reports: Vec<SyncReport>,
    /// Routers that could not be compared or fixed, by router name.
    pub failures: Vec<SyncFailureView>,
    /// What fell short, in one sentence (routers that failed, differences that could not be
    /// fixed); `None` when everything was compared and, unless a dry run, fixed.
    pub problem: Option<String>,
}

/// A router a sync could not compare or fix, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncFailureView {
    pub router_id: RouterId,
    pub router_name: String,
    pub message: String,
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
    /// The app locks (back to the sign-in screen, keeping what was on it) after this many
    /// minutes without use; 1 to 480, default 15.
    #[serde(default = "default_idle_lock_minutes")]
    pub idle_lock_minutes: u32,
}

/// The idle lock until the office chooses another.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;

fn default_idle_lock_minutes() -> u32 {
    DEFAULT_IDLE_LOCK_MINUTES
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
