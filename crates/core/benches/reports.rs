//! Reports and the dashboard at an ISP's size (under 100 ms each): 100,000 customers on 50
//! routers, 1,000,000 payments over the last year, a year of health checks for the 50
//! routers (one every 5 minutes: 5,256,000 checks, with outages), and 200,000 prepaid cards
//! with their 800,000 moves. Measured: the dashboard's
//! figures and charts, and each report over the whole year, with the daily roll-ups built;
//! beside them the same figures hand-written in SQL over the raw rows, and the first read of
//! the year, which builds its 365 roll-ups. At the end every roll-up is compared with its raw
//! rows (`rollup::verify`).
//!
//! The rows are written with plain SQL, 1,000 per `INSERT … VALUES`; routers, plans and staff
//! through their services. SQLite is a temporary file left as the app leaves it (no `ANALYZE`);
//! PostgreSQL a scratch database `VACUUM ANALYZE`d after the load, dropped at the end
//! (`REPORTS_BENCH_KEEP=1` keeps both; `REPORTS_BENCH_SQLITE=<dir>` and
//! `REPORTS_BENCH_POSTGRES=<url>` reuse kept ones instead of filling). The office is in Asia/Jakarta (UTC+7, no daylight
//! saving), which the hand-written SQL's day arithmetic relies on.
//!
//! Run: `cargo bench -p tikbill-core --bench reports`

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
use tikbill_api::{
    ChartTheme, OfficeSettings, OwnerInput, ReportKind, ReportPeriod, ReportRequest, RevenueBy,
};
use tikbill_core::{dashboard, report, settings, staff, Context, FixedClock};
use tokio::runtime::Runtime;

#[path = "support/fixture.rs"]
mod fixture;

use fixture::{instant, plan, BenchDb, Rng};

const CUSTOMERS: u64 = 100_000;
/// Prepaid cards: batches of 1,000 made over the year, each card sold, first used and ended
/// (800,000 moves).
const CARD_BATCHES: u64 = 200;
const CARDS_PER_BATCH: u64 = 1_000;
const PAYMENTS: u64 = 1_000_000;
const ROUTERS: u64 = 50;
/// One health check per router every 5 minutes.
const CHECK_EVERY_MINUTES: i64 = 5;
const DAYS: i64 = 365;
const ROWS_PER_INSERT: u64 = 1_000;
const ROWS_PER_TRANSACTION: u64 = 100_000;
const OFFICE_TIME_ZONE: &str = "Asia/Jakarta";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 5, 0, 0)
        .single()
        .expect("a valid instant")
}

/// The office's day of `now()` and the year of days before it.
fn year() -> (NaiveDate, NaiveDate) {
    let today = (now() + TimeDelta::hours(7)).date_naive();
    (today - TimeDelta::days(DAYS - 1), today)
}

async fn insert_all(
    db: &sea_orm::DatabaseConnection,
    table_and_columns: &str,
    count: u64,
    mut row: impl FnMut(u64) -> String,
) {
    let mut n = 0;
    while n < count {
        let txn = db.begin().await.expect("a transaction");
        let end = (n + ROWS_PER_TRANSACTION).min(count);
        while n < end {
            let batch = n..(n + ROWS_PER_INSERT).min(end);
            let rows: Vec<String> = batch.clone().map(&mut row).collect();
            txn.execute_unprepared(&format!(
                "INSERT INTO {table_and_columns} VALUES {}",
                rows.join(",")
            ))
            .await
            .expect("a batch is saved");
            n = batch.end;
        }
        txn.commit().await.expect("saved");
    }
}

