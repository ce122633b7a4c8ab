//! Daily roll-ups: what a finished office day holds, added up once, so a year's report reads
//! 365 small groups of rows instead of half a million payments.
//!
//! A day is rolled up the first time a report reads it after it has ended (today is always
//! read from the raw rows). `report_days` lists the days rolled up; every payment move deletes
//! the row of the day its payment was made on (`payment::state::log` calls [`stale`]), so a
//! reversal or an assignment weeks later makes that day be added up again at its next read, and
//! a roll-up that no longer matches its rows is never read. Changing the office's time zone
//! drops them all ([`drop_all`]): days are the office's.
//!
//! Customers moved to another router or deleted, and plans deleted, drop the days of their
//! payments too ([`stale_payments_of`]).
//!
//! Writers and the builder take turns: on SQLite every writer holds the write lock; on
//! PostgreSQL a payment move first writes its payment row, and the builder holds `payments` in
//! `SHARE ROW EXCLUSIVE` mode while it reads the day and marks it built (which also keeps two
//! builders of one day apart), so a move is either seen by the build or deletes its mark after
//! it.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryResult, Set, Statement,
};

use crate::entity::{report_day, report_revenue_day, report_router_day};
use crate::{Context, CoreError, CoreResult};

/// The dimensions money is rolled up by (`all` is the day's total).
/// `payer` tells money from customers (key `customer`) from the rest (cards, unmatched; key
/// empty).
pub(crate) const DIMENSIONS: [&str; 6] = ["all", "method", "plan", "router", "cashier", "payer"];

/// The `payer` key of money from customers.
pub(crate) const PAID_BY_CUSTOMER: &str = "customer";

/// Money of one day, currency and key of a dimension, as integers (1/10,000 units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct MoneySums {
    pub taken_e4: i64,
    pub taken: i64,
    pub reversed_e4: i64,
    pub reversed: i64,
}

impl MoneySums {
    pub fn add(&mut self, other: MoneySums) -> CoreResult<()> {
        let sum = |a: i64, b: i64| {
            a.checked_add(b)
                .ok_or_else(|| CoreError::Internal("a report total is too large".into()))
        };
        self.taken_e4 = sum(self.taken_e4, other.taken_e4)?;
        self.taken = sum(self.taken, other.taken)?;
        self.reversed_e4 = sum(self.reversed_e4, other.reversed_e4)?;
        self.reversed = sum(self.reversed, other.reversed)?;
        Ok(())
    }
}

/// One day's money: (dimension, key, currency) → sums.
pub(crate) type DayMoney = BTreeMap<(String, String, String), MoneySums>;

/// One router's checks on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CheckSums {
    pub checks: i64,
    pub online: i64,
    pub latency_sum_ms: i64,
    pub latency_checks: i64,
}

/// Everything rolled up for one day.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct DayRollup {
    pub money: DayMoney,
    pub checks: BTreeMap<i64, CheckSums>,
}

/// `sql` with `$n` placeholders, written for `backend` (SQLite takes `?`).
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        sql.to_string()
    } else {
        let mut out = String::with_capacity(sql.len());
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('?');
            } else {
                out.push(c);
            }
        }
        out
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn int(row: &QueryResult, index: usize) -> CoreResult<i64> {
    Ok(row.try_get_by_index::<Option<i64>>(index)?.unwrap_or(0))
}

