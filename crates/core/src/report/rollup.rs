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
//! Cards' moves are rolled up too. They are written when they happen, so an ended day gets no
//! new ones, unless clocks disagree: each batch of moves marks its own day not rolled up
//! ([`stale_at`]).
//!
//! Writers and the builder take turns: on SQLite every writer holds the write lock; on
//! PostgreSQL a payment move first writes its payment row (a card move its move), and the
//! builder holds `payments` and `voucher_transitions` in `SHARE ROW EXCLUSIVE` mode while it
//! reads the day and marks it built (which also keeps two builders of one day apart), so a
//! move is either seen by the build or deletes its mark after it.
//!
//! A day's rows are read by [`prepare`]d ranges: day by day ([`Rolled::days`]) or summed by
//! the database over the range ([`Rolled::totals`]).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set, Statement};

mod raw;
mod stored;

pub(crate) use raw::{add_up, Parts};
use stored::Grouping;

use crate::entity::{report_day, report_revenue_day, report_router_day, report_voucher_day};
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

impl CheckSums {
    /// Adds `more` (counts of checks and milliseconds: saturating, they cannot come near).
    pub fn add(&mut self, more: &CheckSums) {
        self.checks = self.checks.saturating_add(more.checks);
        self.online = self.online.saturating_add(more.online);
        self.latency_sum_ms = self.latency_sum_ms.saturating_add(more.latency_sum_ms);
        self.latency_checks = self.latency_checks.saturating_add(more.latency_checks);
    }
}

/// Cards' moves: (batch, person or 0, state moved to) → how many.
pub(crate) type CardMoves = BTreeMap<(i64, i64, String), i64>;

/// Everything rolled up for one day (or a range of days, summed).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct DayRollup {
    pub money: DayMoney,
    pub checks: BTreeMap<i64, CheckSums>,
    pub cards: CardMoves,
}

impl DayRollup {
    /// Adds `more` to this, key by key.
    pub fn add(&mut self, more: &DayRollup) -> CoreResult<()> {
        for (key, sums) in &more.money {
            self.money.entry(key.clone()).or_default().add(*sums)?;
        }
        for (router, sums) in &more.checks {
            self.checks.entry(*router).or_default().add(sums);
        }
        for (key, n) in &more.cards {
            let slot = self.cards.entry(key.clone()).or_default();
            *slot = slot
                .checked_add(*n)
                .ok_or_else(|| CoreError::Internal("a report total is too large".into()))?;
        }
        Ok(())
    }
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

/// How many days built by one read make PostgreSQL's statistics of the roll-ups be refreshed.
const ANALYZE_AFTER_DAYS: usize = 28;

/// The router key under which checks of all routers together are put ([`Checks::AllRouters`]).
pub(crate) const ALL_ROUTERS: i64 = 0;

/// What a report reads of the routers' checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checks {
    No,
    /// Each router's.
    PerRouter,
    /// All routers' together, under [`ALL_ROUTERS`].
    AllRouters,
}

/// What a report reads of the roll-ups: money of these dimensions, the routers' checks, and
/// cards' moves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted {
    pub dimensions: &'static [&'static str],
    pub checks: Checks,
    pub cards: bool,
}

impl Wanted {
    /// Everything (the consistency check).
    pub const ALL: Wanted = Wanted {
        dimensions: &DIMENSIONS,
        checks: Checks::PerRouter,
        cards: true,
    };

    /// Cards' moves only.
    pub const CARDS: Wanted = Wanted {
        dimensions: &[],
        checks: Checks::No,
        cards: true,
    };

