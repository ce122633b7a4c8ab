//! Counting rows per group of office days in one query: the groups' instants are sent as a
//! `VALUES` list and joined to the counted table by range, so each group is one index range.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::ConnectionTrait;
use tikbill_api::ReportPeriod;

use super::period;
use super::rollup::statement;
use crate::CoreResult;

/// One group of days: its first day, and the instants it starts and ends.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    pub first: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The groups covering `from` to `to` (the first and last cut to the range).
pub(crate) fn buckets(
    from: NaiveDate,
    to: NaiveDate,
    group: ReportPeriod,
    office_tz: chrono_tz::Tz,
) -> CoreResult<Vec<Bucket>> {
    let starts = period::starts(from, to, group);
    let mut out = Vec::with_capacity(starts.len());
    for (i, first) in starts.iter().enumerate() {
        let begin = (*first).max(from);
        let last = match starts.get(i + 1) {
            Some(next) => next.pred_opt().unwrap_or(*next).min(to),
            None => to,
        };
        let (start, _) = crate::days::bounds(begin, office_tz)?;
        let (_, end) = crate::days::bounds(last, office_tz)?;
        out.push(Bucket {
            first: *first,
            start,
            end,
        });
    }
    Ok(out)
}

/// How many rows of `table` have `column` within each bucket, for each of `conditions` (SQL,
/// no parameters, on the table as `t`): one list of numbers per condition, one number per
/// bucket, in order. Each is a count of one range of the index on `column` (a subquery per
/// bucket: joined and grouped instead, every row counted went through a sort).
pub(crate) async fn count(
    db: &impl ConnectionTrait,
    buckets: &[Bucket],
    table: &str,
    column: &str,
    conditions: &[&str],
) -> CoreResult<Vec<Vec<i64>>> {
    let mut counts = vec![vec![0; buckets.len()]; conditions.len()];
    let counted: Vec<String> = conditions
        .iter()
        .map(|c| {
            format!(
                "(SELECT COUNT(*) FROM {table} t \
                  WHERE t.{column} >= b.s AND t.{column} < b.e AND ({c}))"
            )
        })
        .collect();
    // A few hundred groups per statement keeps every database's parameter limit far away.
    for (chunk_index, chunk) in buckets.chunks(300).enumerate() {
        let mut values = Vec::with_capacity(chunk.len() * 3);
        let mut rows = Vec::with_capacity(chunk.len());
        for (i, bucket) in chunk.iter().enumerate() {
            let n = i * 3;
            rows.push(format!("(${}, ${}, ${})", n + 1, n + 2, n + 3));
            values.push(sea_orm::Value::from(i as i64));
            values.push(bucket.start.into());
            values.push(bucket.end.into());
        }
        let sql = format!(
            "WITH b(k, s, e) AS (VALUES {}) SELECT b.k, {} FROM b",
            rows.join(", "),
            counted.join(", ")
        );
        let found = db
            .query_all_raw(statement(db.get_database_backend(), &sql, values))
            .await?;
        for row in found {
            let k: i64 = row.try_get_by_index(0)?;
            let Some(slot) = usize::try_from(k).ok().map(|k| chunk_index * 300 + k) else {
                continue;
            };
            for (i, list) in counts.iter_mut().enumerate() {
                let n: Option<i64> = row.try_get_by_index(i + 1)?;
                if let Some(place) = list.get_mut(slot) {
                    *place = n.unwrap_or(0);
                }
            }
        }
    }
    Ok(counts)
}
