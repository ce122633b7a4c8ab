//! Reading the audit log: pages of entries, newest first, narrowed by person, kind of record, one
//! record and days, and the same entries as a CSV file.
//!
//! Built to stay fast at 1,000,000 entries. Pages are keyset pages by id (`id < before_id`,
//! `ORDER BY id DESC`, one entry more than the page to know whether another page follows), so a
//! page deep in the log costs what the first does. Each filter has an index that holds `id` after
//! its own columns (migration `m20261129_000001_audit_indexes`), so the entries of one person, of
//! one kind or of one record are read in page order from their index. The page's ids are chosen
//! first from the indexes alone, then its rows (JSON and all) are read by primary key.
//!
//! Days are UTC dates: `from` counts from 00:00 of its day, `to` up to the end of its day. The
//! log's id order is its time order (`audit::record` never stores a time before the previous
//! entry's), so a range of days is a range of ids: from the first entry at or after the start of
//! `from` up to (not including) the first at or after the end of `to`, each one lookup in the
//! `(created_at, id)` index. The page then walks the ids down from the cursor (or the range's
//! end) through the same indexes as without days, and stops after one page or at the range's
//! start: days cost those one or two lookups more than the same filter without them.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use tikbill_api::{AuditEntryView, AuditFilter, AuditPage, FieldError};

use crate::entity::activity_log;
use crate::{Context, CoreError, CoreResult};

/// Entries read per query by [`export_csv`].
const EXPORT_PAGE: u32 = 1000;

/// The CSV file's columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "id",
    "at",
    "actor",
    "origin",
    "action",
    "entity_kind",
    "entity_id",
    "before",
    "after",
];

/// One page of the entries `filter` matches, newest first: those older than `filter.before_id`,
/// `filter.limit` of them (50 by default, at most 500). A date that is not `YYYY-MM-DD`, a `to`
/// before `from`, or a record id without its kind is a validation error on that field.
pub async fn page(ctx: &Context, filter: &AuditFilter) -> CoreResult<AuditPage> {
    ctx.require(tikbill_api::Permission::ViewAudit)?;
    let criteria = Criteria::of(filter)?;
    let limit = match filter.limit {
        None | Some(0) => AuditFilter::DEFAULT_LIMIT,
        Some(n) => n.min(AuditFilter::MAX_LIMIT),
    };
    page_of(ctx.db(), &criteria, filter.before_id, limit).await
}

/// Writes every entry `filter` matches to `out` as CSV, newest first, with a header row
/// ([`CSV_COLUMNS`]), reading [`EXPORT_PAGE`] entries at a time; answers how many entries (rows
/// after the header) were written. `filter.limit` is ignored: the export holds every matching
/// entry. `filter.before_id`, when given, is where it starts (entries older than it), as for a
/// page. Times are RFC 3339 in UTC; `before` and `after` are the JSON text, empty for none.
pub async fn export_csv(
    ctx: &Context,
    filter: &AuditFilter,
    out: impl std::io::Write,
) -> CoreResult<u64> {
    ctx.require(tikbill_api::Permission::ViewAudit)?;
    let criteria = Criteria::of(filter)?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_COLUMNS).map_err(written)?;
    let mut written_rows: u64 = 0;
    let mut before_id = filter.before_id;
    loop {
        let page = page_of(ctx.db(), &criteria, before_id, EXPORT_PAGE).await?;
        for entry in &page.entries {
            csv.write_record(csv_row(entry)).map_err(written)?;
            written_rows += 1;
        }
        match page.next_before_id {
            Some(next) => before_id = Some(next),
            None => break,
        }
    }
    csv.flush().map_err(|e| written(e.into()))?;
    Ok(written_rows)
}

fn written(e: csv::Error) -> CoreError {
    CoreError::Internal(format!(
        "the audit log's CSV file could not be written: {e}"
    ))
}

fn csv_row(entry: &AuditEntryView) -> [String; 9] {
    [
        entry.id.to_string(),
        entry.at.clone(),
        entry.actor.clone(),
        entry.origin.clone(),
        entry.action.clone(),
        entry.entity_kind.clone(),
        entry.entity_id.map(|id| id.to_string()).unwrap_or_default(),
        entry.before.clone().unwrap_or_default(),
        entry.after.clone().unwrap_or_default(),
    ]
}

