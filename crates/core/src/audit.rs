//! The audit log: who changed what, when and from where, as a tamper-evident hash chain in the
//! `activity_log` table.
//!
//! Each entry stores the hash of the entry before it (`prev_hash`) and its own `hash`, the
//! SHA-256 of that previous hash and the entry's canonical bytes (`canonical.rs` documents the
//! encoding). Editing an entry's stored fields makes its hash wrong; deleting or reordering
//! entries makes the next entry's `prev_hash` wrong; [`verify`] finds the first of either.
//! Deleting the newest entries leaves no trace in the chain itself: that needs the chain's head
//! kept elsewhere (a later slice).
//!
//! An entry is written by [`record`] in the caller's transaction, so it is saved together with
//! the change it describes, or not at all. Writers take turns at the chain's head: on PostgreSQL
//! under a transaction-level advisory lock ([`CHAIN_LOCK`]), held until the caller's transaction
//! ends; on SQLite a write transaction (`db::begin_write`, `BEGIN IMMEDIATE`) already holds the
//! database's one write lock. Values under secret keys in the before and after JSON are
//! replaced before anything is stored ([`redact`]).
//!
//! Invariant: the log's id order is its time order. [`record`] stores an entry's time (to the
//! microsecond) or, when that is before the previous entry's, the previous entry's time: an
//! entry written on a machine whose clock is behind another office's takes the time of the entry
//! before it, so `created_at` never goes back as the ids go up. The time stored is the one hashed
//! (and [`verify`] recomputes from the stored row). So the entries of a range of days are
//! exactly a range of ids, which is how the audit page reads them.
//!
//! # What is recorded
//!
//! Every service that changes the office's records records its entry in the transaction of the
//! change, last, just before the commit: both are saved, or neither. The action is
//! `<kind>.<verb>`, the entity the record changed, before and after its view as the service
//! returns it (`CustomerView`, `ProfileView`, `RouterView`, `StaffView`, `OfficeSettings`):
//!
//! - `profile.create` / `.update` / `.delete`;
//! - `router.create` / `.update` / `.delete`, `router.trust_certificate` (before and after: the
//!   pinned fingerprint), `router.sync` (a sync that fixes something: its counts),
//!   `router.retry_failed` (the number of changes tried again; the entity is the router, or
//!   the customer when their changes were retried);
//! - `customer.create` / `.update` / `.delete` / `.activate` (one per customer of a bulk
//!   activation, in its one transaction) / `.extend` / `.disable` / `.enable` / `.kick` (no
//!   before or after: the account is as it was) / `.expire` (the agent expiring customers whose
//!   plan ran out, one per customer);
//! - `payment.record` (after only), `.apply`, `.reverse` (before and after: the `PaymentView`),
//!   with `customer.extend` for the time an apply buys and `customer.take_back` for the time a
//!   reversal removes, in the payment's transaction;
//! - `import.csv` / `import.router`: one per import that imported someone, its report's counts;
//! - `settings.office` (the office time zone and idle lock; the time zone the app sets at its
//!   first start too);
//! - `settings.sms` (expiry reminders by SMS: `SmsSettings`, its secrets only as set or not);
//! - `staff.create_owner`, `.add`, `.set_role`, `.disable`, `.enable`, `.reset_password`,
//!   `.change_own_password`, `.sign_in` (by the account that signed in), `.sign_in_failed`
//!   (a wrong password, with the wrong-password count in the same transaction, or an unknown
//!   name: no entity then, the typed name in `after`), `.sign_in_refused` (an account that
//!   waits after too many wrong passwords, or is disabled), `.change_own_password_failed` /
//!   `_refused` (the same for the current password given to change one's own), `.sign_out`.
//!   `StaffView` has no password or hash.
//!
//! A password that was set is shown only as set ([`AuditEntry::secret_set`]). Background work
//! is not recorded: the router worker applying jobs, health checks, connection history, the
//! agent's job times, a certificate pinned at its first use, notifications.
//!
//! The audit page reads the log through [`page()`] and [`export_csv`] (`page.rs`): newest first,
//! by person, kind of record, one record and days, fast at a million entries.