    /// Money of these dimensions only.
    pub const fn money(dimensions: &'static [&'static str]) -> Wanted {
        Wanted {
            dimensions,
            checks: Checks::No,
            cards: false,
        }
    }

    /// Routers' checks only.
    pub const fn checks(checks: Checks) -> Wanted {
        Wanted {
            dimensions: &[],
            checks,
            cards: false,
        }
    }

    fn parts(self) -> Parts {
        Parts {
            money: !self.dimensions.is_empty(),
            checks: self.checks != Checks::No,
            cards: self.cards,
        }
    }

    /// Only what this asks of a roll-up holding more (one added up from the raw rows).
    fn keep(self, rollup: &DayRollup) -> DayRollup {
        let money = rollup
            .money
            .iter()
            .filter(|((dimension, _, _), _)| self.dimensions.contains(&dimension.as_str()))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let checks = match self.checks {
            Checks::No => BTreeMap::new(),
            Checks::PerRouter => rollup.checks.clone(),
            Checks::AllRouters => {
                let mut all = CheckSums::default();
                for sums in rollup.checks.values() {
                    all.add(sums);
                }
                if all == CheckSums::default() {
                    BTreeMap::new()
                } else {
                    BTreeMap::from([(ALL_ROUTERS, all)])
                }
            }
        };
        let cards = if self.cards {
            rollup.cards.clone()
        } else {
            CardMoves::new()
        };
        DayRollup {
            money,
            checks,
            cards,
        }
    }
}

/// A range of office days made ready to read ([`prepare`]): its ended days rolled up, and the
/// others (today, days to come) added up from the raw rows.
pub(crate) struct Rolled {
    from: NaiveDate,
    to: NaiveDate,
    /// The ended days of the range, all rolled up.
    ended: Option<(NaiveDate, NaiveDate)>,
    /// The days not ended that hold anything, added up raw.
    open: BTreeMap<NaiveDate, DayRollup>,
}

/// Rolls up the ended days of `from` to `to` not rolled up yet, and adds up the others from
/// the raw rows, as much as `wanted` needs.
pub(crate) async fn prepare(
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
) -> CoreResult<Rolled> {
    let office_tz = ctx.office_time_zone().await?;
    let today = crate::days::office_day(ctx.now(), office_tz);
    let db = ctx.db();
    let yesterday = today.pred_opt().unwrap_or(today);
    let ended = (from <= yesterday).then_some((from, to.min(yesterday)));
    if let Some((first, last)) = ended {
        let built: HashSet<String> = report_day::Entity::find()
            .filter(report_day::Column::Day.gte(first.to_string()))
            .filter(report_day::Column::Day.lte(last.to_string()))
            .all(db)
            .await?
            .into_iter()
            .map(|d| d.day)
            .collect();
        let mut newly_built = 0;
        for day in first.iter_days().take_while(|d| *d <= last) {
            if !built.contains(&day.to_string()) {
                build(ctx, day, office_tz).await?;
                newly_built += 1;
            }
        }
        // Many days at once (a first year's report) change the roll-ups' size more than
        // PostgreSQL's planner knows until autovacuum looks: it would sort a year by router
        // as if it were a few rows.
        if newly_built >= ANALYZE_AFTER_DAYS && db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("ANALYZE report_revenue_days, report_router_days, report_days")
                .await?;
        }
    }
    let mut open = BTreeMap::new();
    let parts = wanted.parts();
    if from <= today && today <= to {
        let (start, end) = crate::days::bounds(today, office_tz)?;
        open.insert(today, add_up(db, start, end, parts).await?);
    }
    // Days to come hold nothing, unless the clock was behind when something was saved: looked
    // at together, and one by one only then.
    let tomorrow = today.succ_opt().unwrap_or(today);
    let first_to_come = from.max(tomorrow);
    if first_to_come > today && first_to_come <= to {
        let (start, _) = crate::days::bounds(first_to_come, office_tz)?;
        let (_, end) = crate::days::bounds(to, office_tz)?;
        if add_up(db, start, end, parts).await? != DayRollup::default() {
            for day in first_to_come.iter_days().take_while(|d| *d <= to) {
                let (start, end) = crate::days::bounds(day, office_tz)?;
                open.insert(day, add_up(db, start, end, parts).await?);
            }
        }
    }
    Ok(Rolled {
        from,
        to,
        ended,
        open,
    })
}

impl Rolled {
    /// Every day of the range, as `wanted` asks (a day with nothing holds nothing).
    pub async fn days(
        &self,
        db: &impl ConnectionTrait,
        wanted: Wanted,
    ) -> CoreResult<BTreeMap<NaiveDate, DayRollup>> {
        let mut out: BTreeMap<NaiveDate, DayRollup> = self
            .from
            .iter_days()
            .take_while(|d| *d <= self.to)
            .map(|d| (d, DayRollup::default()))
            .collect();
        if let Some((first, last)) = self.ended {
            stored::read(db, first, last, wanted, Grouping::PerDay, &mut out).await?;
        }
        for (day, rollup) in &self.open {
            out.insert(*day, wanted.keep(rollup));
        }
        Ok(out)
    }

