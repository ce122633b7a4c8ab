//! Reading the stored roll-ups of a range of ended days: day by day, or summed over the range
//! by the database (a year by router is a hundred rows, not 37,000).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, QueryResult};

use super::raw::int;
use super::{statement, CheckSums, Checks, DayRollup, MoneySums, Wanted, ALL_ROUTERS};
use crate::{CoreError, CoreResult};

/// How the rows are grouped: by day, or not at all (the range as one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grouping {
    PerDay,
    Summed,
}

fn parse(day: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| CoreError::Internal(format!("a roll-up of the day '{day}'")))
}

/// The day a row is about: its first column when grouped per day, else `from`.
fn day_of(row: &QueryResult, grouping: Grouping, from: NaiveDate) -> CoreResult<NaiveDate> {
    match grouping {
        Grouping::PerDay => parse(&row.try_get_by_index::<String>(0)?),
        Grouping::Summed => Ok(from),
    }
}

/// Reads the stored roll-ups of days `from` to `to` into `out`, only what `wanted` names:
/// per day, or summed and put under `from`.
pub(super) async fn read(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
    grouping: Grouping,
    out: &mut BTreeMap<NaiveDate, DayRollup>,
) -> CoreResult<()> {
    let backend = db.get_database_backend();
    let per_day = grouping == Grouping::PerDay;
    // Columns after the day (when grouped per day): what, then the four sums.
    let first = usize::from(per_day);
    if !wanted.dimensions.is_empty() {
        let list: Vec<String> = (0..wanted.dimensions.len())
            .map(|i| format!("${}", i + 3))
            .collect();
        let sums = if per_day {
            "taken_e4, taken_count, reversed_e4, reversed_count"
        } else {
            "CAST(SUM(taken_e4) AS BIGINT), CAST(SUM(taken_count) AS BIGINT), \
             CAST(SUM(reversed_e4) AS BIGINT), CAST(SUM(reversed_count) AS BIGINT)"
        };
        let sql = format!(
            "SELECT {day}dimension, key, currency, {sums} FROM report_revenue_days \
             WHERE day >= $1 AND day <= $2 AND dimension IN ({list}){group}",
            day = if per_day { "day, " } else { "" },
            list = list.join(", "),
            group = if per_day {
                ""
            } else {
                " GROUP BY dimension, key, currency"
            },
        );
        let mut values: Vec<sea_orm::Value> = vec![from.to_string().into(), to.to_string().into()];
        values.extend(wanted.dimensions.iter().map(|d| (*d).into()));
        for row in db.query_all_raw(statement(backend, &sql, values)).await? {
            let day = day_of(&row, grouping, from)?;
            let key = (
                row.try_get_by_index::<String>(first)?,
                row.try_get_by_index::<String>(first + 1)?,
                row.try_get_by_index::<String>(first + 2)?,
            );
            out.entry(day).or_default().money.insert(
                key,
                MoneySums {
                    taken_e4: int(&row, first + 3)?,
                    taken: int(&row, first + 4)?,
                    reversed_e4: int(&row, first + 5)?,
                    reversed: int(&row, first + 6)?,
                },
            );
        }
    }
    if wanted.cards {
        let sql = if per_day {
            "SELECT day, batch_id, staff_id, to_state, moves FROM report_voucher_days \
             WHERE day >= $1 AND day <= $2"
        } else {
            "SELECT batch_id, staff_id, to_state, CAST(SUM(moves) AS BIGINT) \
             FROM report_voucher_days WHERE day >= $1 AND day <= $2 \
             GROUP BY batch_id, staff_id, to_state"
        };
        let values = vec![from.to_string().into(), to.to_string().into()];
        for row in db.query_all_raw(statement(backend, sql, values)).await? {
            let day = day_of(&row, grouping, from)?;
            out.entry(day).or_default().cards.insert(
                (
                    int(&row, first)?,
                    int(&row, first + 1)?,
                    row.try_get_by_index::<String>(first + 2)?,
                ),
                int(&row, first + 3)?,
            );
        }
    }
    if wanted.checks == Checks::No {
        return Ok(());
    }
    let summed = "CAST(SUM(checks) AS BIGINT), CAST(SUM(online_checks) AS BIGINT), \
                  CAST(SUM(latency_sum_ms) AS BIGINT), CAST(SUM(latency_checks) AS BIGINT)";
    let plain = "checks, online_checks, latency_sum_ms, latency_checks";
    let (columns, group) = match (grouping, wanted.checks) {
        (Grouping::PerDay, Checks::PerRouter) => (format!("day, router_id, {plain}"), ""),
        (Grouping::PerDay, _) => (format!("day, CAST(0 AS BIGINT), {summed}"), " GROUP BY day"),
        (Grouping::Summed, Checks::PerRouter) => {
            (format!("router_id, {summed}"), " GROUP BY router_id")
        }
        (Grouping::Summed, _) => (format!("CAST(0 AS BIGINT), {summed}"), ""),
    };
    let sql =
        format!("SELECT {columns} FROM report_router_days WHERE day >= $1 AND day <= $2{group}");
    let values = vec![from.to_string().into(), to.to_string().into()];
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        let day = day_of(&row, grouping, from)?;
        let sums = CheckSums {
            checks: int(&row, first + 1)?,
            online: int(&row, first + 2)?,
            latency_sum_ms: int(&row, first + 3)?,
            latency_checks: int(&row, first + 4)?,
        };
        // Summed over no rows at all is one row of nothing.
        if sums == CheckSums::default() {
            continue;
        }
        let router = match wanted.checks {
            Checks::PerRouter => int(&row, first)?,
            _ => ALL_ROUTERS,
        };
        out.entry(day).or_default().checks.insert(router, sums);
    }
    Ok(())
}