mod canonical;
mod page;
mod redact;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, Statement,
};
use serde_json::Value;
use tikbill_api::{BreakReason, ChainBreak, ChainState, StaffId};

use crate::entity::activity_log;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

pub use canonical::GENESIS;
pub use page::{export_csv, page, CSV_COLUMNS};
pub use redact::{redact, REDACTED, SECRET_KEYS};

/// The PostgreSQL advisory lock (transaction level) that serializes writers at the chain's head.
/// The bytes spell `tikbaudt`.
pub const CHAIN_LOCK: i64 = 0x7469_6b62_6175_6474;

/// How many entries [`verify`] reads at a time.
const PAGE: u64 = 1000;

/// One change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// When (the context's clock); stored in UTC to the microsecond, or as the previous entry's
    /// time when that is later (see the module's doc comment).
    pub at: DateTime<Utc>,
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
    /// The record before the change (none for a creation); secrets are redacted.
    pub before: Option<Value>,
    /// The record after the change (none for a deletion); secrets are redacted.
    pub after: Option<Value>,
}

impl AuditEntry {
    /// An entry for `action` on `entity_kind` #`entity_id`, by the context's actor, from its
    /// origin, at its clock's now; no before or after yet.
    pub fn by(ctx: &Context, action: &str, entity_kind: &str, entity_id: Option<i64>) -> Self {
        Self {
            at: ctx.now(),
            staff_id: ctx.actor().staff_id(),
            actor: ctx.actor().label(),
            origin: ctx.origin().to_string(),
            action: action.to_string(),
            entity_kind: entity_kind.to_string(),
            entity_id,
            before: None,
            after: None,
        }
    }

    /// The record before the change, as its view serializes (secrets are redacted on record).
    pub fn before(mut self, record: &impl serde::Serialize) -> Self {
        self.before = serde_json::to_value(record).ok();
        self
    }

    /// The record after the change.
    pub fn after(mut self, record: &impl serde::Serialize) -> Self {
        self.after = serde_json::to_value(record).ok();
        self
    }

    /// Marks in the after JSON that a secret under `key` (`password`) was set by the change,
    /// without its value: it reads [`REDACTED`].
    pub fn secret_set(mut self, key: &str) -> Self {
        if let Some(Value::Object(map)) = &mut self.after {
            map.insert(key.to_string(), Value::String(REDACTED.into()));
        }
        self
    }
}

/// Appends `entry` to the chain in the caller's transaction `txn` (on SQLite one begun with
/// `db::begin_write`). The entry is saved when the caller commits, and vanishes with a rollback.
/// `txn` must be a transaction: on PostgreSQL the head's lock lasts until it ends, so other
/// writers of the log wait for it; record last, just before committing. The entry's time is the
/// later of `entry.at` and the previous entry's (the log's id order is its time order).
pub async fn record(txn: &impl ConnectionTrait, entry: AuditEntry) -> CoreResult<()> {
    record_all(txn, vec![entry]).await
}

