//! Silent routers, slow replies, dropped connections, restarts.

use std::time::{Duration, Instant};

use tikbill_routeros::emulator::{EmulatorConfig, Fault};
use tikbill_routeros::menu::system;
use tikbill_routeros::{Backoff, Client, Command, Error, Phase, RouterLink};

use crate::support::{connect, options, router, start, PASSWORD, USER};

#[tokio::test]
async fn silent_router_times_out_at_login() {
    let emulator = start(EmulatorConfig {
        fault: Some(Fault::Silent),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    let options = options(&emulator).with_login_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = Client::connect(&options).await.err();
    assert_eq!(
        error,
        Some(Error::TimedOut(Phase::Login)),
        "a router that accepts TCP and never answers times out at login"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the login limit is honoured, not waited past"
    );
}

#[tokio::test]
async fn slow_command_times_out_and_its_late_reply_is_dropped() {
    let emulator = router().await;
    let options = options(&emulator).with_command_timeout(Duration::from_millis(100));
    let client = Client::connect(&options).await.unwrap();
    emulator.set_latency(Duration::from_millis(300));
    let add = Command::new("/ip/hotspot/user/add")
        .attr("name", "late")
        .attr("password", "p");
    assert_eq!(
        client.run(add).await.err(),
        Some(Error::TimedOut(Phase::Command)),
        "a reply slower than the command limit is a timeout"
    );
    emulator.set_latency(Duration::ZERO);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        system::identity(&client).await.ok().as_deref(),
        Some("MikroTik"),
        "after the late reply arrived (and was dropped) the next command gets its own answer"
    );
    assert!(
        !client.is_closed(),
        "a timeout does not close the connection"
    );
}

#[tokio::test]
async fn drop_mid_reply_fails_every_pending_command_at_once() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.set_fault(Some(Fault::DropMidReply));
    let pending: Vec<_> = (0..10)
        .map(|n| {
            let add = Command::new("/ip/hotspot/user/add")
                .attr("name", format!("u{n}"))
                .attr("password", "p");
            client.send(add).unwrap()
        })
        .collect();
    let started = Instant::now();
    for in_flight in pending {
        assert_eq!(
            in_flight.reply().await.err(),
            Some(Error::ConnectionClosed),
            "every command in flight fails when the connection drops"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "they fail at once, not each after its own timeout"
    );
    assert!(client.is_closed(), "the client reports it is closed");
    assert_eq!(
        client
            .run(Command::new("/system/identity/print"))
            .await
            .err(),
        Some(Error::ConnectionClosed),
        "new commands on a closed client fail immediately"
    );
}

#[tokio::test]
async fn fatal_closes_the_client_with_the_reason() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let error = client.run(Command::new("/quit")).await.err();
    assert_eq!(
        error,
        Some(Error::Fatal("session terminated on request".into())),
        "!fatal's reason is kept"
    );
    assert!(client.is_closed(), "!fatal closes the client");
}

fn quick_backoff(attempts: u32) -> Backoff {
    Backoff {
        base: Duration::from_millis(20),
        max: Duration::from_millis(100),
        attempts,
    }
}

#[tokio::test]
async fn router_link_reconnects_after_the_router_restarts() {
    let emulator = router().await;
    let address = emulator.address();
    let link = RouterLink::new(options(&emulator), quick_backoff(5));
    assert!(system::identity(&link).await.is_ok(), "first connection");

    emulator.stop().await;
    let down = system::identity(&link).await.err();
    assert!(
        matches!(down, Some(Error::ConnectionClosed | Error::Refused { .. })),
        "with the router down the command fails with a connection error: {down:?}"
    );
    let started = Instant::now();
    let error = system::identity(&link).await.err();
    assert!(
        matches!(error, Some(Error::Refused { .. })),
        "with the router still down it gives up with the last error: {error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "giving up is bounded by the attempts and backoff"
    );

    let restarted = start(EmulatorConfig {
        listen: address,
        identity: "Restarted".into(),
        ..EmulatorConfig::new(USER, PASSWORD)
    })
    .await;
    assert_eq!(
        system::identity(&link).await.ok().as_deref(),
        Some("Restarted"),
        "the next command after the restart reconnects"
    );
    drop(restarted);
}

#[tokio::test]
async fn router_link_does_not_retry_bad_credentials() {
    let emulator = router().await;
    let mut wrong = options(&emulator);
    wrong.password = "guess".into();
    let link = RouterLink::new(wrong, quick_backoff(50));
    let started = Instant::now();
    assert_eq!(
        system::identity(&link).await.err(),
        Some(Error::BadCredentials),
        "a wrong password is reported, not retried"
    );
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "no backoff for errors that will not fix themselves"
    );
}
