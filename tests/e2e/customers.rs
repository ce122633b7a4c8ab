use std::time::{Duration, Instant};

use tikbill_api::{CustomerInput, ProfileInput};
use tikbill_core::{customer, profile, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
use tikbill_routeros::menu::parse_bool;

use crate::desktop::Desktop;

/// The hotspot user `name` on the emulated router: whether it exists and is switched off.
pub fn user(emulator: &Emulator, name: &str) -> Option<bool> {
    emulator
        .rows("/ip/hotspot/user")
        .into_iter()
        .find(|row| row.get("name") == Some(name))
        .map(|row| row.get("disabled").and_then(parse_bool).unwrap_or(false))
}

pub async fn on_router(emulator: &Emulator, what: &str, wanted: impl Fn(&Emulator) -> bool) {
    let until = Instant::now() + Duration::from_secs(20);
    while !wanted(emulator) {
        assert!(Instant::now() < until, "the router never showed {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Adds "Tower 1" (the emulator on loopback `port`, user billing, password api-pw) on the
/// Routers page, as the owner does.
pub async fn add_router(app: &Desktop, port: &str) {
    app.click("#nav-routers").await;
    app.click("#new-router").await;
    app.fill("#router-name", "Tower 1").await;
    app.fill("#router-host", "127.0.0.1").await;
    app.fill("#router-port", port).await;
    app.fill("#router-username", "billing").await;
    app.fill("#router-password", "api-pw").await;
    app.click("#router-save").await;
    app.wait_for_text("#notice", "Saved 'Tower 1'").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_customer_in_the_window_and_see_the_user_on_the_router() {
    let mut config = EmulatorConfig::new("billing", "api-pw");
    config.identity = "Tower-1".into();
    let emulator = Emulator::start(config).await.expect("the emulator");
    let port = emulator.address().port().to_string();

    let app = Desktop::start().await;
    add_router(&app, &port).await;

    // A plan and a few customers already on the books (through the core, on the app's file).
    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    let ctx = tikbill_core::test_context::context(&db, &FixedClock::at(chrono::Utc::now()));
    let plan = ProfileInput {
        name: "Home 10M".into(),
        rate_limit: "5M/10M".into(),
        price: "150000".into(),
        currency: "IDR".into(),
        duration_value: "1".into(),
        duration_unit: "months".into(),
        data_limit: "".into(),
        shared_users: "2".into(),
        session_timeout: String::new(),
    };
    let plan = profile::create(&ctx, &plan).await.expect("a profile");
    for (n, name) in [
        "Bambang Sutrisno",
        "Citra Dewi",
        "Dewi Lestari",
        "Eko Prasetyo",
    ]
    .iter()
    .enumerate()
    {
        let input = CustomerInput {
            username: name.split(' ').next().unwrap_or("x").to_lowercase(),
            password: Some("pw".into()),
            full_name: (*name).into(),
            phone: format!("0812-555-01{n:02}"),
            service_type: if n.is_multiple_of(2) {
                "hotspot"
            } else {
                "pppoe"
            }
            .into(),
            router_id: Some(1),
            profile_id: Some(plan.id),
            ..Default::default()
        };
        let c = customer::create(&ctx, &input).await.expect("a customer");
        if n < 3 {
            customer::activate(&ctx, c.id).await.expect("activate");
        }
        if n == 2 {
            customer::disable(&ctx, c.id).await.expect("disable");
        }
    }

    app.click("#nav-customers").await;
    app.wait_for_text("#customers-range", "of 4").await;
    app.click("#new-customer").await;
    app.fill("#customer-username", "ayu").await;
    app.fill("#customer-password", "rahasia").await;
    app.fill("#customer-full-name", "Ayu Lestari").await;
    app.fill("#customer-phone", "0812 3456 7890").await;
    app.choose("#customer-service-type", "hotspot").await;
    app.choose("#customer-router", "1").await;
    app.choose("#customer-profile", &plan.id.to_string()).await;
    app.click("#save-customer").await;
    app.wait_for_text("#customers-table", "Ayu Lestari").await;
    on_router(&emulator, "ayu, switched off while pending", |e| {
        user(e, "ayu") == Some(true)
    })
    .await;

    app.click("#open-customer-5").await;
    app.wait_for_text("#customer-status", "Pending").await;
    app.click("#activate-customer").await;
    app.wait_for_text("#customer-status", "Active").await;
    on_router(&emulator, "ayu switched on", |e| {
        user(e, "ayu") == Some(false)
    })
    .await;
    assert!(
        emulator
            .rows("/system/scheduler")
            .iter()
            .any(|e| e.get("name") == Some("tikbill-expire-hotspot-ayu")),
        "the router got its own expiry entry"
    );

    // Online now: the page shows the session; Kick ends it.
    emulator.add_hotspot_session("ayu", "10.5.50.23");
    app.click("#customers-back").await;
    app.click("#open-customer-5").await;
    app.wait_for_text("#active-session", "10.5.50.23").await;
    app.wait_for_text("#router-account", "Home 10M").await;
    app.screenshot("customer-page").await;
    app.click("#kick-customer").await;
    app.wait_for_text("#notice", "Ended ayu's session").await;
    app.wait_for_text("#no-session", "Not connected now.").await;
    assert!(
        emulator.rows("/ip/hotspot/active").is_empty(),
        "kicked on the router"
    );

    app.click("#customers-back").await;
    app.wait_for_text("#customers-range", "of 5").await;
    app.screenshot("customers").await;
    app.stop().await;
    emulator.stop().await;
}