async fn filled(bench: BenchDb) -> BenchDb {
    let (db, label) = (&bench.db, bench.label);
    let clock = FixedClock::at(now());
    let ctx = tikbill_core::test_context::context(db, &clock);
    settings::save_office_settings(
        &ctx,
        &OfficeSettings {
            time_zone: OFFICE_TIME_ZONE.into(),
            idle_lock_minutes: tikbill_api::DEFAULT_IDLE_LOCK_MINUTES,
        },
    )
    .await
    .expect("the office's time zone");
    let mut cashiers = vec![
        staff::create_owner(
            &ctx,
            &OwnerInput {
                username: "budi".into(),
                name: String::new(),
                password: "correct horse battery staple".into(),
            },
        )
        .await
        .expect("the owner")
        .id,
    ];
    for name in ["ayu", "dewi", "joko", "rina"] {
        let made = staff::add(
            &ctx,
            &tikbill_api::StaffInput {
                username: name.into(),
                name: String::new(),
                role: tikbill_api::StaffRole::Cashier,
                password: "correct horse battery staple".into(),
            },
        )
        .await
        .expect("a cashier");
        cashiers.push(made.id);
    }
    let mut routers = Vec::new();
    for r in 0..ROUTERS {
        let made = tikbill_core::router::create(
            &ctx,
            &tikbill_api::RouterInput {
                name: format!("Tower {r:02}"),
                host: format!("10.8.{r}.1"),
                port: String::new(),
                use_tls: false,
                username: "billing".into(),
                password: Some("bench-pw".into()),
            },
        )
        .await
        .expect("a router");
        routers.push(made.id);
    }
    let mut plans = Vec::new();
    for (name, price) in [
        ("Daily", "5000"),
        ("Weekly", "30000"),
        ("Monthly", "150000"),
        ("Home 20M", "300000"),
    ] {
        plans.push(plan(&ctx, name, price, "IDR", "months").await);
    }
    let started = Instant::now();
    let mut rng = Rng(0x0072_6570_6f72_7473);
    let first = now() - TimeDelta::days(DAYS);
    let year = TimeDelta::days(DAYS);
    insert_all(
        db,
        "customers (username, service_password, full_name, phone, email, service_type, \
         router_id, profile_id, status, expires_at, created_at, updated_at)",
        CUSTOMERS,
        |i| {
            let made = first + rng.within(year);
            let ends = made + TimeDelta::days(1 + i64::try_from(rng.below(400)).unwrap_or(0));
            let status = if ends > now() { "active" } else { "expired" };
            format!(
                "('user{i}', 'pw', 'User {i}', NULL, NULL, 'hotspot', {router}, {plan}, \
                 '{status}', {ends}, {made}, {made})",
                router = routers[usize::try_from(i % ROUTERS).unwrap_or(0)],
                plan = plans[usize::try_from(rng.below(4)).unwrap_or(0)],
                ends = instant(ends),
                made = instant(made),
            )
        },
    )
    .await;
    let first_customer = number(db, "SELECT MIN(id) FROM customers").await;
    let step = year.num_microseconds().unwrap_or(0) / PAYMENTS as i64;
    let methods = ["cash", "bank_transfer", "mobile_money", "gateway", "card"];
    insert_all(
        db,
        "payments (customer_id, profile_id, amount_e4, currency, method, gateway, \
         gateway_reference, state, received_by, paid_at, created_at, updated_at, periods, \
         credit_added_e4, credit_used_e4)",
        PAYMENTS,
        |i| {
            let at = first + TimeDelta::microseconds(step * i64::try_from(i).unwrap_or(0));
            let method = methods[rng.weighted([55, 20, 12, 8, 5].into_iter())];
            let state = ["applied", "reversed", "unmatched", "pending", "failed"]
                [rng.weighted([94, 2, 2, 1, 1].into_iter())];
            let usd = rng.below(50) == 0;
            let (currency, amount) = if usd {
                ("USD", 100_000)
            } else {
                ("IDR", 1_500_000_000)
            };
            let customer = if state == "unmatched" {
                "NULL".to_string()
            } else {
                (first_customer + i64::try_from(rng.below(CUSTOMERS)).unwrap_or(0)).to_string()
            };
            let cashier = if method == "gateway" {
                "NULL".to_string()
            } else {
                cashiers[usize::try_from(rng.below(5)).unwrap_or(0)].to_string()
            };
            format!(
                "({customer}, {plan}, {amount}, '{currency}', '{method}', 'manual', 'R{i}', \
                 '{state}', {cashier}, {at}, {at}, {at}, 1, 0, 0)",
                plan = plans[usize::try_from(rng.below(4)).unwrap_or(0)],
                at = instant(at),
            )
        },
    )
    .await;
    // A year of checks, router by router every 5 minutes; each router is down now and then
    // (about 2 hours in every 10 days), and its outages are kept as the checks would.
    let per_router = u64::try_from(DAYS * 24 * 60 / CHECK_EVERY_MINUTES).unwrap_or(0);
    let offline = |router: u64, k: u64| (k + router * 97) % 2_880 < 24;
    insert_all(
        db,
        "router_checks (router_id, checked_at, online, latency_ms)",
        per_router * ROUTERS,
        |n| {
            let (k, router) = (n / ROUTERS, n % ROUTERS);
            let at =
                first + TimeDelta::minutes(CHECK_EVERY_MINUTES * i64::try_from(k).unwrap_or(0));
            let down = offline(router, k);
            format!(
                "({}, {}, {}, {})",
                routers[usize::try_from(router).unwrap_or(0)],
                instant(at),
                if down { "FALSE" } else { "TRUE" },
                if down {
                    "NULL".to_string()
                } else {
                    (8 + rng.below(40)).to_string()
                }
            )
        },
    )
    .await;
    let mut outages = Vec::new();
    for router in 0..ROUTERS {
        let mut k = 0;
        while k < per_router {
            if offline(router, k) && (k == 0 || !offline(router, k - 1)) {
                let start =
                    first + TimeDelta::minutes(CHECK_EVERY_MINUTES * i64::try_from(k).unwrap_or(0));
                outages.push(format!(
                    "({}, {}, {})",
                    routers[usize::try_from(router).unwrap_or(0)],
                    instant(start),
                    instant(start + TimeDelta::minutes(CHECK_EVERY_MINUTES * 24))
                ));
            }
            k += 1;
        }
    }
    for chunk in outages.chunks(1_000) {
        db.execute_unprepared(&format!(
            "INSERT INTO router_outages (router_id, started_at, ended_at) VALUES {}",
            chunk.join(",")
        ))
        .await
        .expect("outages");
    }
    println!(
        "{label}: {CUSTOMERS} customers, {PAYMENTS} payments, {} checks and {} outages saved in {:.1} s",
        per_router * ROUTERS,
        outages.len(),
        started.elapsed().as_secs_f64()
    );
    fill_cards(&bench, &plans, &cashiers).await;
    bench
        .vacuum_analyze(&["payments", "customers", "router_checks", "router_outages"])
        .await;
    bench
}

