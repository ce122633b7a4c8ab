//! Hotspot-user adds through `Client::run_many` (window 2048, as core calls it) to an emulated
//! router whose CPU serves a connection's commands one after another (service time) behind a
//! 20 ms round trip, with the client's default 10 s command limit. A router serving 300
//! commands a second allows 1,000 adds in about 3.3 s; one serving 50 a second needs 20 s for
//! 1,000, so the timed variant there runs 200 adds (4 s).
//!
//! The adaptive window must finish near what the router allows with no timeouts. For
//! comparison, `run_many` as it was (every command's limit counted from sending, 2,048 in
//! flight at once) is run once per rate outside criterion, with the timeouts counted; at
//! 50 commands a second that is 1,000 adds, where the old behaviour times out the tail.
//!
//! Run: `cargo bench -p tikbill-routeros --bench slow_router` (about 2 minutes).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::menu::hotspot_user::{add_command, NewHotspotUser};
use tikbill_routeros::{Client, Command, ConnectOptions, Error, Phase, Reply, Secret};
use tokio::runtime::Runtime;

const ROUND_TRIP: Duration = Duration::from_millis(20);
/// The window core passes to `run_many`.
const WINDOW: usize = 2048;

/// A router serving `per_second` commands a second.
#[derive(Clone, Copy)]
struct Rate {
    per_second: u32,
    adds: usize,
}

const FAST: Rate = Rate {
    per_second: 300,
    adds: 1_000,
};
const SLOW: Rate = Rate {
    per_second: 50,
    adds: 200,
};

async fn fresh_router(rate: Rate) -> (Emulator, Client) {
    let config = EmulatorConfig {
        latency: ROUND_TRIP,
        service_time: Duration::from_secs(1) / rate.per_second,
        ..EmulatorConfig::new("bench", "bench")
    };
    let emulator = Emulator::start(config).await.expect("emulator starts");
    // The default command limit (10 s).
    let options = ConnectOptions::plain("127.0.0.1", "bench", Secret::new("bench"))
        .with_port(emulator.address().port());
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

fn timed_out(results: &[Result<Reply, Error>]) -> usize {
    results
        .iter()
        .filter(|r| matches!(r, Err(Error::TimedOut(Phase::Command))))
        .count()
}

/// `run_many` as it was before the adaptive window: `window` in flight, each command's limit
/// counted from when it was sent.
async fn run_with_fixed_window(
    client: &Client,
    commands: Vec<Command>,
    window: usize,
) -> Vec<Result<Reply, Error>> {
    let mut results = Vec::new();
    let mut in_flight = VecDeque::new();
    for command in commands {
        if in_flight.len() >= window {
            if let Some(oldest) = in_flight.pop_front() {
                results.push(oldest.await);
            }
        }
        let sent = client.send(command);
        in_flight.push_back(async move { sent?.reply().await });
    }
    for pending in in_flight {
        results.push(pending.await);
    }
    results
}

/// One run of `adds` adds at `rate`, old or new; returns the time taken and the timeouts.
fn run_once(runtime: &Runtime, rate: Rate, adds_count: usize, old: bool) -> (Duration, usize) {
    runtime.block_on(async {
        let (emulator, client) = fresh_router(rate).await;
        let commands = adds(adds_count);
        let started = Instant::now();
        let results = if old {
            run_with_fixed_window(&client, commands, WINDOW).await
        } else {
            client.run_many(commands, WINDOW).await
        };
        let took = started.elapsed();
        let other_errors = results
            .iter()
            .filter(|r| matches!(r, Err(e) if *e != Error::TimedOut(Phase::Command)))
            .count();
        assert_eq!(other_errors, 0, "no add fails for another reason");
        client.close();
        emulator.stop().await;
        (took, timed_out(&results))
    })
}

fn slow_router(c: &mut Criterion) {
    let runtime = Runtime::new().expect("tokio runtime");

    for (rate, adds_count) in [(FAST, FAST.adds), (SLOW, 1_000)] {
        let (took, timeouts) = run_once(&runtime, rate, adds_count, true);
        println!(
            "old fixed window {WINDOW}, {} commands/s, {adds_count} adds: {timeouts} timed out, \
             took {took:.2?} (one run)",
            rate.per_second
        );
    }
    let (took, timeouts) = run_once(&runtime, SLOW, 1_000, false);
    println!(
        "adaptive window, {} commands/s, 1000 adds: {timeouts} timed out, took {took:.2?} (one \
         run)",
        SLOW.per_second
    );
    assert_eq!(timeouts, 0, "the adaptive window times nothing out");

    let mut group = c.benchmark_group("hotspot_user_add_slow_router");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        // Shorter than ten runs on purpose: criterion then warns, and takes one warm-up run and
        // ten samples of one run each (a longer target would double the runs).
        .measurement_time(Duration::from_secs(1));
    for rate in [FAST, SLOW] {
        let timeouts = AtomicUsize::new(0);
        let runs = AtomicUsize::new(0);
        group.throughput(Throughput::Elements(rate.adds as u64));
        let id = BenchmarkId::new(format!("adaptive_{}_per_s", rate.per_second), rate.adds);
        group.bench_function(id, |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let (took, timed_out) = run_once(&runtime, rate, rate.adds, false);
                    total += took;
                    timeouts.fetch_add(timed_out, Ordering::Relaxed);
                    runs.fetch_add(1, Ordering::Relaxed);
                }
                total
            });
        });
        let timeouts = timeouts.into_inner();
        println!(
            "adaptive window, {} commands/s, {} adds: {timeouts} timed out over {} runs",
            rate.per_second,
            rate.adds,
            runs.into_inner()
        );
        assert_eq!(timeouts, 0, "the adaptive window times nothing out");
    }
    group.finish();
}

criterion_group!(benches, slow_router);
criterion_main!(benches);
