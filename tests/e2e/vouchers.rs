//! Vouchers end to end: 30 cards generated in the window, previewed and saved as a PDF sheet,
//! and the cards on the emulated router as hotspot users with the card profile.

use std::process::Command;

use tikbill_api::ProfileInput;
use tikbill_core::{profile, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::customers::{add_router, on_router};
use crate::desktop::Desktop;
use crate::payments::{pdf_at, to_png};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_cards_generated_in_the_window_print_and_reach_the_router() {
    let emulator = Emulator::start(EmulatorConfig::new("billing", "api-pw"))
        .await
        .expect("the emulator");
    let port = emulator.address().port().to_string();
    let app = Desktop::start().await;
    add_router(&app, &port).await;

    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    let ctx = tikbill_core::test_context::context(&db, &FixedClock::at(chrono::Utc::now()));
    let plan = profile::create(
        &ctx,
        &ProfileInput {
            name: "Daily 2M".into(),
            rate_limit: "2M/4M".into(),
            price: "5000".into(),
            currency: "IDR".into(),
            duration_value: "1".into(),
            duration_unit: "days".into(),
            data_limit: "2G".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        },
    )
    .await
    .expect("a plan");
    // The hotspot's address, on the router's form: the cards' QR codes log in there.
    app.click("#edit-router-1").await;
    app.fill("#router-hotspot-address", "10.5.50.1").await;
    app.click("#router-save").await;
    app.wait_for_text("#notice", "Saved 'Tower 1'").await;

    app.click("#nav-vouchers").await;
    app.wait_for("#batches-empty").await;
    app.click("#vouchers-generate").await;
    app.wait_for("#generate-vouchers").await;
    app.choose("#voucher-plan", &plan.id.to_string()).await;
    app.fill("#voucher-count", "30").await;
    app.fill("#voucher-prefix", "HS").await;
    app.click("#generate-submit").await;
    app.wait_for_text("#notice", "30 cards").await;
    let summary = app
        .wait_for_text("#voucher-preview-summary", "30 cards on 1 page")
        .await;
    assert!(summary.contains("first page"), "{summary}");
    app.wait_for("#voucher-preview svg").await;
    app.wait_for_text("#batches-table", "30 created").await;
    app.screenshot("vouchers-preview").await;

    // The labels layout: two sheets for 30 cards, the preview drawn again.
    app.choose("#print-layout", "avery-l7160").await;
    app.wait_for_text("#voucher-preview-summary", "30 cards on 2 pages")
        .await;
    app.choose("#print-layout", "a4").await;
    app.wait_for_text("#voucher-preview-summary", "30 cards on 1 page")
        .await;
    app.click("#print-save").await;
    let saved = app.wait_for_text("#print-saved", ".pdf").await;
    let path = pdf_at(&saved);
    to_png(&path, "vouchers-a4");
    let text = Command::new("pdftotext")
        .args(["-layout", &path, "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let router = tikbill_core::router::get(&ctx, 1)
        .await
        .expect("the router");
    assert_eq!(router.hotspot_address.as_deref(), Some("10.5.50.1"));

    // The router gets the 30 cards from the app's router worker.
    on_router(&emulator, "30 cards", |e| {
        e.rows("/ip/hotspot/user")
            .iter()
            .filter(|u| u.get("profile") == Some("tikbill-card-Daily 2M-1d"))
            .count()
            == 30
    })
    .await;
    let users = emulator.rows("/ip/hotspot/user");
    for user in &users {
        let code = user.get("name").expect("a name");
        assert!(code.starts_with("HS"), "{code}");
        assert!(text.contains(code), "{code} is printed on the sheet");
        assert_eq!(user.get("limit-bytes-total"), Some("2147483648"));
    }
    let profile = emulator
        .rows("/ip/hotspot/user/profile")
        .into_iter()
        .find(|p| p.get("name") == Some("tikbill-card-Daily 2M-1d"))
        .expect("the card profile");
    assert!(profile
        .get("on-login")
        .is_some_and(|s| s.contains("tikbill-card-$user") && s.contains("interval=1d")));

    // Refreshing from the routers finds them there.
    app.click("#vouchers-refresh").await;
    app.wait_for_text("#notice", "on the router").await;
    app.wait_for_text("#batches-table", "30 on router").await;
    app.click("#tab-cards").await;
    app.wait_for("#cards-table").await;
    app.screenshot("vouchers-cards").await;
    // A selection: the cards found, printed on a 58 mm roll, one card a page.
    app.choose("#cards-state", "on_router").await;
    app.click("#cards-search").await;
    app.wait_for_text("#cards-table", "on router").await;
    app.click("#cards-print").await;
    app.wait_for_text("#print-vouchers h2", "Print 30 cards")
        .await;
    app.choose("#print-layout", "thermal-58").await;
    app.wait_for_text("#voucher-preview-summary", "30 cards on 30 pages")
        .await;
    app.screenshot("vouchers-roll-preview").await;
    app.click("#print-close").await;

    // At the counter: the owner opens a drawer, sells the first card, and a customer on the
    // plan gets a sold card's day by their user name.
    app.click("#open-shift").await;
    app.fill("#shift-float", "0").await;
    app.fill("#shift-currency", "IDR").await;
    app.click("#open-shift-confirm").await;
    app.wait_for("#close-shift").await;
    let first = users[0].get("name").expect("a code").to_string();
    let second = users[1].get("name").expect("a code").to_string();
    app.click("#tab-counter").await;
    app.fill(
        "#counter-codes",
        &format!("{} {}", first.to_lowercase(), second),
    )
    .await;
    app.click("#counter-sell").await;
    app.wait_for_text("#notice", "Sold 2 cards for 10000 IDR")
        .await;
    app.wait_for_text("#shift-box", "IDR 10,000").await;
    // Cards 3 to 5 issued to the first person on the list (the owner here).
    app.fill("#issue-batch", "1").await;
    app.fill("#issue-from", "3").await;
    app.fill("#issue-to", "5").await;
    app.click("#issue-submit").await;
    app.wait_for_text("#notice", "3 cards issued").await;
    let customer = tikbill_core::customer::create(
        &ctx,
        &tikbill_api::CustomerInput {
            username: "ayu".into(),
            password: Some("rahasia".into()),
            full_name: "Ayu Lestari".into(),
            service_type: "hotspot".into(),
            router_id: Some(1),
            profile_id: Some(plan.id),
            ..Default::default()
        },
    )
    .await
    .expect("a customer");
    app.fill("#counter-codes", &second).await;
    app.fill("#counter-customer", "AYU").await;
    app.click("#counter-redeem").await;
    app.wait_for_text("#notice", &format!("Card {second} redeemed"))
        .await;
    app.screenshot("vouchers-counter").await;
    let redeemed = tikbill_core::voucher::by_code(&ctx, &second)
        .await
        .expect("the card");
    assert_eq!(redeemed.state, tikbill_api::VoucherState::Redeemed);
    assert_eq!(redeemed.customer_id, Some(customer.id));
    let sold = tikbill_core::voucher::by_code(&ctx, &first)
        .await
        .expect("the card");
    assert_eq!(sold.state, tikbill_api::VoucherState::Sold);

    // The dashboard counts them: 2 cards sold today, 10,000 taken.
    app.click("#nav-dashboard").await;
    app.wait_for_text("#tile-vouchers-sold", "2 sold today")
        .await;
    app.wait_for_text("#tile-revenue-idr", "IDR 10,000").await;
    app.wait_for_text("#tile-routers", "of 1").await;
    app.screenshot("dashboard").await;
    app.stop().await;
}
