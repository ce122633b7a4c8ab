//! The payments page at 1,000,000 payments (under 50 ms per page): `payment::list`, 50 payments
//! a page, for the first page, a page deep in, one customer's, each method, each state (common
//! and rare), one cashier's, days (one day, a week, a month, a year in the middle and its second
//! page, since a day, up to a day), combinations (a cashier's day, a cashier's cash, a method's
//! year, a cashier's gateway payments: none, as gateway payments have no cashier), and
//! `payment::totals` for several of the same filters; last, `payment::record` of one payment
//! into this full table.
//!
//! The payments cover two years up to "now" (about 1,370 a day) for 20,000 customers, taken by
//! 11 staff members (by their shares) or through a gateway (no cashier): cash 55%, bank
//! transfer 20%, mobile money 12%, gateway 8%, card 5%; applied 92%, unmatched 2%, reversed 2%,
//! pending 2%, failed 2%; IDR 98%, USD 2%. Each has the history rows the ledger would leave
//! (`payment_transitions`: created, then its move to its state). They are written straight
//! into the tables with plain SQL, 1,000 rows per `INSERT … VALUES` and 100,000 payments per
//! transaction; the staff members, a router and two plans are made through their services, the
//! customers with plain SQL too (what `customer_list` does).
//!
//! It runs on SQLite (a file in a temporary directory, left as the app leaves it: no `ANALYZE`)
//! and on PostgreSQL (a scratch database at `TIKBILL_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`, `VACUUM ANALYZE`d after the load as autovacuum
//! would soon do, and dropped at the end); when PostgreSQL cannot be reached it says so and runs
//! SQLite only. Both are opened through `db::open`, so the real migrations and indexes apply.
//! Filling them is not measured. With `PAYMENTS_BENCH_KEEP=1` both databases are left in place
//! (their locations printed) for a look at the plans with `EXPLAIN`.
//!
//! Run: `cargo bench -p tikbill-core --bench payments_page`

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use tikbill_api::{
    OfficeSettings, OwnerInput, PaymentFilter, PaymentMethod, PaymentState, StaffInput, StaffRole,
};
use tikbill_core::{payment, settings, staff, Context, FixedClock};
use tokio::runtime::Runtime;

#[path = "support/fixture.rs"]
mod fixture;

use fixture::{cash, instant, plan, quoted, tower, BenchDb, Rng};

const PAYMENTS: u64 = 1_000_000;
const CUSTOMERS: u64 = 20_000;
/// Rows per `INSERT`.
const ROWS_PER_INSERT: u64 = 1_000;
/// Payments per transaction.
const ROWS_PER_TRANSACTION: u64 = 100_000;
const PAGE: u32 = 50;
/// The payments' span: two years up to [`now`].
const DAYS: i64 = 730;

/// Staff members (user name, role) and their share of the payments taken at the counter (%).
const STAFF: [(&str, StaffRole, u64); 11] = [
    ("budi", StaffRole::Owner, 2),
    ("sari", StaffRole::Manager, 6),
    ("ayu", StaffRole::Cashier, 18),
    ("dewi", StaffRole::Cashier, 16),
    ("joko", StaffRole::Cashier, 14),
    ("rina", StaffRole::Cashier, 12),
    ("agus", StaffRole::Cashier, 10),
    ("maya", StaffRole::Cashier, 9),
    ("putri", StaffRole::Cashier, 7),
    ("wahyu", StaffRole::Cashier, 6),
    ("lina", StaffRole::Viewer, 0),
];

/// Methods and their share of the payments (%).
const METHODS: [(PaymentMethod, u64); 5] = [
    (PaymentMethod::Cash, 55),
    (PaymentMethod::BankTransfer, 20),
    (PaymentMethod::MobileMoney, 12),
    (PaymentMethod::Gateway, 8),
    (PaymentMethod::Card, 5),
];

/// States and their share of the payments (%).
const STATES: [(PaymentState, u64); 5] = [
    (PaymentState::Applied, 92),
    (PaymentState::Unmatched, 2),
    (PaymentState::Reversed, 2),
    (PaymentState::Pending, 2),
    (PaymentState::Failed, 2),
];

/// The office's time zone, whose days the filters name.
const OFFICE_TIME_ZONE: &str = "Asia/Jakarta";

