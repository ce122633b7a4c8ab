//! "Request M-Pesa payment" in the real window: the push goes to a fake Daraja, whose callback
//! reaches the relay the app's agent serves; the customer becomes active on the emulated
//! router and the payment is on the payments page, with the delivery that made it.

use std::sync::Arc;

use tikbill_api::{CustomerInput, ProfileInput, RelaySettings};
use tikbill_core::secret_store::FileSecretStore;
use tikbill_core::{customer, profile, Actor, Context, FixedClock, Randomness, SystemClock};
use tikbill_fakes::{Completion, DarajaConfig, FakeDaraja};
use tikbill_gateway::GatewayName;
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::customers::{add_router, on_router, user};
use crate::desktop::Desktop;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_stk_push_from_the_customer_page_is_paid_and_activates_the_customer() {
    let _ = tikbill_core::gateway::Gateways::real();
    let emulator = Emulator::start(EmulatorConfig::new("billing", "api-pw"))
        .await
        .expect("the emulator");
    let daraja = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("the fake Daraja");

    // Before the app starts: M-Pesa set up in its password file, and its agent told to serve
    // the relay on a loopback port that is also its public URL.
    let data_dir = tempfile::tempdir().expect("a temporary directory");
    let relay_port = free_port();
    let relay = format!("127.0.0.1:{relay_port}");
    {
        let db = tikbill_core::db::open(&tikbill_core::db::sqlite_url(data_dir.path()))
            .await
            .expect("the database");
        let file = Desktop::secrets_file(data_dir.path());
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("the app's folder");
        let ctx = Context::new(
            db.clone(),
            Arc::new(SystemClock),
            Arc::new(FileSecretStore::new(file)),
            Arc::new(Randomness::from_os()),
        )
        .acting_as(Actor::command_line());
        let c = daraja.config();
        tikbill_core::gateway::set_gateway(
            &ctx,
            GatewayName::Mpesa,
            &serde_json::json!({
                "api_base": daraja.base_url(), "consumer_key": c.consumer_key,
                "consumer_secret": c.consumer_secret, "shortcode": c.shortcode, "passkey": c.passkey
            }),
        )
        .expect("M-Pesa set up");
        tikbill_core::settings::save_relay_settings(
            &ctx,
            &RelaySettings {
                public_url: Some(format!("http://{relay}")),
                listen: Some(relay.clone()),
                pull_from: None,
                gateways: vec![],
            },
        )
        .await
        .expect("the relay's settings");
        db.close().await.expect("closed");
    }

    let app = Desktop::start_in(data_dir).await;
    add_router(&app, &emulator.address().port().to_string()).await;
    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    let ctx = tikbill_core::test_context::context(&db, &FixedClock::at(chrono::Utc::now()));
    let plan = profile::create(
        &ctx,
        &ProfileInput {
            name: "Home 10M".into(),
            rate_limit: "5M/10M".into(),
            price: "1500".into(),
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
    let achieng = customer::create(
        &ctx,
        &CustomerInput {
            username: "achieng".into(),
            password: Some("pw".into()),
            full_name: "Achieng Odhiambo".into(),
            phone: "0712 345 678".into(),
            service_type: "hotspot".into(),
            router_id: Some(1),
            profile_id: Some(plan.id),
            ..Default::default()
        },
    )
    .await
    .expect("a customer");
    on_router(&emulator, "achieng, switched off while pending", |e| {
        user(e, "achieng") == Some(true)
    })
    .await;

    // The customer's page: Request M-Pesa payment, the phone prefilled, Send.
    app.click("#nav-customers").await;
    app.wait_for_text("#customers-table", "achieng").await;
    app.click(&format!("#open-customer-{}", achieng.id)).await;
    app.click("#customer-request-mpesa").await;
    app.wait_for("#mpesa-dialog").await;
    assert!(
        app.value("#mpesa-phone").await.contains("712"),
        "the phone is prefilled"
    );
    app.screenshot("mpesa-request").await;
    app.click("#mpesa-send").await;
    app.wait_for_text("#mpesa-status", "confirm").await;
    app.screenshot("mpesa-waiting").await;

    let pushes = daraja.pushes();
    assert_eq!(pushes.len(), 1, "one push reached Daraja");
    assert_eq!(pushes[0].amount, 1500);
    assert_eq!(pushes[0].phone, 254_712_345_678);
    assert!(
        pushes[0]
            .callback_url
            .starts_with(&format!("http://{relay}/hooks/")),
        "{}",
        pushes[0].callback_url
    );

    // The customer types the PIN: Daraja calls the relay back.
    let (status, answer) = daraja
        .complete_push(
            &pushes[0].checkout_request_id,
            Completion::Paid {
                receipt: "TKQ7M2XJ4P".into(),
            },
        )
        .await
        .expect("the callback reached the relay");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));

    on_router(&emulator, "achieng switched on", |e| {
        user(e, "achieng") == Some(false)
    })
    .await;
    let paid = app.wait_for_text("#mpesa-status", "TKQ7M2XJ4P").await;
    assert!(paid.contains("Paid"), "{paid}");
    app.screenshot("mpesa-paid").await;

    // The payments page has it, and the Deliveries tab the callback that made it.
    app.click("#mpesa-close").await;
    app.click("#nav-payments").await;
    app.wait_for_text("#payments-table", "TKQ7M2XJ4P").await;
    app.screenshot("mpesa-payments").await;
    app.click("#tab-deliveries").await;
    let row = app.wait_for_text("#deliveries-table", "Processed").await;
    assert!(row.contains("TKQ7M2XJ4P") || row.contains("stk"), "{row}");
    app.screenshot("mpesa-deliveries").await;
    app.stop().await;
}
