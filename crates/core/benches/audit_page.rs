//! The audit page at 1,000,000 entries (under 50 ms per page): `audit::page`, 50 entries a page,
//! for the first page, a page deep in (before the middle entry), one person's entries (first
//! page and deep in), one kind of record, one record's history (and one person's part of it),
//! one week, since a day (to now), a whole year in the middle of the log (and its second page),
//! and one person's week and year.
//!
//! The log covers two years (about 1,370 entries a day) by 12 staff members and the agent (15%
//! of the entries), about 20,000 customers (62%), payments, vouchers, routers, profiles, staff
//! and settings. It is written straight into `activity_log` with plain SQL, 1,000 rows per
//! `INSERT … VALUES` and 100,000 per transaction: the rows are what `audit::record` would
//! store (their times never go back as the ids go up), except that `prev_hash` and `hash` are
//! made up (a counter), so the chain is NOT intact; verifying it is not part of this bench. The staff members are made through their
//! service, as the entries' `staff_user_id` must name real accounts.
//!
//! It runs on SQLite (a file in a temporary directory, left as the app leaves it: no `ANALYZE`)
//! and on PostgreSQL (a scratch database at `TIKBILL_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`, `VACUUM ANALYZE`d after the load as autovacuum
//! would soon do, and dropped at the end); when PostgreSQL cannot be reached it says so and runs
//! SQLite only. Both are opened through `db::open`, so the real migrations and indexes apply.
//! Filling them is not measured. With `AUDIT_PAGE_BENCH_KEEP=1` both databases are left in place
//! (their locations printed) for a look at the plans with `EXPLAIN`.
//!
//! Run: `cargo bench -p tikbill-core --bench audit_page`

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tikbill_api::{AuditFilter, OwnerInput, StaffInput, StaffRole};
use tikbill_core::{audit, staff, FixedClock};
use tokio::runtime::Runtime;

#[path = "support/fixture.rs"]
mod fixture;

use fixture::{instant, quoted, BenchDb, Rng};

const ENTRIES: u64 = 1_000_000;
/// Rows per `INSERT`.
const ROWS_PER_INSERT: u64 = 1_000;
/// Rows per transaction.
const ROWS_PER_TRANSACTION: u64 = 100_000;
const PAGE: u32 = 50;
/// The log's span: two years up to [`now`].
const DAYS: i64 = 730;

/// Staff members (user name, role) and their share of the staff entries (%).
const STAFF: [(&str, StaffRole, u64); 12] = [
    ("budi", StaffRole::Owner, 4),
    ("sari", StaffRole::Manager, 8),
    ("hendra", StaffRole::Manager, 6),
    ("ayu", StaffRole::Cashier, 14),
    ("dewi", StaffRole::Cashier, 13),
    ("joko", StaffRole::Cashier, 12),
    ("rina", StaffRole::Cashier, 11),
    ("agus", StaffRole::Cashier, 10),
    ("maya", StaffRole::Cashier, 9),
    ("putri", StaffRole::Cashier, 7),
    ("wahyu", StaffRole::Cashier, 5),
    ("lina", StaffRole::Viewer, 1),
];

/// Kinds of record: name, share of the entries (%), how many records of the kind (0: the
/// entries name no record), and the verbs done to them.
const KINDS: [(&str, u64, u64, &[&str]); 7] = [
    (
        "customer",
        62,
        20_000,
        &["create", "update", "extend", "disable", "enable", "expire"],
    ),
    ("payment", 20, 200_000, &["create", "refund"]),
    ("voucher", 8, 50_000, &["create", "use"]),
    ("router", 4, 12, &["update", "sync"]),
    ("profile", 2, 30, &["create", "update"]),
    ("staff", 2, 12, &["create", "set_role", "reset_password"]),
    ("settings", 2, 0, &["update"]),
];

/// The record whose history is measured: a customer with about 31 entries.
const ONE_CUSTOMER: i64 = 4242;

/// The log's last instant, and "now" for the bench.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A database holding the log.
struct Fixture {
    bench: BenchDb,
    /// `staff_users.id` of each of [`STAFF`].
    staff_ids: Vec<i64>,
}