/// The last payment's instant, and "now" for the bench.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A database holding the payments.
struct Fixture {
    bench: BenchDb,
    /// `staff_users.id` of each of [`STAFF`].
    staff_ids: Vec<i64>,
    /// The first customer's id.
    first_customer: i64,
}

impl Fixture {
    async fn filled(bench: BenchDb) -> Self {
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
        let staff_ids = staff_members(&ctx).await;
        let (router_id, plans) = shop(&ctx).await;
        let started = Instant::now();
        let mut rng = Rng(0x0074_696b_7061_7973);
        let txn = db.begin().await.expect("a transaction");
        for start in (0..CUSTOMERS).step_by(ROWS_PER_INSERT as usize) {
            let rows: Vec<String> = (start..(start + ROWS_PER_INSERT).min(CUSTOMERS))
                .map(|i| {
                    // All on the IDR plan: the USD payments name their plan.
                    let plan = plans[0];
                    format!(
                        "('user{i}', 'pw{i}', 'User {i}', NULL, NULL, 'hotspot', {router_id}, \
                         {plan}, 'active', NULL, {at}, {at})",
                        at = instant(now() - TimeDelta::days(DAYS + 1))
                    )
                })
                .collect();
            txn.execute_unprepared(&format!(
                "INSERT INTO customers (username, service_password, full_name, phone, email, \
                 service_type, router_id, profile_id, status, expires_at, created_at, \
                 updated_at) VALUES {}",
                rows.join(",")
            ))
            .await
            .expect("a batch of customers is saved");
        }
        txn.commit().await.expect("the customers are saved");
        let first_customer = number(db, "SELECT MIN(id) FROM customers").await;
        let first = now() - TimeDelta::days(DAYS);
        // Microseconds between payments, on average; each one's time is jittered by less than
        // that, so the times go up with the ids, as they mostly do in an office.
        let step = TimeDelta::days(DAYS).num_microseconds().unwrap_or(0) / PAYMENTS as i64;
        let jitter = u64::try_from(step / 2).unwrap_or(1);
        let mut n: u64 = 0;
        while n < PAYMENTS {
            let txn = db.begin().await.expect("a transaction");
            let end = (n + ROWS_PER_TRANSACTION).min(PAYMENTS);
            while n < end {
                let batch = n..(n + ROWS_PER_INSERT).min(end);
                let mut payments = Vec::new();
                let mut moves = Vec::new();
                for i in batch.clone() {
                    let at = first
                        + TimeDelta::microseconds(
                            step * i64::try_from(i).unwrap_or(0)
                                + i64::try_from(rng.below(jitter)).unwrap_or(0),
                        );
                    let (payment, history) =
                        made_up_payment(&mut rng, i, at, first_customer, &plans, &staff_ids);
                    payments.push(payment);
                    moves.extend(history);
                }
                txn.execute_unprepared(&format!(
                    "INSERT INTO payments ({PAYMENT_COLUMNS}) VALUES {}",
                    payments.join(",")
                ))
                .await
                .expect("a batch of payments is saved");
                txn.execute_unprepared(&format!(
                    "INSERT INTO payment_transitions ({MOVE_COLUMNS}) VALUES {}",
                    moves.join(",")
                ))
                .await
                .expect("a batch of payment histories is saved");
                n = batch.end;
            }
            txn.commit().await.expect("the payments are saved");
        }
        assert_eq!(
            number(db, "SELECT MAX(id) FROM payments").await,
            i64::try_from(PAYMENTS).unwrap_or(0),
            "payment i has id i + 1, as its history says"
        );
        println!(
            "{label}: {CUSTOMERS} customers and {PAYMENTS} payments with their history saved \
             in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        bench
            .vacuum_analyze(&["payments", "payment_transitions", "customers"])
            .await;
        Self {
            bench,
            staff_ids,
            first_customer,
        }
    }
}

/// The one number `sql` answers.
async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .expect("the query")
    .and_then(|row| row.try_get_by_index(0).ok())
    .expect("a number")
}