/// A filter checked: what narrows the entries, the page left aside.
#[derive(Debug, Default)]
struct Criteria {
    staff_id: Option<i64>,
    entity_kind: Option<String>,
    entity_id: Option<i64>,
    /// From this instant on (start of the `from` day).
    from: Option<DateTime<Utc>>,
    /// Before this instant (start of the day after `to`).
    until: Option<DateTime<Utc>>,
}

impl Criteria {
    fn of(filter: &AuditFilter) -> CoreResult<Self> {
        let mut fields = Vec::new();
        let (from, to) =
            crate::days::range(&mut fields, filter.from.as_deref(), filter.to.as_deref());
        let entity_kind = filter
            .entity_kind
            .as_deref()
            .map(str::trim)
            .filter(|kind| !kind.is_empty())
            .map(str::to_string);
        if filter.entity_id.is_some() && entity_kind.is_none() {
            refuse(
                &mut fields,
                "entity_id",
                "needs the kind of record too: an id alone names no record",
            );
        }
        if !fields.is_empty() {
            return Err(CoreError::invalid("audit filter", fields));
        }
        Ok(Self {
            staff_id: filter.staff_id,
            entity_kind,
            entity_id: filter.entity_id,
            from: from.map(start_of),
            // The day after `to` exists for every date but chrono's last; then no upper bound.
            until: to.and_then(|to| to.succ_opt()).map(start_of),
        })
    }

