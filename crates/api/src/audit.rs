//! The audit log's verdict on its own hash chain.

use std::fmt;

use serde::{Deserialize, Serialize};

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
