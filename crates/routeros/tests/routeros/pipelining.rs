//! Many tagged commands in flight on one connection.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tikbill_routeros::emulator::EmulatorConfig;
use tikbill_routeros::Command;

use crate::support::{connect, start, PASSWORD, USER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_adds_overlap_and_come_back_in_order() {
    let emulator = start(EmulatorConfig {
        latency: Duration::from_millis(20),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let client = connect(&emulator).await;
    let adds = (0..300).map(|n| {
        Command::new("/ip/hotspot/user/add")
            .attr("name", format!("u{n}"))
            .attr("password", "p")
    });
    let started = Instant::now();
    let results = client.run_many(adds, 64).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(2),
        "300 adds at 20 ms each with 64 in flight overlap (one at a time is 6 s); took {elapsed:?}"
    );
    let ids_by_name: HashMap<String, String> = emulator
        .rows("/ip/hotspot/user")
        .iter()
        .map(|r| {
            (
                r.get("name").unwrap().to_owned(),
                r.get(".id").unwrap().to_owned(),
            )
        })
        .collect();
    for (n, result) in results.into_iter().enumerate() {
        let ret = result.unwrap().ret.unwrap();
        assert_eq!(
            ids_by_name[&format!("u{n}")],
            ret,
            "result {n} is the reply to command {n}, not another one's"
        );
    }
}

#[tokio::test]
async fn replies_are_routed_by_tag_whatever_order_they_are_awaited_in() {
    let emulator = start(EmulatorConfig {
        latency: Duration::from_millis(5),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let client = connect(&emulator).await;
    for name in ["a", "b", "c"] {
        let add = Command::new("/ip/hotspot/user/add")
            .attr("name", name)
            .attr("password", "p");
        client.run(add).await.unwrap();
    }
    let pending: Vec<_> = ["a", "b", "c"]
        .into_iter()
        .map(|name| {
            let print = Command::new("/ip/hotspot/user/print")
                .proplist(["name"])
                .where_eq("name", name);
            (name, client.send(print).unwrap())
        })
        .collect();
    let tags: Vec<u64> = pending.iter().map(|(_, p)| p.tag()).collect();
    assert!(
        tags.windows(2).all(|w| w[0] != w[1]),
        "every command gets its own tag: {tags:?}"
    );
    for (name, in_flight) in pending.into_iter().rev() {
        let rows = in_flight.reply().await.unwrap().rows;
        assert_eq!(
            rows.iter().map(|r| r.get("name")).collect::<Vec<_>>(),
            [Some(name)],
            "the print for {name} gets its own rows"
        );
    }
}
