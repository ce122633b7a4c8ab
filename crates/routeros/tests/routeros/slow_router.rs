//! A router whose CPU answers a connection's commands one after another (the emulator's service
//! time), and `run_many` keeping each command of a big batch within its time limit there.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use tikbill_routeros::emulator::{EmulatorConfig, Fault};
use tikbill_routeros::{Client, Command, Error, Phase, Reply};

use crate::support::{connect, options, router, start, PASSWORD, USER};

fn adds(count: usize) -> impl Iterator<Item = Command> {
    (0..count).map(|n| {
        Command::new("/ip/hotspot/user/add")
            .attr("name", format!("u{n}"))
            .attr("password", "p")
    })
}

fn timed_out(results: &[Result<Reply, Error>]) -> usize {
    results
        .iter()
        .filter(|r| matches!(r, Err(Error::TimedOut(Phase::Command))))
        .count()
}

/// `run_many` as it was: every command's time limit starts when it is sent, `window` at once.
async fn run_with_fixed_window(
    client: &Client,
    commands: impl Iterator<Item = Command>,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_batch_on_a_slow_router_finishes_without_timeouts() {
    // 300 adds at 2 ms each take the router 600 ms: with every limit counted from sending, the
    // 300 ms limit times out the second half of the batch.
    let slow = || EmulatorConfig {
        service_time: Duration::from_millis(2),
        ..EmulatorConfig::new(USER, PASSWORD)
    };
    let limit = Duration::from_millis(300);

    let before = start(slow()).await;
    let client = Client::connect(&options(&before).with_command_timeout(limit))
        .await
        .unwrap();
    let old = run_with_fixed_window(&client, adds(300), 2048).await;
    assert!(
        timed_out(&old) >= 50,
        "the old fixed window of 2048 times out the tail: {} of 300 timed out",
        timed_out(&old)
    );

    let after = start(slow()).await;
    let client = Client::connect(&options(&after).with_command_timeout(limit))
        .await
        .unwrap();
    let results = client.run_many(adds(300), 2048).await;
    let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failed.is_empty(),
        "every add succeeds, but {} failed, the first with {:?}",
        failed.len(),
        failed.first()
    );
    assert_eq!(
        after.rows("/ip/hotspot/user").len(),
        300,
        "the router has all 300 users"
    );
}

#[tokio::test]
async fn a_timed_out_command_does_not_fail_the_rest_of_its_batch() {
    let emulator = router().await;
    let options = options(&emulator).with_command_timeout(Duration::from_millis(300));
    let client = Client::connect(&options).await.unwrap();
    let mut batch: Vec<Command> = adds(2).collect();
    // A listen never ends on its own, so as a command it times out.
    batch.insert(1, Command::new("/ppp/secret/listen"));
    let results = client.run_many(batch, 16).await;
    let outcome: Vec<_> = results.iter().map(|r| r.as_ref().err().cloned()).collect();
    assert_eq!(
        outcome,
        [None, Some(Error::TimedOut(Phase::Command)), None],
        "each result is its own: the adds around the timed-out command succeed"
    );
    assert!(
        !client.is_closed(),
        "a timeout does not close the connection"
    );
}

#[tokio::test]
async fn a_router_that_stops_answering_fails_a_batch_in_bounded_time() {
    let emulator = router().await;
    let options = options(&emulator).with_command_timeout(Duration::from_millis(200));
    let client = Client::connect(&options).await.unwrap();
    emulator.set_fault(Some(Fault::Silent));
    let started = Instant::now();
    let results = client.run_many(adds(1_000), 2048).await;
    let took = started.elapsed();
    assert_eq!(
        timed_out(&results),
        1_000,
        "every command is reported as timed out, in order"
    );
    assert!(
        took < Duration::from_millis(1_500),
        "after twice the limit without an answer the rest are not sent, not waited for one by \
         one; took {took:?}"
    );
}