/// Appends `entries`, in their order, as [`record`] appends one: one turn at the chain's head,
/// one read of it, and the rows inserted [`INSERT_BATCH`] at a time (a bulk change of 1,000
/// customers writes its 1,000 entries in a few statements). Nothing when `entries` is empty.
pub async fn record_all(txn: &impl ConnectionTrait, entries: Vec<AuditEntry>) -> CoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [CHAIN_LOCK.into()],
        ))
        .await?;
    }
    let head = activity_log::Entity::find()
        .select_only()
        .column(activity_log::Column::Hash)
        .column(activity_log::Column::CreatedAt)
        .order_by_desc(activity_log::Column::Id)
        .limit(1)
        .into_tuple::<(String, DateTime<Utc>)>()
        .one(txn)
        .await?;
    let (mut prev_hash, mut prev_at) = match head {
        Some((hash, at)) => (hash, Some(at)),
        None => (GENESIS.to_string(), None),
    };
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        let (row, hash, at) = linked(entry, prev_hash, prev_at)?;
        prev_hash = hash;
        prev_at = Some(at);
        rows.push(row);
    }
    // Ids are given in the order of the rows: the chain's order.
    for batch in chunked(rows, INSERT_BATCH) {
        activity_log::Entity::insert_many(batch)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Entries per `INSERT` (11 values each, well under every backend's limit on bound parameters).
const INSERT_BATCH: usize = 500;

/// `entry` as the row that follows an entry whose hash is `prev_hash` and time `prev_at`, with
/// its own hash and time: never before the previous entry's (the log's id order is its time
/// order).
fn linked(
    entry: AuditEntry,
    prev_hash: String,
    prev_at: Option<DateTime<Utc>>,
) -> CoreResult<(activity_log::ActiveModel, String, DateTime<Utc>)> {
    let at = entry.at.trunc_subsecs(6);
    let at = prev_at.map_or(at, |prev| at.max(prev));
    let before_json = entry.before.map(|v| json_text(redact(v))).transpose()?;
    let after_json = entry.after.map(|v| json_text(redact(v))).transpose()?;
    let hash = canonical::Fields {
        at,
        staff_id: entry.staff_id,
        actor: &entry.actor,
        origin: &entry.origin,
        action: &entry.action,
        entity_kind: &entry.entity_kind,
        entity_id: entry.entity_id,
        before_json: before_json.as_deref(),
        after_json: after_json.as_deref(),
    }
    .hash(&prev_hash);
    let row = activity_log::ActiveModel {
        staff_user_id: Set(entry.staff_id),
        actor: Set(entry.actor),
        origin: Set(entry.origin),
        action: Set(entry.action),
        entity_type: Set(entry.entity_kind),
        entity_id: Set(entry.entity_id),
        before_json: Set(before_json),
        after_json: Set(after_json),
        prev_hash: Set(prev_hash),
        hash: Set(hash.clone()),
        created_at: Set(at),
        ..Default::default()
    };
    Ok((row, hash, at))
}

fn chunked<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut batches = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        batches.push(items.by_ref().take(size).collect());
    }
    batches
}

fn json_text(value: Value) -> CoreResult<String> {
    serde_json::to_string(&value)
        .map_err(|e| CoreError::Internal(format!("an audit entry's JSON: {e}")))
}

/// Walks the whole chain in order: "N entries, chain intact", or the first entry that does not
/// fit and why (its hash does not match its contents: edited; its `prev_hash` is not the
/// previous entry's hash: an entry before it was deleted, or entries were reordered).
pub async fn verify(ctx: &Context) -> CoreResult<ChainState> {
    ctx.require(Permission::ViewAudit)?;
    let mut expected_prev = GENESIS.to_string();
    let mut checked: u64 = 0;
    let mut after_id = i64::MIN;
    loop {
        let page = activity_log::Entity::find()
            .filter(activity_log::Column::Id.gt(after_id))
            .order_by_asc(activity_log::Column::Id)
            .limit(PAGE)
            .all(ctx.db())
            .await?;
        let Some(last) = page.last() else {
            return Ok(ChainState::Intact { entries: checked });
        };
        after_id = last.id;
        for row in page {
            if let Some(reason) = fault(&row, &expected_prev) {
                return Ok(ChainState::Broken(ChainBreak {
                    entry_id: row.id,
                    intact_before: checked,
                    reason,
                }));
            }
            checked += 1;
            expected_prev = row.hash;
        }
    }
}

/// Why `row` does not fit after an entry whose hash is `expected_prev`, if it does not. An edit
/// is named first: an edited entry's own hash no longer matches, whatever came before it.
fn fault(row: &activity_log::Model, expected_prev: &str) -> Option<BreakReason> {
    let fields = canonical::Fields {
        at: row.created_at,
        staff_id: row.staff_user_id,
        actor: &row.actor,
        origin: &row.origin,
        action: &row.action,
        entity_kind: &row.entity_type,
        entity_id: row.entity_id,
        before_json: row.before_json.as_deref(),
        after_json: row.after_json.as_deref(),
    };
    if fields.hash(&row.prev_hash) != row.hash {
        Some(BreakReason::Edited)
    } else if row.prev_hash != expected_prev {
        Some(BreakReason::PreviousMissing)
    } else {
        None
    }
}
