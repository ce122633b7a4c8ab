//! The audit log as the UI sees it: pages of entries, newest first, and its verdict on its own
//! hash chain.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::StaffId;

/// Which audit entries to show, and where the page starts. Every criterion narrows the list; the
/// default is the newest page of everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    /// Entries of this staff member.
    pub staff_id: Option<StaffId>,
    /// Entries about this kind of record, e.g. `customer`.
    pub entity_kind: Option<String>,
    /// Entries about the record with this id; needs `entity_kind` (an id alone names no record).
    pub entity_id: Option<i64>,
    /// The first day shown, `YYYY-MM-DD`, from its start (00:00 UTC). Empty for no bound.
    pub from: Option<String>,
    /// The last day shown, `YYYY-MM-DD`, to its end (UTC). Empty for no bound.
    pub to: Option<String>,
    /// The page's cursor: entries older than this id (the previous page's `next_before_id`);
    /// `None` for the newest entries.
    pub before_id: Option<i64>,
    /// Entries per page: `None` or 0 for [`AuditFilter::DEFAULT_LIMIT`], more than
    /// [`AuditFilter::MAX_LIMIT`] read as the maximum.
    pub limit: Option<u32>,
}

impl AuditFilter {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 500;
}

/// One audit entry as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    /// The entry's place in the log; newer entries have larger ids.
    pub id: i64,
    /// When, RFC 3339 in UTC (to the microsecond); the UI shows it in local time.
    pub at: String,
    /// The staff member who acted, when one did.
    pub staff_id: Option<StaffId>,
    /// Who, as a label: `staff:ayu`, `agent@host`, `cli`.
    pub actor: String,
    /// From where: `app on host X`, `agent`, `cli`.
    pub origin: String,
    /// What was done, e.g. `customer.extend`.
    pub action: String,
    /// The kind of record, e.g. `customer`.
    pub entity_kind: String,
    pub entity_id: Option<i64>,
    /// The record before the change as JSON text, secrets redacted; none for a creation.
    pub before: Option<String>,
    /// The record after the change as JSON text, secrets redacted; none for a deletion.
    pub after: Option<String>,
}

/// One page of audit entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    /// The next (older) page's `before_id`; `None` when this page holds the oldest matching
    /// entry.
    pub next_before_id: Option<i64>,
}

/// What a walk over the whole audit log found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ChainState {
    /// Every entry matches its contents and follows the one before it.
    Intact { entries: u64 },
    /// The first entry that does not fit; the entries before it are intact.
    Broken(ChainBreak),
}

/// The first entry of the audit log that does not fit, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    /// The entry's id (its place in the log).
    pub entry_id: i64,
    /// How many entries before it were intact.
    pub intact_before: u64,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The entry's hash does not match its contents: the entry was edited.
    Edited,
    /// The entry's `prev_hash` is not the previous entry's hash: an entry before it was deleted,
    /// or entries were reordered.
    PreviousMissing,
}

impl fmt::Display for ChainState {
    /// `2000 entries, chain intact`, or the first broken entry and why, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Intact { entries: 1 } => write!(f, "1 entry, chain intact"),
            Self::Intact { entries } => write!(f, "{entries} entries, chain intact"),
            Self::Broken(broken) => write!(f, "{broken}"),
        }
    }
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.entry_id;
        let before = self.intact_before;
        match self.reason {
            BreakReason::Edited => write!(
                f,
                "chain broken at entry {id}: its hash does not match its contents (the entry was \
                 edited); {before} entries before it are intact"
            ),
            BreakReason::PreviousMissing => write!(
                f,
                "chain broken at entry {id}: its prev_hash does not match the previous entry's \
                 hash (an entry before it was deleted, or entries were reordered); {before} \
                 entries before it are intact"
            ),
        }
    }
}