/// A year of prepaid cards: [`CARD_BATCHES`] batches evenly over the year; each card moved to
/// `on_router` when made, sold by a cashier within 10 days, first used within a day of that, and
/// then used up or expired a day later (moves still to come are left out).
async fn fill_cards(bench: &BenchDb, plans: &[i64], cashiers: &[i64]) {
    let (db, label) = (&bench.db, bench.label);
    let started = Instant::now();
    let mut rng = Rng(0x0063_6172_6473);
    let first = now() - TimeDelta::days(DAYS);
    let every = TimeDelta::days(DAYS) / i32::try_from(CARD_BATCHES).unwrap_or(1);
    let made_at = |batch: u64| first + every * i32::try_from(batch).unwrap_or(0);
    insert_all(
        db,
        "voucher_batches (profile_id, count, price_e4, currency, prefix, code_length, \
         same_password, time_mode, duration_value, duration_unit, created_by, \
         created_by_label, created_at)",
        CARD_BATCHES,
        |b| {
            format!(
                "({plan}, {CARDS_PER_BATCH}, 50000000, 'IDR', '', 8, TRUE, 'first_login', 1, \
                 'days', {cashier}, 'budi', {at})",
                plan = plans[usize::try_from(b % 4).unwrap_or(0)],
                cashier = cashiers[0],
                at = instant(made_at(b)),
            )
        },
    )
    .await;
    let first_batch = number(db, "SELECT MIN(id) FROM voucher_batches").await;
    // Each card's moves, worked out once: (state now, [(state, at, cashier)]).
    let cards = CARD_BATCHES * CARDS_PER_BATCH;
    let mut moves: Vec<(u64, &str, DateTime<Utc>, Option<i64>)> = Vec::new();
    let mut states = Vec::with_capacity(usize::try_from(cards).unwrap_or(0));
    for card in 0..cards {
        let made = made_at(card / CARDS_PER_BATCH);
        let sold = made + rng.within(TimeDelta::days(10));
        let used = sold + rng.within(TimeDelta::days(1));
        let ended = used + TimeDelta::days(1);
        let end_state = if rng.below(3) == 0 {
            "used_up"
        } else {
            "expired"
        };
        let cashier = cashiers[usize::try_from(rng.below(5)).unwrap_or(0)];
        let mut state = "on_router";
        moves.push((card, "on_router", made, None));
        for (to, at, by) in [
            ("sold", sold, Some(cashier)),
            ("in_use", used, None),
            (end_state, ended, None),
        ] {
            if at <= now() {
                moves.push((card, to, at, by));
                state = to;
            }
        }
        states.push(state);
    }
    insert_all(
        db,
        "vouchers (batch_id, serial, code, password, state, updated_at)",
        cards,
        |card| {
            format!(
                "({batch}, {serial}, 'C{card:07}', NULL, '{state}', {at})",
                batch = first_batch + i64::try_from(card / CARDS_PER_BATCH).unwrap_or(0),
                serial = card % CARDS_PER_BATCH + 1,
                state = states[usize::try_from(card).unwrap_or(0)],
                at = instant(now()),
            )
        },
    )
    .await;
    let first_card = number(db, "SELECT MIN(id) FROM vouchers").await;
    insert_all(
        db,
        "voucher_transitions (voucher_id, from_state, to_state, reason, actor, staff_id, at)",
        moves.len() as u64,
        |n| {
            let (card, to, at, by) = moves[usize::try_from(n).unwrap_or(0)];
            format!(
                "({card}, NULL, '{to}', 'bench', 'bench', {by}, {at})",
                card = first_card + i64::try_from(card).unwrap_or(0),
                by = by.map_or_else(|| "NULL".to_string(), |id| id.to_string()),
                at = instant(at),
            )
        },
    )
    .await;
    println!(
        "{label}: {cards} cards in {CARD_BATCHES} batches with {} moves saved in {:.1} s",
        moves.len(),
        started.elapsed().as_secs_f64()
    );
    bench
        .vacuum_analyze(&["voucher_batches", "vouchers", "voucher_transitions"])
        .await;
}

