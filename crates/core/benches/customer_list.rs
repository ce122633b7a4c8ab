//! The customer list at 100,000 customers (issue #4: under 50 ms per page): `customer::list` for
//! the first, a middle and the last page, a status filter, a router filter, a profile filter, a
//! search by a name fragment, by a phone fragment and by two characters (too few for a trigram
//! index), and "expiring within 7 days", 50 customers a page.
//!
//! It runs on SQLite (a file in a temporary directory) and on PostgreSQL (a scratch database at
//! `TIKBILL_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`, created here
//! and dropped at the end); when PostgreSQL cannot be reached it says so and runs SQLite only.
//! Both databases are opened through `db::open`, so the real migrations and indexes apply, and
//! hold the same customers (a fixed seed). Filling them is not measured. With
//! `CUSTOMER_LIST_BENCH_KEEP=1` both databases are left in place (their locations printed).
//!
//! Run: `CARGO_TARGET_DIR=/work/target-bench cargo bench -p tikbill-core --bench customer_list`

use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, TransactionTrait};
use tikbill_api::{CustomerFilter, CustomerStatus, ProfileInput, RouterInput, ServiceType};
use tikbill_core::{customer, profile, router, FixedClock};
use tokio::runtime::Runtime;

#[path = "support/fixture.rs"]
mod fixture;

use fixture::{BenchDb, Rng};

const CUSTOMERS: u32 = 100_000;
/// Rows per `INSERT` while filling the database.
const BATCH: u32 = 1_000;
const PAGE_SIZE: u32 = 50;
const PAGES: u32 = CUSTOMERS.div_ceil(PAGE_SIZE);

/// Routers and their share of the customers (%).
const ROUTERS: [(&str, u64); 5] = [
    ("Tower Kemang", 30),
    ("Tower Depok", 25),
    ("Tower Bekasi", 20),
    ("Tower Bogor", 15),
    ("Tower Tangerang", 10),
];

/// Profiles: name, rate limit, price in IDR, duration, its unit, share of the customers (%).
const PROFILES: [(&str, &str, &str, i64, &str, u64); 8] = [
    ("Hotspot 3 Hours", "2M/1M", "3000", 3, "hours", 5),
    ("Hotspot Daily", "3M/1M", "5000", 1, "days", 10),
    ("Hotspot 3 Days", "3M/1M", "12000", 3, "days", 5),
    ("Hotspot Weekly", "5M/2M", "25000", 1, "weeks", 15),
    ("Hotspot 2 Weeks", "5M/2M", "45000", 2, "weeks", 5),
    ("Home 10M", "10M/5M", "150000", 1, "months", 30),
    ("Home 20M", "20M/10M", "250000", 1, "months", 20),
    ("Home 50M", "50M/25M", "400000", 1, "months", 10),
];

/// Statuses and their share of the customers (%).
const STATUSES: [(CustomerStatus, u64); 4] = [
    (CustomerStatus::Pending, 5),
    (CustomerStatus::Active, 62),
    (CustomerStatus::Expired, 25),
    (CustomerStatus::Disabled, 8),
];

const FIRST_NAMES: [&str; 40] = [
    "Ayu", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kartika",
    "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rizky", "Sari", "Taufik", "Umi", "Wahyu", "Yanti",
    "Agus", "Bambang", "Dewi", "Endang", "Hendra", "Irfan", "Nur", "Rina", "Siti", "Teguh",
    "Wulan", "Yusuf", "Andi", "Fitri", "Rudi", "Lina", "Arif", "Mega",
];

const LAST_NAMES: [&str; 30] = [
    "Lestari",
    "Santoso",
    "Wijaya",
    "Saputra",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Wibowo",
    "Susanto",
    "Halim",
    "Gunawan",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Harahap",
    "Sihombing",
    "Utami",
    "Rahmawati",
    "Permata",
    "Suryadi",
    "Firmansyah",
    "Ramadhan",
    "Hakim",
    "Syahputra",
    "Anggraini",
    "Maharani",
    "Purnomo",
    "Hartono",
];

/// Mobile prefixes of Indonesian operators.
const PHONE_PREFIXES: [&str; 10] = [
    "0811", "0812", "0813", "0821", "0852", "0857", "0877", "0878", "0895", "0896",
];

/// What the office types: part of a surname (Santoso, Susanto) and four digits of a phone.
const NAME_FRAGMENT: &str = "santo";
const PHONE_FRAGMENT: &str = "4521";
/// Too short for a trigram index, and held by no customer (as a typo is): every row is read.
const SHORT_FRAGMENT: &str = "zu";