/// Adds up the raw rows of the instants `[start, end)`: payments and health checks.
pub(crate) async fn add_up(
    db: &impl ConnectionTrait,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> CoreResult<DayRollup> {
    let backend = db.get_database_backend();
    let payments = db
        .query_all_raw(statement(
            backend,
            r#"SELECT p.currency, p.method, COALESCE(p.profile_id, 0), COALESCE(p.received_by, 0),
                      COALESCE(c.router_id, 0), p.state, CAST(SUM(p.amount_e4) AS BIGINT), COUNT(*),
                      CAST(CASE WHEN p.customer_id IS NULL THEN 0 ELSE 1 END AS BIGINT)
               FROM payments p LEFT JOIN customers c ON c.id = p.customer_id
               WHERE p.created_at >= $1 AND p.created_at < $2
               GROUP BY p.currency, p.method, COALESCE(p.profile_id, 0),
                        COALESCE(p.received_by, 0), COALESCE(c.router_id, 0), p.state,
                        CASE WHEN p.customer_id IS NULL THEN 0 ELSE 1 END"#,
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut money = DayMoney::new();
    for row in payments {
        let currency: String = row.try_get_by_index(0)?;
        let method: String = row.try_get_by_index(1)?;
        let state: String = row.try_get_by_index(5)?;
        let (total, count) = (int(&row, 6)?, int(&row, 7)?);
        let sums = match state.as_str() {
            "paid" | "unmatched" | "applied" => MoneySums {
                taken_e4: total,
                taken: count,
                ..MoneySums::default()
            },
            "reversed" => MoneySums {
                reversed_e4: total,
                reversed: count,
                ..MoneySums::default()
            },
            // Pending and failed payments hold no money.
            _ => continue,
        };
        let key = |id: i64| {
            if id == 0 {
                String::new()
            } else {
                id.to_string()
            }
        };
        let keys = [
            String::new(),
            method,
            key(int(&row, 2)?),
            key(int(&row, 4)?),
            key(int(&row, 3)?),
            if int(&row, 8)? == 1 {
                PAID_BY_CUSTOMER.to_string()
            } else {
                String::new()
            },
        ];
        for (dimension, key) in DIMENSIONS.into_iter().zip(keys) {
            money
                .entry((dimension.to_string(), key, currency.clone()))
                .or_default()
                .add(sums)?;
        }
    }
    let rows = db
        .query_all_raw(statement(
            backend,
            r#"SELECT router_id, COUNT(*), CAST(SUM(CASE WHEN online THEN 1 ELSE 0 END) AS BIGINT),
                      CAST(SUM(latency_ms) AS BIGINT), COUNT(latency_ms)
               FROM router_checks WHERE checked_at >= $1 AND checked_at < $2
               GROUP BY router_id"#,
            vec![start.into(), end.into()],
        ))
        .await?;
    let mut checks = BTreeMap::new();
    for row in rows {
        checks.insert(
            int(&row, 0)?,
            CheckSums {
                checks: int(&row, 1)?,
                online: int(&row, 2)?,
                latency_sum_ms: int(&row, 3)?,
                latency_checks: int(&row, 4)?,
            },
        );
    }
    Ok(DayRollup { money, checks })
}

/// The roll-ups of the office days `from` to `to`: read where built, built where missing for
/// days that have ended, added up from the raw rows for today (and any day not ended).
pub(crate) async fn days(
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
) -> CoreResult<BTreeMap<NaiveDate, DayRollup>> {
    let office_tz = ctx.office_time_zone().await?;
    let today = crate::days::office_day(ctx.now(), office_tz);
    let db = ctx.db();
    let built: HashSet<String> = report_day::Entity::find()
        .filter(report_day::Column::Day.gte(from.to_string()))
        .filter(report_day::Column::Day.lte(to.to_string()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.day)
        .collect();
    let mut out = BTreeMap::new();
    let mut day = from;
    while day <= to {
        if day < today && !built.contains(&day.to_string()) {
            build(ctx, day, office_tz).await?;
        }
        if day >= today {
            let (start, end) = crate::days::bounds(day, office_tz)?;
            out.insert(day, add_up(db, start, end).await?);
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let last_ended = to.min(today.pred_opt().unwrap_or(today));
    if from <= last_ended {
        read(db, from, last_ended, wanted, &mut out).await?;
    }
    Ok(out)
}

/// What a report reads of the roll-ups: money of these dimensions, and the routers' checks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted {
    pub dimensions: &'static [&'static str],
    pub checks: bool,
}

impl Wanted {
    /// Everything (the consistency check).
    pub const ALL: Wanted = Wanted {
        dimensions: &DIMENSIONS,
        checks: true,
    };
}

/// Reads the stored roll-ups of days `from` to `to` into `out`, only what `wanted` names (a
/// year's report reads a few thousand small rows, not every dimension's).
async fn read(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
    out: &mut BTreeMap<NaiveDate, DayRollup>,
) -> CoreResult<()> {
    use sea_orm::QuerySelect;
    let (from_text, to_text) = (from.to_string(), to.to_string());
    let parse = |day: &str| {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| CoreError::Internal(format!("a roll-up of the day '{day}'")))
    };
    let mut day = from;
    while day <= to {
        out.insert(day, DayRollup::default());
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    if !wanted.dimensions.is_empty() {
        type Row = (String, String, String, String, i64, i64, i64, i64);
        let rows: Vec<Row> = report_revenue_day::Entity::find()
            .select_only()
            .columns([
                report_revenue_day::Column::Day,
                report_revenue_day::Column::Dimension,
                report_revenue_day::Column::Key,
                report_revenue_day::Column::Currency,
                report_revenue_day::Column::TakenE4,
                report_revenue_day::Column::TakenCount,
                report_revenue_day::Column::ReversedE4,
                report_revenue_day::Column::ReversedCount,
            ])
            .filter(report_revenue_day::Column::Dimension.is_in(wanted.dimensions.iter().copied()))
            .filter(report_revenue_day::Column::Day.gte(from_text.clone()))
            .filter(report_revenue_day::Column::Day.lte(to_text.clone()))
            .into_tuple()
            .all(db)
            .await?;
        for (day, dimension, key, currency, taken_e4, taken, reversed_e4, reversed) in rows {
            out.entry(parse(&day)?).or_default().money.insert(
                (dimension, key, currency),
                MoneySums {
                    taken_e4,
                    taken,
                    reversed_e4,
                    reversed,
                },
            );
        }
    }
    if wanted.checks {
        let rows: Vec<(String, i64, i64, i64, i64, i64)> = report_router_day::Entity::find()
            .select_only()
            .columns([
                report_router_day::Column::Day,
                report_router_day::Column::RouterId,
                report_router_day::Column::Checks,
                report_router_day::Column::OnlineChecks,
                report_router_day::Column::LatencySumMs,
                report_router_day::Column::LatencyChecks,
            ])
            .filter(report_router_day::Column::Day.gte(from_text))
            .filter(report_router_day::Column::Day.lte(to_text))
            .into_tuple()
            .all(db)
            .await?;
        for (day, router_id, checks, online, latency_sum_ms, latency_checks) in rows {
            out.entry(parse(&day)?).or_default().checks.insert(
                router_id,
                CheckSums {
                    checks,
                    online,
                    latency_sum_ms,
                    latency_checks,
                },
            );
        }
    }
    Ok(())
}

/// Adds up office day `day` (ended) and stores it as built, in one transaction that payment
/// moves wait for (see the module).
pub(crate) async fn build(
    ctx: &Context,
    day: NaiveDate,
    office_tz: chrono_tz::Tz,
) -> CoreResult<()> {
    let txn = crate::db::begin_write(ctx.db()).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Blocks payment writes and other builders (SHARE alone would let two builders of one
        // day both insert it).
        txn.execute_unprepared("LOCK TABLE payments IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    // Built in the zone in force now: a zone changed since the caller read it builds nothing.
    if crate::settings::office_time_zone(&txn).await? != office_tz {
        return Ok(txn.commit().await?);
    }
    let key = day.to_string();
    if report_day::Entity::find_by_id(key.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(txn.commit().await?);
    }
    let (start, end) = crate::days::bounds(day, office_tz)?;
    let rollup = add_up(&txn, start, end).await?;
    report_revenue_day::Entity::delete_many()
        .filter(report_revenue_day::Column::Day.eq(key.clone()))
        .exec(&txn)
        .await?;
    report_router_day::Entity::delete_many()
        .filter(report_router_day::Column::Day.eq(key.clone()))
        .exec(&txn)
        .await?;
    let money: Vec<report_revenue_day::ActiveModel> = rollup
        .money
        .into_iter()
        .map(
            |((dimension, k, currency), sums)| report_revenue_day::ActiveModel {
                dimension: Set(dimension),
                day: Set(key.clone()),
                key: Set(k),
                currency: Set(currency),
                taken_e4: Set(sums.taken_e4),
                taken_count: Set(sums.taken),
                reversed_e4: Set(sums.reversed_e4),
                reversed_count: Set(sums.reversed),
            },
        )
        .collect();
    for chunk in money.chunks(500) {
        report_revenue_day::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let checks: Vec<report_router_day::ActiveModel> = rollup
        .checks
        .into_iter()
        .map(|(router_id, sums)| report_router_day::ActiveModel {
            day: Set(key.clone()),
            router_id: Set(router_id),
            checks: Set(sums.checks),
            online_checks: Set(sums.online),
            latency_sum_ms: Set(sums.latency_sum_ms),
            latency_checks: Set(sums.latency_checks),
        })
        .collect();
    for chunk in checks.chunks(500) {
        report_router_day::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    report_day::Entity::insert(report_day::ActiveModel {
        day: Set(key),
        built_at: Set(ctx.now()),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Marks the day payment `payment_id` was made on as no longer rolled up, in the caller's
/// transaction (a payment move's). On PostgreSQL the payment row is written first, so a
/// roll-up being built waits for this transaction, or this waits for it (see the module).
pub(crate) async fn stale(db: &impl ConnectionTrait, payment_id: i64) -> CoreResult<()> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        db.execute_raw(statement(
            backend,
            "UPDATE payments SET updated_at = updated_at WHERE id = $1",
            vec![payment_id.into()],
        ))
        .await?;
    }
    let Some(created_at) = crate::entity::payment::Entity::find_by_id(payment_id)
        .one(db)
        .await?
        .map(|p| p.created_at)
    else {
        return Ok(());
    };
    let office_tz = crate::settings::office_time_zone(db).await?;
    let day = crate::days::office_day(created_at, office_tz);
    report_day::Entity::delete_by_id(day.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Marks the days of the payments `condition` selects (those of one customer, of one plan) as
/// no longer rolled up, in the caller's transaction: a customer moved to another router or
/// deleted, a plan deleted, changes what those days add up to by router, plan or payer. On
/// PostgreSQL the payments are written first, as in [`stale`].
pub(crate) async fn stale_payments_of(
    db: &impl ConnectionTrait,
    column: crate::entity::payment::Column,
    id: i64,
) -> CoreResult<()> {
    use sea_orm::QuerySelect;
    if db.get_database_backend() == DbBackend::Postgres {
        crate::entity::payment::Entity::update_many()
            .col_expr(
                crate::entity::payment::Column::UpdatedAt,
                sea_orm::sea_query::Expr::col(crate::entity::payment::Column::UpdatedAt),
            )
            .filter(column.eq(id))
            .exec(db)
            .await?;
    }
    let made: Vec<DateTime<Utc>> = crate::entity::payment::Entity::find()
        .select_only()
        .column(crate::entity::payment::Column::CreatedAt)
        .filter(column.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    if made.is_empty() {
        return Ok(());
    }
    let office_tz = crate::settings::office_time_zone(db).await?;
    let days: std::collections::BTreeSet<String> = made
        .into_iter()
        .map(|at| crate::days::office_day(at, office_tz).to_string())
        .collect();
    let days: Vec<String> = days.into_iter().collect();
    for chunk in days.chunks(500) {
        report_day::Entity::delete_many()
            .filter(report_day::Column::Day.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Forgets every roll-up (the office's days changed with its time zone).
pub(crate) async fn drop_all(db: &impl ConnectionTrait) -> CoreResult<()> {
    report_day::Entity::delete_many().exec(db).await?;
    Ok(())
}

/// Whether the stored roll-ups of days `from` to `to` equal what the raw rows add up to now
/// (the roll-up consistency check; tests and `tikbill-agent reports verify` use it).
pub async fn verify(ctx: &Context, from: NaiveDate, to: NaiveDate) -> CoreResult<Vec<String>> {
    ctx.require(tikbill_api::Permission::ViewReports)?;
    let office_tz = ctx.office_time_zone().await?;
    let db = ctx.db();
    let mut stored = BTreeMap::new();
    read(db, from, to, Wanted::ALL, &mut stored).await?;
    let built: HashSet<String> = report_day::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.day)
        .collect();
    let mut differ = Vec::new();
    for (day, rollup) in stored {
        if !built.contains(&day.to_string()) {
            continue;
        }
        let (start, end) = crate::days::bounds(day, office_tz)?;
        if add_up(db, start, end).await? != rollup {
            differ.push(day.to_string());
        }
    }
    Ok(differ)
}