/// A kept database from before cards were in this bench gets them.
async fn cards_if_none(bench: &BenchDb) {
    if number(&bench.db, "SELECT COUNT(*) FROM voucher_batches").await > 0 {
        return;
    }
    let ids = |sql: &'static str| async move {
        bench
            .db
            .query_all_raw(Statement::from_string(bench.db.get_database_backend(), sql))
            .await
            .expect("ids")
            .into_iter()
            .map(|row| row.try_get_by_index::<i64>(0).expect("an id"))
            .collect::<Vec<i64>>()
    };
    let plans = ids("SELECT id FROM profiles ORDER BY id").await;
    let cashiers = ids("SELECT id FROM staff_users ORDER BY id").await;
    fill_cards(bench, &plans, &cashiers).await;
}

async fn number(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("the query")
        .and_then(|row| row.try_get_by_index(0).ok())
        .expect("a number")
}

fn request(kind: ReportKind, period: ReportPeriod, by: RevenueBy) -> ReportRequest {
    let (from, to) = year();
    ReportRequest {
        kind,
        from: from.to_string(),
        to: to.to_string(),
        period,
        by,
        theme: ChartTheme::Light,
    }
}

fn cases() -> Vec<(&'static str, ReportRequest)> {
    use ReportKind::*;
    use ReportPeriod::{Day, Month, Week};
    vec![
        (
            "revenue, a year by day",
            request(Revenue, Day, RevenueBy::Time),
        ),
        (
            "revenue, a year by month",
            request(Revenue, Month, RevenueBy::Time),
        ),
        (
            "revenue, a year by method",
            request(Revenue, Day, RevenueBy::Method),
        ),
        (
            "revenue, a year by plan",
            request(Revenue, Day, RevenueBy::Plan),
        ),
        (
            "revenue, a year by router",
            request(Revenue, Day, RevenueBy::Router),
        ),
        (
            "revenue, a year by cashier",
            request(Revenue, Day, RevenueBy::Cashier),
        ),
        (
            "customers, a year by week",
            request(Customers, Week, RevenueBy::Time),
        ),
        (
            "customers, a year by day",
            request(Customers, Day, RevenueBy::Time),
        ),
        (
            "routers, a year by day",
            request(Routers, Day, RevenueBy::Time),
        ),
        ("plans, a year", request(Plans, Month, RevenueBy::Time)),
        (
            "vouchers, a year",
            request(Vouchers, Month, RevenueBy::Time),
        ),
    ]
}

