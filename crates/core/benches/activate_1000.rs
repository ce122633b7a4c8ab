//! Activating 1,000 customers on one router whose every command takes 20 ms (issue #4: under
//! 1 s end to end). One measured run is: the activations written with their router jobs, then
//! the worker draining the router's queue until the router confirmed every change (users
//! switched on, 1,000 expiry entries written) and the jobs are marked done. The activations are
//! written two ways: "at once" (`customer::activate_many`, one transaction, as "Activate
//! selected" does) and "one by one" (1,000 `customer::activate` transactions, as 1,000 clicks).
//!
//! The router is the RouterOS emulator on loopback with 20 ms latency per command (each command
//! waits on its own, as pipelined commands do on a router). Between runs (not measured) the
//! customers are disabled again and that is applied too, so every run starts from the same
//! state. It runs on SQLite and, when reachable, PostgreSQL.
//!
//! Run: `cargo bench -p tikbill-core --bench activate_1000`

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};

use criterion::{criterion_group, criterion_main, Criterion};
use sea_orm::DatabaseConnection;
use tikbill_api::{CustomerInput, ProfileInput, RouterInput};
use tikbill_core::provisioning::{self, DrainOutcome, WorkerOptions};
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{customer, db, profile, router, Context, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tokio::runtime::Runtime;

const CUSTOMERS: usize = 1_000;
const LATENCY: Duration = Duration::from_millis(20);

struct Office {
    db: DatabaseConnection,
    ctx: Context,
    router_id: i64,
    ids: Vec<i64>,
    _emulator: Emulator,
    _dir: tempfile::TempDir,
}

async fn office(url: Option<String>) -> Office {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = url.unwrap_or_else(|| db::sqlite_url(dir.path()));
    let db = db::open(&url).await.expect("the database opens");
    let mut config = EmulatorConfig::new("billing", "pw");
    config.latency = LATENCY;
    let emulator = Emulator::start(config).await.expect("the emulator");
    let clock = FixedClock::at(Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap());
    // Plans end by UTC (the office has not chosen a zone).
    let ctx = tikbill_core::test_context::context(&db, &clock);
    let input = RouterInput {
        name: "Tower".into(),
        host: "127.0.0.1".into(),
        port: emulator.address().port().to_string(),
        use_tls: false,
        username: "billing".into(),
        password: Some("pw".into()),
    };
    let router_id = router::create(&ctx, &input).await.expect("router").id;
    let plan = ProfileInput {
        name: "Monthly".into(),
        rate_limit: "5M/10M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: "1".into(),
        duration_unit: "months".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    };
    let plan = profile::create(&ctx, &plan).await.expect("profile");
    let mut ids = Vec::with_capacity(CUSTOMERS);
    for n in 0..CUSTOMERS {
        let input = CustomerInput {
            username: format!("c{n:04}"),
            password: Some("pw".into()),
            full_name: format!("Customer {n}"),
            service_type: "hotspot".into(),
            router_id: Some(router_id),
            profile_id: Some(plan.id),
            ..Default::default()
        };
        ids.push(customer::create(&ctx, &input).await.expect("customer").id);
    }
    let o = Office {
        db,
        ctx,
        router_id,
        ids,
        _emulator: emulator,
        _dir: dir,
    };
    drain(&o).await;
    o
}

async fn drain(o: &Office) {
    let options = WorkerOptions::new("bench");
    let report = provisioning::drain_router(&o.ctx, o.router_id, &options)
        .await
        .expect("the worker runs");
    assert_eq!(report.outcome, DrainOutcome::Finished, "{report:?}");
    assert_eq!(report.refused, 0, "{report:?}");
}

/// How the 1,000 activations are written.
#[derive(Clone, Copy)]
enum Way {
    /// "Activate selected": one `customer::activate_many` transaction.
    AtOnce,
    /// 1,000 clicks: one `customer::activate` transaction each.
    OneByOne,
}

/// One measured run: activate everyone, apply, confirm.
async fn activate_all(o: &Office, way: Way) -> Duration {
    let started = Instant::now();
    match way {
        Way::AtOnce => {
            let outcome = customer::activate_many(&o.ctx, &o.ids)
                .await
                .expect("activate");
            assert_eq!(
                outcome.changed.len(),
                CUSTOMERS,
                "{:?}",
                outcome.refused.first()
            );
        }
        Way::OneByOne => {
            for id in &o.ids {
                customer::activate(&o.ctx, *id).await.expect("activate");
            }
        }
    }
    drain(o).await;
    started.elapsed()
}

/// Back to the starting state (not measured).
async fn disable_all(o: &Office) {
    for id in &o.ids {
        customer::disable(&o.ctx, *id).await.expect("disable");
    }
    drain(o).await;
}

fn bench(c: &mut Criterion) {
    let runtime = Runtime::new().expect("a tokio runtime");
    let mut group = c.benchmark_group("activate 1,000 customers, 20 ms per router command");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    let postgres = runtime
        .block_on(ScratchPostgres::create("tikbill_bench_act"))
        .expect("PostgreSQL answers or is absent");
    if postgres.is_none() {
        eprintln!("PostgreSQL is not reachable: SQLite only");
    }
    let mut backends = vec![("sqlite", None)];
    if let Some(pg) = &postgres {
        backends.push(("postgres", Some(pg.url().to_string())));
    }
    for (label, url) in backends {
        let o = runtime.block_on(office(url));
        for (way, name) in [(Way::AtOnce, "at once"), (Way::OneByOne, "one by one")] {
            group.bench_function(format!("{label}, {name}"), |b| {
                b.iter_custom(|runs| {
                    let mut total = Duration::ZERO;
                    for _ in 0..runs {
                        total += runtime.block_on(activate_all(&o, way));
                        runtime.block_on(disable_all(&o));
                    }
                    total
                });
            });
        }
        runtime.block_on(o.db.close()).expect("close");
    }
    group.finish();
    if let Some(pg) = postgres {
        runtime
            .block_on(pg.drop_database())
            .expect("drop the scratch database");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
