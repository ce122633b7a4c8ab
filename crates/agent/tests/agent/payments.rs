//! `payments record` and `payments list`, through the binary: the payment is applied (the
//! customer active until their plan's end), listed as JSON with what went to credit, and bad
//! input is one line on stderr.

use chrono::Utc;
use tikbill_api::{CustomerInput, ProfileInput};
use tikbill_core::test_context::context;
use tikbill_core::{customer, profile, FixedClock};

use crate::support::{emulator, AgentCli, Password};

/// A 30-day plan at 500 KES and a pending customer "juma" on the agent's router.
async fn juma(agent: &AgentCli, router_id: i64) {
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