/// The same figures hand-written in SQL over the raw rows (Jakarta is UTC+7 all year).
fn hand_written(backend: DbBackend) -> Vec<(&'static str, String)> {
    let (from, _) = year();
    let start = instant(
        Utc.from_utc_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default()) - TimeDelta::hours(7),
    );
    let day = |column: &str| match backend {
        DbBackend::Postgres => format!("(({column}) AT TIME ZONE 'Asia/Jakarta')::date"),
        _ => format!("date({column}, '+7 hours')"),
    };
    vec![
        (
            "SQL: money taken per day and currency, a year",
            format!(
                "SELECT {d}, currency, SUM(amount_e4), COUNT(*) FROM payments \
                 WHERE created_at >= {start} AND state IN ('paid', 'unmatched', 'applied') \
                 GROUP BY {d}, currency",
                d = day("created_at")
            ),
        ),
        (
            "SQL: money taken per method and currency, a year",
            format!(
                "SELECT method, currency, SUM(amount_e4), COUNT(*) FROM payments \
                 WHERE created_at >= {start} AND state IN ('paid', 'unmatched', 'applied') \
                 GROUP BY method, currency"
            ),
        ),
        (
            "SQL: money taken per router, a year",
            format!(
                "SELECT c.router_id, p.currency, SUM(p.amount_e4) FROM payments p \
                 LEFT JOIN customers c ON c.id = p.customer_id \
                 WHERE p.created_at >= {start} AND p.state IN ('paid', 'unmatched', 'applied') \
                 GROUP BY c.router_id, p.currency"
            ),
        ),
        (
            "SQL: new customers per day, a year",
            format!(
                "SELECT {d}, COUNT(*) FROM customers WHERE created_at >= {start} GROUP BY {d}",
                d = day("created_at")
            ),
        ),
        (
            "SQL: cards' moves per batch, cashier and state, a year",
            format!(
                "SELECT v.batch_id, t.staff_id, t.to_state, COUNT(*) FROM voucher_transitions t \
                 JOIN vouchers v ON v.id = t.voucher_id WHERE t.at >= {start} \
                 GROUP BY v.batch_id, t.staff_id, t.to_state"
            ),
        ),
        (
            "SQL: uptime and answer time per router, a year",
            format!(
                "SELECT router_id, COUNT(*), SUM(CASE WHEN online THEN 1 ELSE 0 END), \
                 AVG(latency_ms) FROM router_checks WHERE checked_at >= {start} \
                 GROUP BY router_id"
            ),
        ),
    ]
}

fn measure(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    ctx: &Context,
    label: &str,
) {
    let (from, to) = year();
    // The first read of the year builds its roll-ups (once; not repeated by criterion).
    let started = Instant::now();
    let first = runtime
        .block_on(report::view(
            ctx,
            &request(ReportKind::Revenue, ReportPeriod::Month, RevenueBy::Time),
        ))
        .expect("the first report");
    println!(
        "{label}: the first year's report, building its daily roll-ups, took {:.2} s; {:?}",
        started.elapsed().as_secs_f64(),
        first
            .figures
            .iter()
            .map(|f| format!("{} {}", f.label, f.value))
            .collect::<Vec<_>>()
    );
    group.bench_function("dashboard figures", |b| {
        b.iter(|| runtime.block_on(dashboard::figures(ctx)).expect("figures"))
    });
    group.bench_function("dashboard charts", |b| {
        b.iter(|| {
            runtime
                .block_on(dashboard::charts(ctx, ChartTheme::Light))
                .expect("charts")
        })
    });
    for (name, request) in cases() {
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(report::view(ctx, &request))
                    .expect("a report")
            })
        });
    }
    let backend = ctx.db().get_database_backend();
    for (name, sql) in hand_written(backend) {
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(
                        ctx.db()
                            .query_all_raw(Statement::from_string(backend, sql.clone())),
                    )
                    .expect("the query")
            })
        });
    }
    let differ = runtime
        .block_on(report::rollup::verify(ctx, from, to))
        .expect("verified");
    assert!(
        differ.is_empty(),
        "{label}: roll-ups that differ from their rows: {differ:?}"
    );
    println!("{label}: all {DAYS} daily roll-ups equal their raw rows");
}

fn reports(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let filled = match fixture::kept(&runtime, "REPORTS_BENCH") {
        Some(kept) => {
            for bench in &kept {
                runtime.block_on(cards_if_none(bench));
            }
            kept
        }
        None => fixture::each_database(&runtime, filled),
    };
    for bench in &filled {
        let ctx = tikbill_core::test_context::context(&bench.db, &FixedClock::at(now()));
        let mut group = c.benchmark_group(format!("reports {}", bench.label));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        measure(&mut group, &runtime, &ctx, bench.label);
        group.finish();
    }
    for bench in filled {
        runtime.block_on(bench.finish("REPORTS_BENCH_KEEP"));
    }
}

criterion_group!(benches, reports);
criterion_main!(benches);