/// The staff members of [`STAFF`], made through their service; their ids.
async fn staff_members(ctx: &Context) -> Vec<i64> {
    let mut ids = Vec::new();
    for (i, (username, role, _)) in STAFF.iter().enumerate() {
        let password = "correct horse battery staple".to_string();
        let made = if i == 0 {
            staff::create_owner(
                ctx,
                &OwnerInput {
                    username: (*username).into(),
                    name: String::new(),
                    password,
                },
            )
            .await
        } else {
            staff::add(
                ctx,
                &StaffInput {
                    username: (*username).into(),
                    name: String::new(),
                    role: *role,
                    password,
                },
            )
            .await
        };
        ids.push(made.expect("a staff member").id);
    }
    ids
}

/// A router and two monthly plans, 150000 IDR and 10 USD, made through their services.
async fn shop(ctx: &Context) -> (i64, [i64; 2]) {
    let idr = plan(ctx, "Home 10M", "150000", "IDR", "months").await;
    let usd = plan(ctx, "Home USD", "10", "USD", "months").await;
    (tower(ctx).await, [idr, usd])
}

/// The columns [`made_up_payment`] fills, in its order.
const PAYMENT_COLUMNS: &str = "customer_id, profile_id, amount_e4, currency, method, gateway, \
                               gateway_reference, state, received_by, paid_at, created_at, \
                               updated_at, periods, credit_added_e4, credit_used_e4";
const MOVE_COLUMNS: &str = "payment_id, from_state, to_state, reason, actor, staff_id, at";

/// Payment number `i` as one `VALUES` row, and its history's rows (it gets id `i + 1`: the
/// table is new and the rows are saved in order): a method, a
/// state and (at the counter) a cashier by their shares, a customer (none when unmatched), one
/// or two periods of the customer's plan, sometimes a little more (credit).
fn made_up_payment(
    rng: &mut Rng,
    i: u64,
    at: DateTime<Utc>,
    first_customer: i64,
    plans: &[i64; 2],
    staff_ids: &[i64],
) -> (String, Vec<String>) {
    let id = i + 1;
    let method = METHODS[rng.weighted(METHODS.iter().map(|m| m.1))].0;
    let state = STATES[rng.weighted(STATES.iter().map(|s| s.1))].0;
    let usd = rng.below(50) == 0;
    let (plan, price_e4, currency) = if usd {
        (plans[1], 100_000_i64, "USD")
    } else {
        (plans[0], 1_500_000_000_i64, "IDR")
    };
    let customer = if state == PaymentState::Unmatched {
        "NULL".to_string()
    } else {
        (first_customer + i64::try_from(rng.below(CUSTOMERS)).unwrap_or(0)).to_string()
    };
    let periods = 1 + i64::from(rng.below(10) == 0);
    let extra = if rng.below(10) == 0 {
        i64::try_from(rng.below(100_000)).unwrap_or(0)
    } else {
        0
    };
    let amount_e4 = price_e4 * periods + extra;
    let (gateway, reference, cashier, actor) = if method == PaymentMethod::Gateway {
        (
            "'midtrans'",
            format!("'MT-{id}'"),
            "NULL".to_string(),
            "'gateway'".to_string(),
        )
    } else {
        let who = rng.weighted(STAFF.iter().map(|s| s.2));
        (
            "'manual'",
            format!("'manual-{id}'"),
            staff_ids[who].to_string(),
            quoted(&format!("staff:{}", STAFF[who].0)),
        )
    };
    let stamp = instant(at);
    let paid_at = if matches!(state, PaymentState::Pending | PaymentState::Failed) {
        "NULL"
    } else {
        stamp.as_str()
    };
    let credit_added = if state == PaymentState::Applied {
        extra
    } else {
        0
    };
    let row = format!(
        "({customer}, {plan}, {amount_e4}, '{currency}', '{}', {gateway}, {reference}, \
         '{}', {cashier}, {paid_at}, {stamp}, {stamp}, {periods}, {credit_added}, 0)",
        method.as_str(),
        state.as_str()
    );
    let first_state = if method == PaymentMethod::Gateway {
        PaymentState::Pending
    } else {
        PaymentState::Paid
    };
    let staff_id = if cashier == "NULL" {
        "NULL"
    } else {
        cashier.as_str()
    };
    let made = format!(
        "({id}, NULL, '{}', 'recorded', {actor}, {staff_id}, {stamp})",
        first_state.as_str()
    );
    let mut history = vec![made];
    if state != first_state {
        let from = match state {
            PaymentState::Reversed => PaymentState::Applied,
            _ => first_state,
        };
        history.push(format!(
            "({id}, '{}', '{}', 'bench', {actor}, {staff_id}, {stamp})",
            from.as_str(),
            state.as_str()
        ));
    }
    (row, history)
}

