//! Health of 500 emulated routers, a third of which accept TCP and never answer, with a 5 s
//! per-router limit and the default concurrency (256): how long `check_all` takes, and what a
//! one-at-a-time checker would take (estimated, not run: about 14 minutes).
//!
//! Run: `CARGO_TARGET_DIR=/work/target-agent cargo bench -p tikbill-agent --bench health`

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use tikbill_api::RouterInput;
use tikbill_core::router::health::{check_all, check_router, HealthOptions};
use tikbill_core::secret_store::{self, SecretStoreKind};
use tikbill_core::{db, router, Context, Randomness, SystemClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig, Fault};
use tokio::runtime::Runtime;

const ROUTERS: usize = 500;
const TIMEOUT: Duration = Duration::from_secs(5);
const USER: &str = "bench";
const PASSWORD: &str = "bench-pw";

/// Every third router is silent.
fn is_silent(index: usize) -> bool {
    index.is_multiple_of(3)
}

/// 500 emulators and their router rows in a fresh SQLite database with a file password store.
struct Fleet {
    runtime: Runtime,
    ctx: Context,
    _emulators: Vec<Emulator>,
    _dir: tempfile::TempDir,
}

fn fleet() -> Fleet {
    // Each router needs a listener and two connection ends; the default soft limit may be 1024.
    if let Err(e) = rlimit::increase_nofile_limit(16_384) {
        eprintln!("note: could not raise the open-file limit ({e}); try `ulimit -n 4096`");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let secrets = secret_store::open(SecretStoreKind::File, dir.path());
    let (ctx, emulators) = runtime.block_on(async {
        let db = db::open(&db::sqlite_url(dir.path()))
            .await
            .expect("SQLite opens and migrates");
        let ctx = Context::new(
            db,
            Arc::new(SystemClock),
            secrets,
            Arc::new(Randomness::seeded(1)),
        )
        .acting_as(tikbill_core::Actor::agent());
        let mut emulators = Vec::with_capacity(ROUTERS);
        for index in 0..ROUTERS {
            let mut config = EmulatorConfig::new(USER, PASSWORD);
            config.identity = format!("tower-{index:03}");
            config.fault = is_silent(index).then_some(Fault::Silent);
            let emulator = Emulator::start(config)
                .await
                .expect("an emulator starts on loopback");
            let input = RouterInput {
                name: format!("tower-{index:03}"),
                host: "127.0.0.1".into(),
                port: emulator.address().port().to_string(),
                use_tls: false,
                username: USER.into(),
                password: Some(PASSWORD.into()),
            };
            router::create(&ctx, &input)
                .await
                .expect("the router is saved");
            emulators.push(emulator);
        }
        (ctx, emulators)
    });
    Fleet {
        runtime,
        ctx,
        _emulators: emulators,
        _dir: dir,
    }
}

fn health(c: &mut Criterion) {
    let fleet = fleet();
    let options = HealthOptions {
        timeout: TIMEOUT,
        ..HealthOptions::default()
    };
    let silent = (0..ROUTERS).filter(|&i| is_silent(i)).count();

    // One iteration takes ~5.1 s: 50 s gives one iteration per sample (criterion warns that it
    // wants 51 s; a longer target would make it two per sample and double the run).
    let mut group = c.benchmark_group("health");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(50));
    group.bench_function(
        format!(
            "check_all {ROUTERS} routers, {silent} silent, 5 s timeout, concurrency {}",
            options.concurrency
        ),
        |b| {
            b.iter(|| {
                let checks = fleet
                    .runtime
                    .block_on(check_all(&fleet.ctx, options))
                    .expect("a health run");
                let online = checks.iter().filter(|c| c.report.is_some()).count();
                assert_eq!(
                    online,
                    ROUTERS - silent,
                    "every answering router is online, every silent one offline"
                );
            });
        },
    );
    group.finish();

    // One at a time: the answering routers checked for real, the silent ones at their timeout.
    let rows = fleet
        .runtime
        .block_on(router::list(&fleet.ctx))
        .expect("the routers");
    let online_rows: Vec<_> = rows.into_iter().filter(|r| r.identity.is_some()).collect();
    let started = Instant::now();
    for row in &online_rows {
        fleet
            .runtime
            .block_on(check_router(&fleet.ctx, row.id, TIMEOUT))
            .expect("a check");
    }
    let online_total = started.elapsed();
    let per_router = online_total / u32::try_from(online_rows.len().max(1)).unwrap_or(u32::MAX);
    let estimate = online_total + TIMEOUT * u32::try_from(silent).unwrap_or(u32::MAX);
    println!(
        "sequential checker (estimate): {} online routers checked one at a time in {:.2} s ({:.2} ms each) \
         + {silent} silent x 5 s = {:.1} s ({:.1} min)",
        online_rows.len(),
        online_total.as_secs_f64(),
        per_router.as_secs_f64() * 1e3,
        estimate.as_secs_f64(),
        estimate.as_secs_f64() / 60.0
    );
}

criterion_group!(benches, health);
criterion_main!(benches);
