//! A cashier's day in the real window: she opens her shift with a float, takes cash for a
//! pending customer from the keyboard (F2, the name, Enter, Enter), the customer becomes
//! active on the emulated router, the receipt PDF is written, and the drawer closes even.
//! Screenshots of the flow, the payments page, and the receipt and shift report as PNG.

use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use tikbill_api::{CustomerInput, ProfileInput, StaffInput, StaffRole};
use tikbill_core::{customer, profile, staff, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::customers::{add_router, on_router, user};
use crate::desktop::Desktop;

const CASHIER_PASSWORD: &str = "wanjiku-password-1";

/// Renders the PDF at `path` to target/e2e/NAME.png (its first page) for people to look at.
pub fn to_png(path: &str, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "110", "-singlefile", path])
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm runs (poppler-utils)");
    assert!(status.success(), "{path} renders");
}

pub fn pdf_at(text: &str) -> String {
    let path = text
        .split_whitespace()
        .find(|word| word.ends_with(".pdf"))
        .unwrap_or_else(|| panic!("a PDF path in {text:?}"))
        .trim_end_matches(['.', ',']);
    let path = if path.ends_with(".pdf") {
        path.to_string()
    } else {
        format!("{path}.pdf")
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(bytes.starts_with(b"%PDF-"), "{path} is a PDF");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cashier_takes_cash_and_her_drawer_closes_even() {
    let emulator = Emulator::start(EmulatorConfig::new("billing", "api-pw"))
        .await
        .expect("the emulator");
    let port = emulator.address().port().to_string();
    let app = Desktop::start().await;
    add_router(&app, &port).await;

    // A plan, a pending customer and a cashier, already on the books.
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
    customer::create(
        &ctx,
        &CustomerInput {
            username: "juma".into(),
            password: Some("pw".into()),
            full_name: "Juma Otieno".into(),
            phone: "0712 345 678".into(),
            service_type: "hotspot".into(),
            router_id: Some(1),
            profile_id: Some(plan.id),
            ..Default::default()
        },
    )
    .await
    .expect("a customer");
    staff::add(
        &ctx,
        &StaffInput {
            username: "wanjiku".into(),
            name: "Wanjiku Kamau".into(),
            role: StaffRole::Cashier,
            password: CASHIER_PASSWORD.into(),
        },
    )
    .await
    .expect("a cashier");
    on_router(&emulator, "juma, switched off while pending", |e| {
        user(e, "juma") == Some(true)
    })
    .await;

    app.click("#sign-out").await;
    app.sign_in("wanjiku", CASHIER_PASSWORD).await;
    app.wait_for("#shift-box").await;

    // The shift opens with 2,000 in the drawer.
    app.click("#open-shift").await;
    app.fill("#shift-float", "2000").await;
    app.fill("#shift-currency", "KES").await;
    app.click("#open-shift-confirm").await;
    app.wait_for("#close-shift").await;

    // F2, the name, Enter to pick, Enter to confirm: no mouse.
    app.press(&Key::F2.to_string()).await;
    app.wait_for("#take-payment-search").await;
    app.type_keys("#take-payment-search", "jum").await;
    app.wait_for_text("#take-payment-results", "Juma Otieno")
        .await;
    app.screenshot("take-payment-search").await;
    app.type_keys("#take-payment-search", &Key::Enter.to_string())
        .await;
    app.wait_for("#take-payment-form").await;
    assert_eq!(app.value("#take-payment-amount").await, "1500");
    app.screenshot("take-payment-confirm").await;
    app.type_keys("#take-payment-amount", &Key::Enter.to_string())
        .await;
    let receipt = app.wait_for_text("#take-payment-receipt", "R-000001").await;
    assert!(receipt.contains("R-000001"), "{receipt}");
    app.screenshot("take-payment-done").await;

    on_router(&emulator, "juma switched on", |e| {
        user(e, "juma") == Some(false)
    })
    .await;

    app.click("#print-receipt").await;
    let saved = app.wait_for_text("#receipt-path", ".pdf").await;
    to_png(&pdf_at(&saved), "receipt");
    app.click("#take-payment-close").await;

    // The drawer: 2,000 float + 1,500 cash, counted 3,500.
    app.click("#close-shift").await;
    app.fill("#shift-counted", "3500").await;
    app.click("#close-shift-confirm").await;
    let difference = app.wait_for_text("#shift-difference", "0").await;
    assert!(difference.contains("KES 0.00"), "{difference}");
    app.screenshot("shift-closed").await;
    app.click("#print-shift-report").await;
    let saved = app.wait_for_text("#shift-report-path", ".pdf").await;
    to_png(&pdf_at(&saved), "shift-report");
    app.click("#shift-closed-dialog button[aria-label='Close']")
        .await;

    app.click("#nav-payments").await;
    app.wait_for_text("#payments-table", "juma").await;
    app.wait_for_text("#payments-totals", "Taken: KES 1,500.00 (1)")
        .await;
    app.screenshot("payments").await;
    app.resize(1920, 1080).await;
    app.screenshot("payments-1920x1080").await;
    db.close().await.expect("close");
}