impl Fixture {
    async fn filled(bench: BenchDb) -> Self {
        let (db, label) = (&bench.db, bench.label);
        let clock = FixedClock::at(now());
        let ctx = tikbill_core::test_context::context(db, &clock);
        let mut staff_ids = Vec::new();
        for (i, (username, role, _)) in STAFF.iter().enumerate() {
            let made = if i == 0 {
                staff::create_owner(
                    &ctx,
                    &OwnerInput {
                        username: (*username).into(),
                        name: String::new(),
                        password: "correct horse battery staple".into(),
                    },
                )
                .await
            } else {
                staff::add(
                    &ctx,
                    &StaffInput {
                        username: (*username).into(),
                        name: String::new(),
                        role: *role,
                        password: "correct horse battery staple".into(),
                    },
                )
                .await
            };
            staff_ids.push(made.expect("a staff member").id);
        }

        let started = Instant::now();
        let mut rng = Rng(0x0074_696b_6175_6474);
        let first = now() - TimeDelta::days(DAYS);
        // Microseconds between entries, on average.
        let step = TimeDelta::days(DAYS).num_microseconds().unwrap_or(0) / ENTRIES as i64;
        // Each entry's time is jittered by less than the step (about 63 s), so the times never go
        // back as the ids go up, as `audit::record` guarantees.
        let jitter = 1_000_000_u64;
        assert!(i64::try_from(jitter).unwrap_or(i64::MAX) < step);
        let mut last = first;
        let mut n: u64 = 0;
        while n < ENTRIES {
            let txn = db.begin().await.expect("a transaction");
            let end = (n + ROWS_PER_TRANSACTION).min(ENTRIES);
            while n < end {
                let rows: Vec<String> = (n..(n + ROWS_PER_INSERT).min(end))
                    .map(|i| {
                        let at = first
                            + TimeDelta::microseconds(
                                step * i64::try_from(i).unwrap_or(0)
                                    + i64::try_from(rng.below(jitter)).unwrap_or(0),
                            );
                        assert!(at >= last, "entry {i}'s time goes back");
                        last = at;
                        made_up_entry(&mut rng, i, at, &staff_ids)
                    })
                    .collect();
                txn.execute_unprepared(&format!(
                    "INSERT INTO activity_log ({COLUMNS}) VALUES {}",
                    rows.join(",")
                ))
                .await
                .expect("a batch of entries is saved");
                n += u64::try_from(rows.len()).unwrap_or(0);
            }
            txn.commit().await.expect("the entries are saved");
        }
        println!(
            "{label}: {ENTRIES} audit entries saved in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        bench.vacuum_analyze(&["activity_log"]).await;
        Self { bench, staff_ids }
    }
}

/// The columns [`made_up_entry`] fills, in its order.
const COLUMNS: &str = "staff_user_id, actor, origin, action, entity_type, entity_id, \
                       before_json, after_json, prev_hash, hash, created_at";

/// Entry number `i` as one `VALUES` row: who (a staff member by their share, or the agent),
/// a kind of record by its share and one of its records, a verb, small before and after JSON.
/// The hashes are made up (a counter): the chain is not intact.
fn made_up_entry(rng: &mut Rng, i: u64, at: DateTime<Utc>, staff_ids: &[i64]) -> String {
    let (staff_id, actor, origin) = if rng.below(100) < 15 {
        ("NULL".to_string(), "agent@office-pc".to_string(), "agent")
    } else {
        let who = rng.weighted(STAFF.iter().map(|s| s.2));
        (
            staff_ids[who].to_string(),
            format!("staff:{}", STAFF[who].0),
            "app on host kasir-1",
        )
    };
    let (kind, _, records, verbs) = KINDS[rng.weighted(KINDS.iter().map(|k| k.1))];
    let entity_id = match records {
        0 => "NULL".to_string(),
        n => (rng.below(n) + 1).to_string(),
    };
    let verb = verbs[rng.weighted(verbs.iter().map(|_| 1))];
    let before = if verb == "create" {
        "NULL".to_string()
    } else {
        quoted(&format!(
            r#"{{"status":"active","expires_at":"2026-12-01T08:00:00+00:00","n":{}}}"#,
            rng.below(1000)
        ))
    };
    let after = quoted(&format!(
        r#"{{"status":"active","expires_at":"2027-01-01T08:00:00+00:00","n":{i}}}"#
    ));
    format!(
        "({staff_id}, {}, {}, {}, {}, {entity_id}, {before}, {after}, '{:064x}', '{:064x}', {})",
        quoted(&actor),
        quoted(origin),
        quoted(&format!("{kind}.{verb}")),
        quoted(kind),
        i,
        i + 1,
        instant(at)
    )
}

/// The pages measured, by name.
fn cases(staff_ids: &[i64]) -> Vec<(String, AuditFilter)> {
    let first = AuditFilter {
        limit: Some(PAGE),
        ..AuditFilter::default()
    };
    // Ayu, the cashier with the most entries (about 14% of the staff's).
    let ayu = Some(staff_ids[3]);
    let middle = i64::try_from(ENTRIES / 2).unwrap_or(0);
    let week = |f: AuditFilter| AuditFilter {
        from: Some("2025-11-17".into()),
        to: Some("2025-11-23".into()),
        ..f
    };
    // The worst case: a wide range far from the newest entries.
    let year = |f: AuditFilter| AuditFilter {
        from: Some("2025-03-01".into()),
        to: Some("2026-02-28".into()),
        ..f
    };
    vec![
        ("first page".into(), first.clone()),
        (
            format!("deep page (before id {middle})"),
            AuditFilter {
                before_id: Some(middle),
                ..first.clone()
            },
        ),
        (
            "person ayu".into(),
            AuditFilter {
                staff_id: ayu,
                ..first.clone()
            },
        ),
        (
            format!("person ayu, before id {middle}"),
            AuditFilter {
                staff_id: ayu,
                before_id: Some(middle),
                ..first.clone()
            },
        ),
        (
            "kind profile".into(),
            AuditFilter {
                entity_kind: Some("profile".into()),
                ..first.clone()
            },
        ),
        (
            format!("one record (customer {ONE_CUSTOMER})"),
            AuditFilter {
                entity_kind: Some("customer".into()),
                entity_id: Some(ONE_CUSTOMER),
                ..first.clone()
            },
        ),
        (
            format!("person ayu, one record (customer {ONE_CUSTOMER})"),
            AuditFilter {
                staff_id: ayu,
                entity_kind: Some("customer".into()),
                entity_id: Some(ONE_CUSTOMER),
                ..first.clone()
            },
        ),
        ("one week (2025-11-17 to 23)".into(), week(first.clone())),
        (
            "since 2026-01-01".into(),
            AuditFilter {
                from: Some("2026-01-01".into()),
                ..first.clone()
            },
        ),
        (
            "one year (2025-03-01 to 2026-02-28)".into(),
            year(first.clone()),
        ),
        (
            "person ayu, one week".into(),
            week(AuditFilter {
                staff_id: ayu,
                ..first.clone()
            }),
        ),
        (
            "person ayu, one year".into(),
            year(AuditFilter {
                staff_id: ayu,
                ..first
            }),
        ),
    ]
}

fn measure(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    fixture: &Fixture,
) {
    let ctx = tikbill_core::test_context::context(&fixture.bench.db, &FixedClock::at(now()));
    let mut cases = std::collections::VecDeque::from(cases(&fixture.staff_ids));
    while let Some((name, filter)) = cases.pop_front() {
        // Once outside the measurement: the page is full, or (one record's history) holds
        // every matching entry.
        let page = runtime
            .block_on(audit::page(&ctx, &filter))
            .expect("a page of the log");
        assert!(
            page.entries.len() == PAGE as usize
                || (!page.entries.is_empty() && page.next_before_id.is_none()),
            "{} / {name}: a full page, or the last one: {} entries",
            fixture.bench.label,
            page.entries.len()
        );
        println!(
            "{} / {name}: {} entries, {} to {}, next page before {:?}",
            fixture.bench.label,
            page.entries.len(),
            page.entries.first().map_or(0, |e| e.id),
            page.entries.last().map_or(0, |e| e.id),
            page.next_before_id
        );
        // The worst case's next page: it starts inside the days.
        if name.starts_with("one year") && filter.before_id.is_none() {
            cases.push_front((
                format!("{name}, second page"),
                AuditFilter {
                    before_id: page.next_before_id,
                    ..filter.clone()
                },
            ));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(audit::page(&ctx, &filter))
                    .expect("a page of the log")
            });
        });
    }
}

fn audit_page(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let fixtures = fixture::each_database(&runtime, Fixture::filled);
    for fixture in &fixtures {
        let mut group = c.benchmark_group(format!("audit_page {}", fixture.bench.label));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        measure(&mut group, &runtime, fixture);
        group.finish();
    }
    for fixture in fixtures {
        runtime.block_on(fixture.bench.finish("AUDIT_PAGE_BENCH_KEEP"));
    }
}

criterion_group!(benches, audit_page);
criterion_main!(benches);