/// The pages measured, by name.
fn page_cases(fixture: &Fixture) -> Vec<(String, PaymentFilter)> {
    let first = PaymentFilter {
        limit: Some(PAGE),
        ..PaymentFilter::default()
    };
    let with = |f: &dyn Fn(&mut PaymentFilter)| {
        let mut filter = first.clone();
        f(&mut filter);
        filter
    };
    // Ayu, the cashier with the most payments (18% of the counter's); lina, a viewer, took none.
    let ayu = Some(fixture.staff_ids[2]);
    let lina = Some(fixture.staff_ids[10]);
    let middle = i64::try_from(PAYMENTS / 2).unwrap_or(0);
    let customer = Some(fixture.first_customer + 4242);
    let days = |from: &str, to: &str| {
        with(&|f| {
            f.from = (!from.is_empty()).then(|| from.to_string());
            f.to = (!to.is_empty()).then(|| to.to_string());
        })
    };
    let mut cases: Vec<(String, PaymentFilter)> = vec![
        ("first page".into(), first.clone()),
        (
            format!("deep page (before id {middle})"),
            with(&|f| f.before_id = Some(middle)),
        ),
        ("one customer".into(), with(&|f| f.customer_id = customer)),
    ];
    for (method, _) in METHODS {
        cases.push((
            format!("method {}", method.as_str()),
            with(&|f| f.method = Some(method)),
        ));
    }
    for state in [
        PaymentState::Applied,
        PaymentState::Reversed,
        PaymentState::Pending,
        PaymentState::Paid,
    ] {
        cases.push((
            format!("state {}", state.as_str()),
            with(&|f| f.state = Some(state)),
        ));
    }
    cases.extend([
        ("cashier ayu".into(), with(&|f| f.cashier = ayu)),
        (
            format!("cashier ayu, before id {middle}"),
            with(&|f| {
                f.cashier = ayu;
                f.before_id = Some(middle);
            }),
        ),
        ("cashier lina (none)".into(), with(&|f| f.cashier = lina)),
        (
            "one day (2025-11-20)".into(),
            days("2025-11-20", "2025-11-20"),
        ),
        (
            "one week (2025-11-17 to 23)".into(),
            days("2025-11-17", "2025-11-23"),
        ),
        (
            "one month (2025-11)".into(),
            days("2025-11-01", "2025-11-30"),
        ),
        (
            "one year (2025-03-01 to 2026-02-28)".into(),
            days("2025-03-01", "2026-02-28"),
        ),
        ("since 2026-01-01".into(), days("2026-01-01", "")),
        ("up to 2025-01-31".into(), days("", "2025-01-31")),
        (
            "cashier ayu, one day".into(),
            with(&|f| {
                f.cashier = ayu;
                f.from = Some("2025-11-20".into());
                f.to = Some("2025-11-20".into());
            }),
        ),
        (
            "cashier ayu, cash".into(),
            with(&|f| {
                f.cashier = ayu;
                f.method = Some(PaymentMethod::Cash);
            }),
        ),
        (
            "method card, one year".into(),
            with(&|f| {
                f.method = Some(PaymentMethod::Card);
                f.from = Some("2025-03-01".into());
                f.to = Some("2026-02-28".into());
            }),
        ),
        (
            "state reversed, method card".into(),
            with(&|f| {
                f.state = Some(PaymentState::Reversed);
                f.method = Some(PaymentMethod::Card);
            }),
        ),
        (
            "one customer, state applied".into(),
            with(&|f| {
                f.customer_id = customer;
                f.state = Some(PaymentState::Applied);
            }),
        ),
        (
            "cashier ayu, method gateway (none)".into(),
            with(&|f| {
                f.cashier = ayu;
                f.method = Some(PaymentMethod::Gateway);
            }),
        ),
    ]);
    cases
}