    /// The entries of these criteria's person, kind and record (every page, every day).
    ///
    /// One record's history is short and its index walks it in id order; SQLite, without
    /// statistics, would take the person's index instead and test every one of their entries. A
    /// unary `+` on the person's column (which keeps its value) keeps it from choosing that index.
    fn select(&self) -> Select<activity_log::Entity> {
        // Here only: its `min`/`max` would shadow the integers' elsewhere.
        use sea_orm::sea_query::ExprTrait as _;
        let mut query = activity_log::Entity::find();
        if let Some(id) = self.staff_id {
            let person = if self.entity_id.is_some() {
                Expr::cust(r#"+"activity_log"."staff_user_id""#)
            } else {
                Expr::col((activity_log::Entity, activity_log::Column::StaffUserId))
            };
            query = query.filter(person.eq(id));
        }
        if let Some(kind) = &self.entity_kind {
            query = query.filter(activity_log::Column::EntityType.eq(kind.as_str()));
        }
        if let Some(id) = self.entity_id {
            query = query.filter(activity_log::Column::EntityId.eq(id));
        }
        query
    }
}

/// The ids a page of `criteria` older than `before_id` lies in: at least the first (the first
/// entry at or after `from`), below the second (the first entry at or after `until`, or
/// `before_id`, whichever is lower); either `None` when unbounded. `None` altogether when no
/// entry can match. The id order is the time order (see the module's doc comment), so these are
/// exactly the days' entries.
async fn id_range(
    db: &impl ConnectionTrait,
    criteria: &Criteria,
    before_id: Option<i64>,
) -> CoreResult<Option<(Option<i64>, Option<i64>)>> {
    let lo = match criteria.from {
        Some(from) => match first_at_or_after(db, from).await? {
            Some(id) => Some(id),
            // Nothing from the first day on.
            None => return Ok(None),
        },
        None => None,
    };
    let hi = match criteria.until {
        // No entry after the last day: no bound.
        Some(until) => first_at_or_after(db, until).await?,
        None => None,
    };
    let hi = match (hi, before_id) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let (Some(lo), Some(hi)) = (lo, hi) {
        if lo >= hi {
            return Ok(None);
        }
    }
    Ok(Some((lo, hi)))
}

/// The id of the first entry, in time order, at or after `at` (one lookup in the time index).
async fn first_at_or_after(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> CoreResult<Option<i64>> {
    Ok(activity_log::Entity::find()
        .select_only()
        .column(activity_log::Column::Id)
        .filter(activity_log::Column::CreatedAt.gte(at))
        .order_by_asc(activity_log::Column::CreatedAt)
        .order_by_asc(activity_log::Column::Id)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?)
}

fn refuse(fields: &mut Vec<FieldError>, field: &str, message: &str) {
    fields.push(FieldError {
        field: field.into(),
        message: message.into(),
    });
}

fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// The page of `limit` entries older than `before_id` that `criteria` match: the ids chosen from
/// the indexes (one more than the page, to know whether another follows), then the rows.
async fn page_of(
    db: &impl ConnectionTrait,
    criteria: &Criteria,
    before_id: Option<i64>,
    limit: u32,
) -> CoreResult<AuditPage> {
    let empty = AuditPage {
        entries: Vec::new(),
        next_before_id: None,
    };
    let Some((lo, hi)) = id_range(db, criteria, before_id).await? else {
        return Ok(empty);
    };
    let mut query = criteria.select();
    if let Some(lo) = lo {
        query = query.filter(activity_log::Column::Id.gte(lo));
    }
    if let Some(hi) = hi {
        query = query.filter(activity_log::Column::Id.lt(hi));
    }
    let mut ids: Vec<i64> = query
        .select_only()
        .column(activity_log::Column::Id)
        .order_by_desc(activity_log::Column::Id)
        .limit(u64::from(limit) + 1)
        .into_tuple()
        .all(db)
        .await?;
    let more = ids.len() > limit as usize;
    ids.truncate(limit as usize);
    let next_before_id = if more { ids.last().copied() } else { None };
    if ids.is_empty() {
        return Ok(empty);
    }
    let rows = activity_log::Entity::find()
        .filter(activity_log::Column::Id.is_in(ids))
        .order_by_desc(activity_log::Column::Id)
        .all(db)
        .await?;
    Ok(AuditPage {
        entries: rows.into_iter().map(view).collect(),
        next_before_id,
    })
}

/// A stored entry as the UI sees it.
fn view(row: activity_log::Model) -> AuditEntryView {
    AuditEntryView {
        id: row.id,
        at: row.created_at.to_rfc3339(),
        staff_id: row.staff_user_id,
        actor: row.actor,
        origin: row.origin,
        action: row.action,
        entity_kind: row.entity_type,
        entity_id: row.entity_id,
        before: row.before_json,
        after: row.after_json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field errors `filter` gets, as (field, message) pairs; none when it is accepted.
    fn refused(filter: AuditFilter) -> Vec<String> {
        match Criteria::of(&filter) {
            Ok(_) => Vec::new(),
            Err(CoreError::Validation { fields, .. }) => {
                fields.into_iter().map(|f| f.field).collect()
            }
            Err(other) => panic!("a validation error, not {other}"),
        }
    }

    fn dates(from: &str, to: &str) -> AuditFilter {
        AuditFilter {
            from: Some(from.into()),
            to: Some(to.into()),
            ..AuditFilter::default()
        }
    }

    #[test]
    fn days_are_whole_utc_days_and_bad_ones_are_refused_on_their_field() {
        for (from, to, fields) in [
            ("2026-11-01", "2026-11-30", vec![]),
            ("2026-11-24", "2026-11-24", vec![]),
            ("", " ", vec![]),
            ("2026-02-30", "", vec!["from"]),
            ("", "24/11/2026", vec!["to"]),
            ("yesterday", "2026-13-01", vec!["from", "to"]),
            ("2026-11-25", "2026-11-24", vec!["to"]),
        ] {
            assert_eq!(refused(dates(from, to)), fields, "from {from:?} to {to:?}");
        }
        let criteria = Criteria::of(&dates("2026-11-24", "2026-11-24")).expect("accepted");
        assert_eq!(
            criteria.from.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-24T00:00:00+00:00"),
            "from: the start of its day"
        );
        assert_eq!(
            criteria.until.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-25T00:00:00+00:00"),
            "to: up to (not including) the start of the next day"
        );
    }

    #[test]
    fn a_record_id_needs_its_kind() {
        let id_alone = AuditFilter {
            entity_id: Some(7),
            ..AuditFilter::default()
        };
        assert_eq!(refused(id_alone.clone()), vec!["entity_id"]);
        let blank_kind = AuditFilter {
            entity_kind: Some("  ".into()),
            ..id_alone.clone()
        };
        assert_eq!(
            refused(blank_kind),
            vec!["entity_id"],
            "a blank kind is none"
        );
        let with_kind = AuditFilter {
            entity_kind: Some("customer".into()),
            ..id_alone
        };
        assert_eq!(refused(with_kind), Vec::<String>::new());
    }
}