/// "Now" for the data and for the expiring-within window.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A database filled with the customers.
struct Fixture {
    bench: BenchDb,
    router_id: i64,
    /// "Home 10M", the profile with the most customers (30%).
    profile_id: i64,
}

impl Fixture {
    /// Five routers and eight profiles made through their services, then the customers in
    /// batches of 1,000 rows in one transaction.
    async fn filled(bench: BenchDb) -> Self {
        let (db, label) = (&bench.db, bench.label);
        let started = Instant::now();
        let clock = FixedClock::at(now());
        let ctx = tikbill_core::test_context::context(db, &clock);
        let mut routers = Vec::new();
        for (i, (name, _)) in ROUTERS.iter().enumerate() {
            let input = RouterInput {
                name: (*name).into(),
                host: format!("10.8.0.{}", i + 2),
                port: String::new(),
                use_tls: false,
                username: "billing".into(),
                password: Some("bench-pw".into()),
            };
            let saved = router::create(&ctx, &input).await;
            routers.push(saved.expect("a router").id);
        }
        let mut profiles = Vec::new();
        for (name, rate_limit, price, value, unit, _) in PROFILES {
            let input = ProfileInput {
                name: name.into(),
                rate_limit: rate_limit.into(),
                price: price.into(),
                currency: "IDR".into(),
                duration_value: value.to_string(),
                duration_unit: unit.into(),
                data_limit: String::new(),
                shared_users: "1".into(),
                session_timeout: String::new(),
            };
            let saved = profile::create(&ctx, &input).await;
            let length = match unit {
                "hours" => TimeDelta::hours(value),
                "days" => TimeDelta::days(value),
                "weeks" => TimeDelta::weeks(value),
                _ => TimeDelta::days(30 * value),
            };
            profiles.push((saved.expect("a profile").id, length));
        }

        let mut rng = Rng(0x0074_696b_6269_6c6c);
        let txn = db.begin().await.expect("a transaction");
        for start in (0..CUSTOMERS).step_by(BATCH as usize) {
            // Straight into the table (the core's entities stay inside it): the rows are what
            // the core would save, made up fast.
            let mut insert = Query::insert()
                .into_table(Alias::new("customers"))
                .columns(CUSTOMER_COLUMNS.map(Alias::new))
                .to_owned();
            for i in start..(start + BATCH).min(CUSTOMERS) {
                insert.values_panic(made_up_customer(&mut rng, i, &routers, &profiles));
            }
            txn.execute(&insert)
                .await
                .expect("a batch of customers is saved");
        }
        txn.commit().await.expect("the customers are saved");
        println!(
            "{label}: {CUSTOMERS} customers on {} routers with {} profiles saved in {:.1} s",
            routers.len(),
            profiles.len(),
            started.elapsed().as_secs_f64()
        );
        bench.vacuum_analyze(&["customers"]).await;
        Self {
            bench,
            router_id: routers[0],
            profile_id: profiles[5].0,
        }
    }
}

/// Customer number `i`: a router and a profile by their shares; pending customers have no
/// expiry, active ones expire within their profile's length from now, expired ones up to 180
/// days ago, disabled ones anywhere from 90 days ago to 30 days ahead.
fn made_up_customer(
    rng: &mut Rng,
    i: u32,
    routers: &[i64],
    profiles: &[(i64, TimeDelta)],
) -> [SimpleExpr; 12] {
    let now = now();
    let first = FIRST_NAMES[rng.weighted(FIRST_NAMES.iter().map(|_| 1))];
    let last = LAST_NAMES[rng.weighted(LAST_NAMES.iter().map(|_| 1))];
    let router_id = routers[rng.weighted(ROUTERS.iter().map(|r| r.1))];
    let p = rng.weighted(PROFILES.iter().map(|p| p.5));
    let (profile_id, length) = profiles[p];
    let service_type = if PROFILES[p].4 == "months" && rng.below(10) < 8 {
        ServiceType::Pppoe
    } else {
        ServiceType::Hotspot
    };
    let status = STATUSES[rng.weighted(STATUSES.iter().map(|s| s.1))].0;
    let expires_at = match status {
        CustomerStatus::Pending => None,
        CustomerStatus::Active => Some(now + TimeDelta::seconds(1) + rng.within(length)),
        CustomerStatus::Expired => Some(now - rng.within(TimeDelta::days(180))),
        CustomerStatus::Disabled => {
            Some(now - TimeDelta::days(90) + rng.within(TimeDelta::days(120)))
        }
    };
    let created_at = match expires_at {
        Some(expiry) => expiry.min(now) - length - rng.within(TimeDelta::days(540)),
        None => now - rng.within(TimeDelta::days(3)),
    };
    let phone = (rng.below(100) < 85).then(|| {
        let prefix = PHONE_PREFIXES[rng.weighted(PHONE_PREFIXES.iter().map(|_| 1))];
        format!("{prefix}{}", rng.digits(8))
    });
    let username = format!("{}.{}{i}", first.to_lowercase(), last.to_lowercase());
    let email = (rng.below(100) < 25).then(|| format!("{username}@mail.example"));
    [
        username.into(),
        rng.digits(6).into(),
        format!("{first} {last}").into(),
        phone.into(),
        email.into(),
        service_type.as_str().into(),
        router_id.into(),
        profile_id.into(),
        status.as_str().into(),
        expires_at.into(),
        created_at.into(),
        expires_at.map_or(created_at, |e| e.min(now)).into(),
    ]
}

