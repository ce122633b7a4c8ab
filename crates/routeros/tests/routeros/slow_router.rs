//! A router whose CPU answers a connection's commands one after another (the emulator's service
//! time).

use std::time::{Duration, Instant};

use tikbill_routeros::emulator::EmulatorConfig;
use tikbill_routeros::{Client, Command};

use crate::support::{connect, start, PASSWORD, USER};

/// Sends `count` identity prints at once and returns when each reply came, in order.
async fn reply_times(client: &Client, count: usize, started: Instant) -> Vec<Duration> {
    let pending: Vec<_> = (0..count)
        .map(|_| {
            client
                .send(Command::new("/system/identity/print"))
                .expect("the connection is open")
        })
        .collect();
    let mut times = Vec::new();
    for in_flight in pending {
        in_flight
            .reply()
            .await
            .expect("the identity print is answered");
        times.push(started.elapsed());
    }
    times
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_time_answers_a_connections_commands_one_after_another() {
    const SERVICE: Duration = Duration::from_millis(20);
    let emulator = start(EmulatorConfig {
        service_time: SERVICE,
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let (first, second) = (connect(&emulator).await, connect(&emulator).await);
    let started = Instant::now();
    let (a, b) = tokio::join!(
        reply_times(&first, 10, started),
        reply_times(&second, 10, started)
    );
    for (connection, times) in [("first", &a), ("second", &b)] {
        for (k, time) in times.iter().enumerate() {
            let earliest = SERVICE * (k as u32 + 1);
            assert!(
                *time >= earliest,
                "on the {connection} connection reply {} came at {time:?}, before {earliest:?}",
                k + 1
            );
        }
    }
    let last = a[9].max(b[9]);
    assert!(
        last < Duration::from_millis(350),
        "each connection has its own CPU: 10 commands on each take about 200 ms, not 400; took \
         {last:?}"
    );
}