/// The totals measured, by name.
fn totals_cases(fixture: &Fixture) -> Vec<(String, PaymentFilter)> {
    let ayu = Some(fixture.staff_ids[2]);
    let days = |from: &str, to: &str| PaymentFilter {
        from: Some(from.into()),
        to: Some(to.into()),
        ..PaymentFilter::default()
    };
    vec![
        (
            "one day (2025-11-20)".into(),
            days("2025-11-20", "2025-11-20"),
        ),
        (
            "cashier ayu, one day".into(),
            PaymentFilter {
                cashier: ayu,
                ..days("2025-11-20", "2025-11-20")
            },
        ),
        (
            "one month (2025-11)".into(),
            days("2025-11-01", "2025-11-30"),
        ),
        (
            "one customer".into(),
            PaymentFilter {
                customer_id: Some(fixture.first_customer + 4242),
                ..PaymentFilter::default()
            },
        ),
        (
            "state reversed".into(),
            PaymentFilter {
                state: Some(PaymentState::Reversed),
                ..PaymentFilter::default()
            },
        ),
        (
            "one year (2025-03-01 to 2026-02-28)".into(),
            days("2025-03-01", "2026-02-28"),
        ),
        ("every payment".into(), PaymentFilter::default()),
    ]
}

fn measure_pages(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    ctx: &Context,
    fixture: &Fixture,
) {
    let mut cases = std::collections::VecDeque::from(page_cases(fixture));
    while let Some((name, filter)) = cases.pop_front() {
        // Once outside the measurement, to show what the page holds.
        let page = runtime
            .block_on(payment::list(ctx, &filter))
            .expect("a page of payments");
        println!(
            "{} / {name}: {} payments, ids {} to {}, next page before {:?}",
            fixture.bench.label,
            page.payments.len(),
            page.payments.first().map_or(0, |p| p.id),
            page.payments.last().map_or(0, |p| p.id),
            page.next_before_id
        );
        // The year's next page: it starts inside the days.
        if name.starts_with("one year") && filter.before_id.is_none() {
            cases.push_front((
                format!("{name}, second page"),
                PaymentFilter {
                    before_id: page.next_before_id,
                    ..filter.clone()
                },
            ));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(payment::list(ctx, &filter))
                    .expect("a page of payments")
            });
        });
    }
}

fn measure_totals(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    ctx: &Context,
    fixture: &Fixture,
) {
    for (name, filter) in totals_cases(fixture) {
        let totals = runtime
            .block_on(payment::totals(ctx, &filter))
            .expect("the totals");
        let shown: Vec<String> = totals
            .currencies
            .iter()
            .map(|c| {
                format!(
                    "{} {} ({} payments; reversed {})",
                    c.currency, c.taken.amount, c.taken.count, c.reversed.count
                )
            })
            .collect();
        println!(
            "{} / totals, {name}: {}",
            fixture.bench.label,
            shown.join(", ")
        );
        group.bench_function(format!("totals, {name}"), |b| {
            b.iter(|| {
                runtime
                    .block_on(payment::totals(ctx, &filter))
                    .expect("the totals")
            });
        });
    }
}

/// One payment recorded and applied into the full table (one period for one of the customers,
/// each run the next customer).
fn measure_record(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    ctx: &Context,
    fixture: &Fixture,
) {
    let mut n: i64 = 0;
    group.bench_function("record one payment", |b| {
        b.iter(|| {
            n += 1;
            let input = cash(fixture.first_customer + 10_000 + n % 5_000);
            runtime
                .block_on(payment::record(ctx, &input))
                .expect("a payment")
        });
    });
}

fn payments_page(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let fixtures = fixture::each_database(&runtime, Fixture::filled);
    for fixture in &fixtures {
        let ctx = tikbill_core::test_context::context(&fixture.bench.db, &FixedClock::at(now()));
        let label = fixture.bench.label;
        let mut group = c.benchmark_group(format!("payments_page {label}"));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        measure_pages(&mut group, &runtime, &ctx, fixture);
        group.finish();
        let mut group = c.benchmark_group(format!("payments_totals {label}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        measure_totals(&mut group, &runtime, &ctx, fixture);
        measure_record(&mut group, &runtime, &ctx, fixture);
        group.finish();
    }
    for fixture in fixtures {
        runtime.block_on(fixture.bench.finish("PAYMENTS_BENCH_KEEP"));
    }
}

criterion_group!(benches, payments_page);
criterion_main!(benches);