    /// The whole range as one roll-up, as `wanted` asks.
    pub async fn totals(&self, db: &impl ConnectionTrait, wanted: Wanted) -> CoreResult<DayRollup> {
        let mut summed = BTreeMap::new();
        if let Some((first, last)) = self.ended {
            stored::read(db, first, last, wanted, Grouping::Summed, &mut summed).await?;
        }
        let mut total = summed.into_values().next().unwrap_or_default();
        for rollup in self.open.values() {
            total.add(&wanted.keep(rollup))?;
        }
        Ok(total)
    }
}

/// The roll-ups of the office days `from` to `to`, day by day (see [`prepare`]).
pub(crate) async fn days(
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
) -> CoreResult<BTreeMap<NaiveDate, DayRollup>> {
    prepare(ctx, from, to, wanted)
        .await?
        .days(ctx.db(), wanted)
        .await
}

/// The office days `from` to `to` as one roll-up (see [`prepare`]).
pub(crate) async fn totals(
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
    wanted: Wanted,
) -> CoreResult<DayRollup> {
    prepare(ctx, from, to, wanted)
        .await?
        .totals(ctx.db(), wanted)
        .await
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
        txn.execute_unprepared(
            "LOCK TABLE payments, voucher_transitions IN SHARE ROW EXCLUSIVE MODE",
        )
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
    let rollup = add_up(&txn, start, end, Parts::ALL).await?;
    report_revenue_day::Entity::delete_many()
        .filter(report_revenue_day::Column::Day.eq(key.clone()))
        .exec(&txn)
        .await?;
    report_router_day::Entity::delete_many()
        .filter(report_router_day::Column::Day.eq(key.clone()))
        .exec(&txn)
        .await?;
    report_voucher_day::Entity::delete_many()
        .filter(report_voucher_day::Column::Day.eq(key.clone()))
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
    let cards: Vec<report_voucher_day::ActiveModel> = rollup
        .cards
        .into_iter()
        .map(
            |((batch_id, staff_id, to_state), moves)| report_voucher_day::ActiveModel {
                day: Set(key.clone()),
                batch_id: Set(batch_id),
                staff_id: Set(staff_id),
                to_state: Set(to_state),
                moves: Set(moves),
            },
        )
        .collect();
    for chunk in cards.chunks(500) {
        report_voucher_day::Entity::insert_many(chunk.to_vec())
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

/// Marks the office day of instant `at` as no longer rolled up, in the caller's transaction:
/// cards' moves are written at the time they happen, which is today, unless this machine's
/// clock is behind the one that rolled the day up. On PostgreSQL the moves are written first,
/// so a roll-up being built waits for them, or they for it (see the module).
pub(crate) async fn stale_at(db: &impl ConnectionTrait, at: DateTime<Utc>) -> CoreResult<()> {
    let office_tz = crate::settings::office_time_zone(db).await?;
    let day = crate::days::office_day(at, office_tz);
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
/// (the roll-up consistency check the tests and the reports bench run).
pub async fn verify(ctx: &Context, from: NaiveDate, to: NaiveDate) -> CoreResult<Vec<String>> {
    ctx.require(tikbill_api::Permission::ViewReports)?;
    let office_tz = ctx.office_time_zone().await?;
    let db = ctx.db();
    let mut stored = BTreeMap::new();
    stored::read(db, from, to, Wanted::ALL, Grouping::PerDay, &mut stored).await?;
    let built: Vec<NaiveDate> = report_day::Entity::find()
        .filter(report_day::Column::Day.gte(from.to_string()))
        .filter(report_day::Column::Day.lte(to.to_string()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|d| d.day.parse().ok())
        .collect();
    let mut differ = Vec::new();
    for day in built {
        let rollup = stored.remove(&day).unwrap_or_default();
        let (start, end) = crate::days::bounds(day, office_tz)?;
        if add_up(db, start, end, Parts::ALL).await? != rollup {
            differ.push(day.to_string());
        }
    }
    Ok(differ)
}
