//! Hotspot-user adds against the emulator with 20 ms of latency per command: one at a time
//! versus pipelined with a bounded window. Each iteration gets a fresh emulator (started and
//! logged in outside the timed part) so the user table does not grow across iterations.
//!
//! Run: `cargo bench -p tikbill-routeros --bench pipeline`

use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::menu::hotspot_user::{add_command, NewHotspotUser};
use tikbill_routeros::{Client, Command, ConnectOptions, Secret};
use tokio::runtime::Runtime;

const LATENCY: Duration = Duration::from_millis(20);
const SEQUENTIAL_ADDS: usize = 50;
const PIPELINED_ADDS: usize = 1_000;

async fn fresh_router() -> (Emulator, Client) {
    let config = EmulatorConfig {
        latency: LATENCY,
        ..EmulatorConfig::new("bench", "bench")
    };
    let emulator = Emulator::start(config).await.expect("emulator starts");
    let options = ConnectOptions::plain("127.0.0.1", "bench", Secret::new("bench"))
        .with_port(emulator.address().port())
        .with_command_timeout(Duration::from_secs(30));
    let client = Client::connect(&options)
        .await
        .expect("bench client logs in");
    (emulator, client)
}

fn adds(count: usize) -> Vec<Command> {
    (0..count)
        .map(|n| add_command(&NewHotspotUser::new(format!("u{n}"), Secret::new("p"))))
        .collect()
}

/// Times `iterations` rounds of `run`, each on a fresh emulator.
fn timed<F, Fut>(runtime: &Runtime, iterations: u64, count: usize, run: F) -> Duration
where
    F: Fn(Client, Vec<Command>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        runtime.block_on(async {
            let (emulator, client) = fresh_router().await;
            let commands = adds(count);
            let started = Instant::now();
            run(client.clone(), commands).await;
            total += started.elapsed();
            client.close();
            emulator.stop().await;
        });
    }
    total
}

fn pipeline(c: &mut Criterion) {
    let runtime = Runtime::new().expect("tokio runtime");
    let mut group = c.benchmark_group("hotspot_user_add_20ms");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(11));

    // 10 samples of 50 sequential adds at 20 ms each need about 11 s.
    group.throughput(Throughput::Elements(SEQUENTIAL_ADDS as u64));
    group.bench_function(BenchmarkId::new("one_at_a_time", SEQUENTIAL_ADDS), |b| {
        b.iter_custom(|iterations| {
            timed(
                &runtime,
                iterations,
                SEQUENTIAL_ADDS,
                |client, commands| async move {
                    for command in commands {
                        client.run(command).await.expect("add succeeds");
                    }
                },
            )
        });
    });

    group
        .throughput(Throughput::Elements(PIPELINED_ADDS as u64))
        .measurement_time(Duration::from_secs(4));
    for window in [64, 256] {
        let id = BenchmarkId::new(format!("pipelined_window_{window}"), PIPELINED_ADDS);
        group.bench_function(id, |b| {
            b.iter_custom(|iterations| {
                timed(
                    &runtime,
                    iterations,
                    PIPELINED_ADDS,
                    |client, commands| async move {
                        for result in client.run_many(commands, window).await {
                            result.expect("add succeeds");
                        }
                    },
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
