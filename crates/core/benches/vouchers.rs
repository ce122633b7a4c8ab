//! Prepaid cards in bulk (issue 13):
//!
//! - **generate**: `voucher::generate` of one batch of 10,000 cards (checked, then the batch,
//!   its cards with codes drawn and inserted `ON CONFLICT DO NOTHING` in chunks, and one router
//!   job per card, in one transaction), on SQLite (a file in a temporary directory, opened by
//!   `db::open`: WAL, `synchronous=NORMAL`) and PostgreSQL (a scratch database). Targets:
//!   under 0.5 s on SQLite, under 1 s on PostgreSQL. Between runs (not measured) the cards,
//!   batches and jobs are deleted, so every run starts from the same empty tables.
//! - **push**: `provisioning::drain_router` of those 10,000 router jobs to one emulated router
//!   that waits 20 ms before every reply, until the router confirmed every card (the card
//!   profile and 10,000 hotspot users) and the jobs are marked done. Target: under 3 s. Each
//!   run (set-up not measured) has a new emulator, its own router row and a new batch.
//!
//! Criterion with 10 flat samples; besides its estimate, each group prints the min / median /
//! max of every run it timed (warm-up included).
//!
//! Run: `cargo bench -p tikbill-core --bench vouchers`

#[path = "support/fixture.rs"]
mod fixture;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use sea_orm::ConnectionTrait;
use tikbill_api::{RouterInput, VoucherBatchInput, VoucherTimeMode};
use tikbill_core::provisioning::{self, DrainOutcome, WorkerOptions};
use tikbill_core::{router, voucher, Context, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use fixture::BenchDb;

const CARDS: u32 = 10_000;
const LATENCY: Duration = Duration::from_millis(20);

fn clock() -> FixedClock {
    FixedClock::at(Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap())
}

fn batch(plan: i64, router_id: i64) -> VoucherBatchInput {
    VoucherBatchInput {
        profile_id: plan,
        count: CARDS,
        router_ids: vec![router_id],
        code_length: None,
        prefix: String::new(),
        same_password: false,
        time_mode: VoucherTimeMode::FirstLogin,
        valid_until: None,
        price: None,
        note: None,
    }
}

/// Every run's time, for min / median / max.
#[derive(Default)]
struct Runs(Vec<Duration>);

impl Runs {
    fn report(&mut self, what: &str) {
        self.0.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        if let (Some(min), Some(max)) = (self.0.first(), self.0.last()) {
            let median = self.0[self.0.len() / 2];
            println!(
                "{what}: {} runs, min {:.1} ms / median {:.1} ms / max {:.1} ms",
                self.0.len(),
                ms(*min),
                ms(median),
                ms(*max)
            );
        }
    }
}

/// Empties what a batch fills (not measured).
async fn forget_cards(db: &BenchDb) {
    for table in [
        "router_jobs",
        "voucher_transitions",
        "vouchers",
        "voucher_batch_routers",
        "voucher_batches",
    ] {
        db.db
            .execute_unprepared(&format!("DELETE FROM {table}"))
            .await
            .expect("delete");
    }
}

async fn generate_once(ctx: &Context, input: &VoucherBatchInput) -> Duration {
    let started = Instant::now();
    let made = voucher::generate(ctx, input).await.expect("a batch");
    let took = started.elapsed();
    assert_eq!(made.router_jobs, u64::from(CARDS));
    took
}

fn generate(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let mut group = c.benchmark_group("generate and store 10,000 vouchers");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let mut databases = vec![runtime.block_on(BenchDb::sqlite())];
    databases.extend(runtime.block_on(BenchDb::postgres()));
    for db in databases {
        let ctx = tikbill_core::test_context::context(&db.db, &clock());
        let (plan, router_id) = runtime.block_on(async {
            let plan = fixture::plan(&ctx, "Daily", "5000", "IDR", "days").await;
            (plan, fixture::tower(&ctx).await)
        });
        let input = batch(plan, router_id);
        let mut runs = Runs::default();
        group.bench_function(db.label, |b| {
            b.iter_custom(|n| {
                let mut total = Duration::ZERO;
                for _ in 0..n {
                    runtime.block_on(forget_cards(&db));
                    let took = runtime.block_on(generate_once(&ctx, &input));
                    runs.0.push(took);
                    total += took;
                }
                total
            });
        });
        runs.report(&format!("generate 10,000 on {}", db.label));
        runtime.block_on(db.finish("TIKBILL_BENCH_KEEP"));
    }
    group.finish();
}

/// A new emulated router (20 ms per reply) with a new batch of 10,000 cards queued for it.
async fn queued_router(ctx: &Context, plan: i64, n: usize) -> (Emulator, i64) {
    let mut config = EmulatorConfig::new("billing", "pw");
    config.latency = LATENCY;
    let emulator = Emulator::start(config).await.expect("the emulator");
    let input = RouterInput {
        name: format!("Tower {n}"),
        host: "127.0.0.1".into(),
        port: emulator.address().port().to_string(),
        use_tls: false,
        username: "billing".into(),
        password: Some("pw".into()),
    };
    let router_id = router::create(ctx, &input).await.expect("a router").id;
    voucher::generate(ctx, &batch(plan, router_id))
        .await
        .expect("a batch");
    (emulator, router_id)
}

async fn push_once(ctx: &Context, router_id: i64) -> Duration {
    let options = WorkerOptions::new("bench");
    let started = Instant::now();
    let report = provisioning::drain_router(ctx, router_id, &options)
        .await
        .expect("the worker runs");
    let took = started.elapsed();
    assert_eq!(report.outcome, DrainOutcome::Finished, "{report:?}");
    assert_eq!(
        (report.applied, report.refused),
        (u64::from(CARDS), 0),
        "{report:?}"
    );
    took
}

fn push(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let mut group = c.benchmark_group("push 10,000 vouchers to one router, 20 ms per command");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    let mut databases = vec![runtime.block_on(BenchDb::sqlite())];
    databases.extend(runtime.block_on(BenchDb::postgres()));
    for db in databases {
        let ctx = tikbill_core::test_context::context(&db.db, &clock());
        let plan = runtime.block_on(fixture::plan(&ctx, "Daily", "5000", "IDR", "days"));
        let mut runs = Runs::default();
        let mut made = 0;
        group.bench_function(db.label, |b| {
            b.iter_custom(|n| {
                let mut total = Duration::ZERO;
                for _ in 0..n {
                    made += 1;
                    let (emulator, router_id) = runtime.block_on(queued_router(&ctx, plan, made));
                    let took = runtime.block_on(push_once(&ctx, router_id));
                    assert_eq!(
                        emulator.rows("/ip/hotspot/user").len(),
                        CARDS as usize,
                        "every card is a hotspot user"
                    );
                    runtime.block_on(emulator.stop());
                    runs.0.push(took);
                    total += took;
                }
                total
            });
        });
        runs.report(&format!("push 10,000 on {}", db.label));
        runtime.block_on(db.finish("TIKBILL_BENCH_KEEP"));
    }
    group.finish();
}

criterion_group!(benches, generate, push);
criterion_main!(benches);
