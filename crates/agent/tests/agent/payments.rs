//! `payments record` and `payments list`, through the binary: the payment is applied (the
//! customer active until their plan's end), listed as JSON with what went to credit, and bad
//! input is one line on stderr.

use chrono::Utc;
use tikbill_api::{CustomerInput, ProfileInput};
use tikbill_core::test_context::context;
use tikbill_core::{customer, profile, FixedClock};

use crate::support::{emulator, AgentCli, Password};

/// A 30-day plan at 500 KES and a pending customer "juma" on the agent's router.
pub(crate) async fn juma(agent: &AgentCli, router_id: i64) {
    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(Utc::now()));
    let plan = profile::create(
        &ctx,
        &ProfileInput {
            name: "Monthly 5M".into(),
            rate_limit: "5M/5M".into(),
            price: "500".into(),
            currency: "KES".into(),
            duration_value: "30".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan");
    customer::create(
        &ctx,
        &CustomerInput {
            username: "juma".into(),
            password: Some("pw".into()),
            full_name: "Juma Otieno".into(),
            service_type: "hotspot".into(),
            router_id: Some(router_id),
            profile_id: Some(plan.id),
            ..Default::default()
        },
    )
    .await
    .expect("a customer");
    db.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_recorded_on_the_command_line_is_applied_and_listed() {
    let router = emulator("Tower 1").await;
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower 1", &router).await;
    juma(&agent, router_id).await;

    let out = agent
        .run(
            &[
                "payments",
                "record",
                "--customer",
                "juma",
                "--amount",
                "520",
                "--currency",
                "KES",
                "--method",
                "cash",
            ],
            Password::Missing,
        )
        .await;
    let paid = out.json("payments record");
    assert_eq!(paid["state"], "applied", "{paid}");
    assert_eq!(paid["amount"], "520");
    assert_eq!(paid["credit_added"], "20", "{paid}");
    assert_eq!(paid["customer_username"], "juma");
    assert!(out.stderr.contains("for 'juma': applied"), "{}", out.stderr);

    let listed = agent
        .run(
            &["payments", "list", "--status", "applied"],
            Password::Missing,
        )
        .await
        .json("payments list");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 1);
    for key in [
        "amount",
        "currency",
        "method",
        "reference",
        "state",
        "customer_username",
        "credit_added",
    ] {
        assert_eq!(listed[0][key], paid[key], "{key}");
    }
    let none = agent
        .run(
            &["payments", "list", "--status", "reversed"],
            Password::Missing,
        )
        .await
        .json("payments list --status reversed");
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let future = agent
        .run(
            &["payments", "list", "--since", "2999-01-01"],
            Password::Missing,
        )
        .await
        .json("payments list --since");
    assert_eq!(future.as_array().map(Vec::len), Some(0));
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let since_yesterday = (Utc::now() - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    for since in [since_yesterday.as_str()] {
        let got = agent
            .run(&["payments", "list", "--since", since], Password::Missing)
            .await
            .json("payments list --since yesterday");
        assert_eq!(
            got.as_array().map(Vec::len),
            Some(1),
            "since {since} (today {today})"
        );
    }

    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(Utc::now()));
    let juma = customer::by_username(&ctx, "juma", None)
        .await
        .expect("juma");
    assert_eq!(juma.status, tikbill_api::CustomerStatus::Active);
    db.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_payments_are_refused_in_one_line() {
    let router = emulator("Tower 1").await;
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower 1", &router).await;
    juma(&agent, router_id).await;
    let record = |customer: &'static str, amount: &'static str, method: &'static str| {
        [
            "payments",
            "record",
            "--customer",
            customer,
            "--amount",
            amount,
            "--currency",
            "KES",
            "--method",
            method,
        ]
    };
    agent
        .run(&record("nobody", "500", "cash"), Password::Missing)
        .await
        .refused("an unknown customer", "No customer is called 'nobody'");
    agent
        .run(&record("juma", "five hundred", "cash"), Password::Missing)
        .await
        .refused("a word for an amount", "not an amount");
    agent
        .run(&record("juma", "500", "cheque"), Password::Missing)
        .await
        .refused("an unknown method", "'cheque' is not a method");
    agent
        .run(&["payments", "list", "--status", "lost"], Password::Missing)
        .await
        .refused("an unknown status", "'lost' is not a payment status");
    agent
        .run(
            &["payments", "list", "--since", "yesterday"],
            Password::Missing,
        )
        .await
        .refused("a date that is not one", "since");
}

/// Customers, and payments a gateway confirmed that are stored `paid`, not yet applied.
const KILL_CUSTOMERS: usize = 10;
const KILL_PAYMENTS: usize = 300;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_stored_before_a_kill_are_applied_once_after_it() {
    use std::process::Stdio;
    use std::time::Duration;

    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use tikbill_api::PaymentMethod;
    use tikbill_core::{entity, payment};

    use crate::support::{count, wait_for};

    let router = emulator("Tower Kill").await;
    let agent = AgentCli::new();
    let router_id = agent.add_router("Tower Kill", &router).await;
    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(Utc::now()));
    let plan = profile::create(
        &ctx,
        &ProfileInput {
            name: "Daily".into(),
            rate_limit: "1M/2M".into(),
            price: "50".into(),
            currency: "KES".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan");
    let mut ids = Vec::new();
    for n in 0..KILL_CUSTOMERS {
        let c = customer::create(
            &ctx,
            &CustomerInput {
                username: format!("k{n:02}"),
                password: Some("pw".into()),
                full_name: format!("Kamau {n}"),
                service_type: "hotspot".into(),
                router_id: Some(router_id),
                profile_id: Some(plan.id),
                ..Default::default()
            },
        )
        .await
        .expect("a customer");
        ids.push(c.id);
    }
    // What a callback relay leaves: money confirmed and stored, its apply still to come.
    for n in 0..KILL_PAYMENTS {
        let input = tikbill_api::PaymentInput {
            customer_id: Some(ids[n % KILL_CUSTOMERS]),
            profile_id: None,
            periods: 1,
            amount: "50".into(),
            currency: "KES".into(),
            method: PaymentMethod::MobileMoney,
            reference: None,
        };
        let stored = payment::receive(&ctx, "mpesa", &format!("QK{n:06}"), &input)
            .await
            .expect("stored");
        assert_eq!(stored.state, tikbill_api::PaymentState::Paid);
    }
    let paid = "SELECT COUNT(*) FROM payments WHERE state = 'paid'";
    let applied = "SELECT COUNT(*) FROM payments WHERE state = 'applied'";
    let start = || {
        agent
            .command(&[
                "run",
                "--payments-every-secs",
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
        "the first payments applied",
        Duration::from_secs(30),
        async || count(&db, applied).await > 0,
    )
    .await;
    first.start_kill().expect("kill -9");
    first.wait().await.expect("the killed agent is reaped");
    let left = count(&db, paid).await;
    eprintln!("kill -9 left {left} of {KILL_PAYMENTS} payments paid, not applied");
    assert!(
        left > 0,
        "killed in the middle of the pass ({left} still paid)"
    );

    let mut second = start();
    wait_for(
        "every payment applied",
        Duration::from_secs(120),
        async || count(&db, paid).await == 0,
    )
    .await;
    second.start_kill().expect("stop");
    second.wait().await.expect("reaped");

    assert_eq!(count(&db, applied).await, KILL_PAYMENTS as i64);
    let applies = "SELECT COUNT(*) FROM payment_transitions WHERE to_state = 'applied'";
    assert_eq!(
        count(&db, applies).await,
        KILL_PAYMENTS as i64,
        "each applied once"
    );
    // Each customer: 30 days, bought one after another, no day twice and none missed.
    for id in &ids {
        let rows = entity::payment::Entity::find()
            .filter(entity::payment::Column::CustomerId.eq(*id))
            .order_by_asc(entity::payment::Column::Id)
            .all(&db)
            .await
            .expect("payments");
        assert_eq!(rows.len(), KILL_PAYMENTS / KILL_CUSTOMERS);
        for pair in rows.windows(2) {
            assert_eq!(
                pair[1].expiry_before, pair[0].expiry_after,
                "one after another"
            );
        }
        for row in &rows[1..] {
            let (Some(before), Some(after)) = (row.expiry_before, row.expiry_after) else {
                panic!("payment #{} bought no time", row.id);
            };
            assert_eq!(
                after - before,
                chrono::Duration::days(1),
                "payment #{}",
                row.id
            );
        }
        let c = customer::get(&ctx, *id).await.expect("the customer");
        let last = rows.last().and_then(|r| r.expiry_after).expect("an expiry");
        let expires = c
            .expires_at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc));
        assert_eq!(expires, Some(last), "customer #{id}");
    }
    db.close().await.expect("close");
}