/// The columns [`made_up_customer`] fills, in its order.
const CUSTOMER_COLUMNS: [&str; 12] = [
    "username",
    "service_password",
    "full_name",
    "phone",
    "email",
    "service_type",
    "router_id",
    "profile_id",
    "status",
    "expires_at",
    "created_at",
    "updated_at",
];

/// The pages measured, by name.
fn cases(router_id: i64, profile_id: i64) -> Vec<(String, CustomerFilter)> {
    let page = |page| CustomerFilter {
        page,
        page_size: PAGE_SIZE,
        ..CustomerFilter::default()
    };
    let first = page(1);
    vec![
        ("first page".into(), first.clone()),
        (format!("middle page ({})", PAGES / 2), page(PAGES / 2)),
        (format!("last page ({PAGES})"), page(PAGES)),
        (
            "status expired".into(),
            CustomerFilter {
                status: Some(CustomerStatus::Expired),
                ..first.clone()
            },
        ),
        (
            format!("router {}", ROUTERS[0].0),
            CustomerFilter {
                router_id: Some(router_id),
                ..first.clone()
            },
        ),
        (
            format!("profile {}", PROFILES[5].0),
            CustomerFilter {
                profile_id: Some(profile_id),
                ..first.clone()
            },
        ),
        (
            format!("search name '{NAME_FRAGMENT}'"),
            CustomerFilter {
                search: NAME_FRAGMENT.into(),
                ..first.clone()
            },
        ),
        (
            format!("search phone '{PHONE_FRAGMENT}'"),
            CustomerFilter {
                search: PHONE_FRAGMENT.into(),
                ..first.clone()
            },
        ),
        (
            format!("search 2 characters '{SHORT_FRAGMENT}'"),
            CustomerFilter {
                search: SHORT_FRAGMENT.into(),
                ..first.clone()
            },
        ),
        (
            "expiring within 7 days".into(),
            CustomerFilter {
                expiring_within_days: Some(7),
                ..first
            },
        ),
    ]
}

fn measure(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    runtime: &Runtime,
    fixture: &Fixture,
) {
    let ctx = tikbill_core::test_context::context(&fixture.bench.db, &FixedClock::at(now()));
    for (name, filter) in cases(fixture.router_id, fixture.profile_id) {
        // Once outside the measurement: the page is the one asked for, and is full.
        let page = runtime
            .block_on(customer::list(&ctx, &filter))
            .expect("a page of customers");
        let before = u64::from(filter.page - 1) * u64::from(PAGE_SIZE);
        let expected = page.total.saturating_sub(before).min(u64::from(PAGE_SIZE));
        assert_eq!(
            page.items.len() as u64,
            expected,
            "{}: page {} of {} matching customers holds the rest, up to {PAGE_SIZE}",
            fixture.bench.label,
            filter.page,
            page.total
        );
        println!(
            "{} / {name}: {} customers match, page {} shows {}",
            fixture.bench.label,
            page.total,
            page.page,
            page.items.len()
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(customer::list(&ctx, &filter))
                    .expect("a page of customers")
            });
        });
    }
}

fn customer_list(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let fixtures = fixture::each_database(&runtime, Fixture::filled);
    for fixture in &fixtures {
        let mut group = c.benchmark_group(format!("customer_list {}", fixture.bench.label));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        measure(&mut group, &runtime, fixture);
        group.finish();
    }
    for fixture in fixtures {
        runtime.block_on(fixture.bench.finish("CUSTOMER_LIST_BENCH_KEEP"));
    }
}

criterion_group!(benches, customer_list);
criterion_main!(benches);
