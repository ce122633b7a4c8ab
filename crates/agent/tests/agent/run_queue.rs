//! `tikbill-agent run` works the router job queue, and a `kill -9` in the middle of a batch
//! loses nothing and doubles nothing.

use std::process::Stdio;
use std::time::Duration;

use tikbill_api::{CustomerInput, ProfileInput};
use tikbill_core::test_context::context;
use tikbill_core::{customer, profile, FixedClock};
use tikbill_routeros::menu::parse_bool;

use crate::support::{count, emulator, wait_for, AgentCli};

const CUSTOMERS: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_agent_restarts_and_finishes_the_queue_exactly_once() {
    let router = emulator("Tower Queue").await;
    router.set_latency(Duration::from_millis(60));
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower Queue", &router).await;
    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(chrono::Utc::now()));
    let plan = ProfileInput {
        name: "Weekly".into(),
        rate_limit: "2M/4M".into(),
        price: "25000".into(),
        currency: "IDR".into(),
        duration_value: "7".into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    };
    let plan = profile::create(&ctx, &plan).await.expect("a profile");
    for n in 0..CUSTOMERS {
        let input = CustomerInput {
            username: format!("q{n:03}"),
            password: Some("pw".into()),
            full_name: format!("Queue {n}"),
            service_type: "hotspot".into(),
            router_id: Some(router_id),
            profile_id: Some(plan.id),
            ..Default::default()
        };
        let c = customer::create(&ctx, &input).await.expect("create");
        customer::activate(&ctx, c.id).await.expect("activate");
    }
    let pending = "SELECT COUNT(*) FROM router_jobs WHERE status = 'pending'";
    assert_eq!(count(&db, pending).await, 2 * CUSTOMERS as i64);

    let start = || {
        agent
            .command(&[
                "run",
                "--provisioning-every-secs",
                "1",
                "--health-every-secs",
                "3600",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the agent starts")
    };
    let mut first = start();
    wait_for(
        "the first user on the router",
        Duration::from_secs(30),
        async || !router.rows("/ip/hotspot/user").is_empty(),
    )
    .await;
    first.start_kill().expect("kill -9");
    first.wait().await.expect("the killed agent is reaped");
    let left = count(&db, pending).await;
    assert!(
        left > 0,
        "killed before the router's work was confirmed in the database ({left} pending)"
    );

    let mut second = start();
    wait_for("an empty queue", Duration::from_secs(60), async || {
        count(&db, pending).await == 0
    })
    .await;
    second.start_kill().expect("stop");
    second.wait().await.expect("reaped");

    let users = router.rows("/ip/hotspot/user");
    let entries = router.rows("/system/scheduler");
    assert_eq!(
        (users.len(), entries.len()),
        (CUSTOMERS, CUSTOMERS),
        "every customer once, every expiry entry once"
    );
    assert!(
        users
            .iter()
            .all(|u| !u.get("disabled").and_then(parse_bool).unwrap_or(true)),
        "every activated customer can log in"
    );
    let done = "SELECT COUNT(*) FROM router_jobs WHERE status = 'done'";
    assert_eq!(count(&db, done).await, 2 * CUSTOMERS as i64, "no job lost");
    let failed = "SELECT COUNT(*) FROM router_jobs WHERE status = 'failed'";
    assert_eq!(count(&db, failed).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_start_the_agent_expires_what_ran_out_while_nothing_ran() {
    let router = emulator("Tower Expiry").await;
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower Expiry", &router).await;
    let db = agent.sqlite().await;
    // Activated two days ago on a 1-day plan; no tikbill process ran since.
    let then = FixedClock::at(chrono::Utc::now() - chrono::Duration::days(2));
    let ctx = context(&db, &then);
    let plan = ProfileInput {
        name: "Daily".into(),
        rate_limit: "1M/2M".into(),
        price: "5000".into(),
        currency: "IDR".into(),
        duration_value: "1".into(),
        duration_unit: "days".into(),
        data_limit: "".into(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    };
    let plan = profile::create(&ctx, &plan).await.expect("a profile");
    let input = CustomerInput {
        username: "late".into(),
        password: Some("pw".into()),
        full_name: "Late Payer".into(),
        service_type: "hotspot".into(),
        router_id: Some(router_id),
        profile_id: Some(plan.id),
        ..Default::default()
    };
    let c = customer::create(&ctx, &input).await.expect("create");
    customer::activate(&ctx, c.id).await.expect("activate");
    router.add_hotspot_session("late", "10.5.50.77");

    let mut child = agent
        .command(&["run", "--health-every-secs", "3600"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the agent starts");
    wait_for(
        "the expired customer switched off",
        Duration::from_secs(30),
        async || {
            router.rows("/ip/hotspot/user").iter().any(|u| {
                u.get("name") == Some("late")
                    && u.get("disabled").and_then(parse_bool) == Some(true)
            })
        },
    )
    .await;
    wait_for(
        "the expiry job's record",
        Duration::from_secs(10),
        async || {
            count(
                &db,
                "SELECT COUNT(*) FROM settings WHERE key = 'agent.job.expiry.last_run'",
            )
            .await
                == 1
        },
    )
    .await;
    child.start_kill().expect("stop");
    child.wait().await.expect("reaped");
    let seen = customer::get(&ctx, c.id).await.expect("the customer");
    assert_eq!(seen.status, tikbill_api::CustomerStatus::Expired);
    assert!(
        router.rows("/ip/hotspot/active").is_empty(),
        "the session was kicked"
    );
}
