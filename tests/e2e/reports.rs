//! Reports end to end: the dashboard's charts, the revenue report by method and the router
//! performance report opened in the window, in the light and the dark theme, a report exported
//! as PDF and rendered, and a daily report listed and opened.

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, Set};
use tikbill_api::{CustomerInput, PaymentInput, PaymentMethod, ProfileInput};
use tikbill_core::{customer, entity, payment, profile, report, FixedClock};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::customers::add_router;
use crate::desktop::Desktop;
use crate::payments::{pdf_at, to_png};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_and_two_reports_open_in_both_themes() {
    let emulator = Emulator::start(EmulatorConfig::new("billing", "api-pw"))
        .await
        .expect("the emulator");
    let port = emulator.address().port().to_string();
    let app = Desktop::start().await;
    add_router(&app, &port).await;

    // A month of business on the app's own database: two plans, customers paying by mobile
    // money and card over the last days, and a router checked every hour with one outage.
    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    let now = Utc::now();
    let clock = FixedClock::at(now - Duration::days(6));
    let ctx = tikbill_core::test_context::context(&db, &clock);
    let mut plans = Vec::new();
    for (name, price) in [("Home 10M", "1500"), ("Daily 2M", "100")] {
        let plan = profile::create(
            &ctx,
            &ProfileInput {
                name: name.into(),
                rate_limit: "5M/10M".into(),
                price: price.into(),
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
        plans.push(plan);
    }
    let mut customers = Vec::new();
    for (i, name) in ["amani", "baraka", "chebet", "dalila"]
        .into_iter()
        .enumerate()
    {
        let made = customer::create(
            &ctx,
            &CustomerInput {
                username: name.into(),
                password: Some("pw".into()),
                full_name: name.into(),
                service_type: "hotspot".into(),
                router_id: Some(1),
                profile_id: Some(plans[i % 2].id),
                ..Default::default()
            },
        )
        .await
        .expect("a customer");
        customers.push((made.id, plans[i % 2].price.clone()));
    }
    for day in 0..6 {
        for (n, (id, price)) in customers.iter().enumerate() {
            if (day + n) % 3 == 0 {
                continue;
            }
            payment::record(
                &ctx,
                &PaymentInput {
                    customer_id: Some(*id),
                    profile_id: None,
                    periods: 1,
                    amount: price.clone(),
                    currency: "KES".into(),
                    method: if n % 2 == 0 {
                        PaymentMethod::MobileMoney
                    } else {
                        PaymentMethod::Card
                    },
                    reference: None,
                },
            )
            .await
            .expect("a payment");
        }
        clock.advance(Duration::days(1));
    }
    for hour in 0..(6 * 24) {
        let at = now - Duration::hours(6 * 24 - hour);
        let online = !(30..33).contains(&hour);
        entity::router_check::ActiveModel {
            router_id: Set(1),
            checked_at: Set(at),
            online: Set(online),
            latency_ms: Set(online.then_some(12 + (hour % 7) as i32)),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("a check");
    }
    entity::router_outage::ActiveModel {
        router_id: Set(1),
        started_at: Set(now - Duration::hours(6 * 24 - 30)),
        ended_at: Set(Some(now - Duration::hours(6 * 24 - 33))),
        ..Default::default()
    }
    .insert(&db)
    .await
    .expect("an outage");
    // Yesterday's daily report, as the agent writes it.
    let reports_dir = app.data_dir.path().join("reports");
    let yesterday = (now - Duration::days(1)).date_naive();
    report::daily::write(&ctx, yesterday, &reports_dir)
        .await
        .expect("a daily report");

    app.click("#nav-dashboard").await;
    app.wait_for("#dashboard-chart-2 svg").await;
    app.wait_for_text("#dashboard-charts", "Money taken, last 30 days (KES)")
        .await;
    // Recent activity, from the audit log's newest entries: the payments just recorded.
    app.wait_for_text("#recent-activity", "payment.record")
        .await;
    app.screenshot("dashboard-light").await;
    app.click("#theme-toggle").await;
    app.wait_for_text("#theme-toggle", "Light theme").await;
    app.wait_for("#dashboard-chart-2 svg").await;
    app.screenshot("dashboard-dark").await;

    // The revenue report, by method, in the dark theme.
    app.click("#nav-reports").await;
    app.wait_for_text("#report-title", "Revenue").await;
    app.fill(
        "#report-from",
        &(now - Duration::days(7)).date_naive().to_string(),
    )
    .await;
    app.choose("#report-by", "method").await;
    app.click("#report-run").await;
    app.wait_for_text("#report-table-0", "Mobile money").await;
    app.wait_for_text("#report-table-0", "Card").await;
    app.wait_for("#report-chart-0 svg").await;
    app.screenshot("report-revenue-dark").await;
    app.click("#theme-toggle").await;
    app.wait_for_text("#theme-toggle", "Dark theme").await;
    app.wait_for("#report-chart-0 svg").await;
    app.screenshot("report-revenue-light").await;

    // Router performance: one router, one outage of 3 hours.
    app.choose("#report-kind", "routers").await;
    app.click("#report-run").await;
    app.wait_for_text("#report-title", "Router performance")
        .await;
    app.wait_for_text("#report-table-0", "Tower 1").await;
    app.wait_for_text("#report-table-1", "3 h 0 min").await;
    app.screenshot("report-routers").await;

    // Exported as a PDF, rendered and looked at.
    app.click("#report-pdf").await;
    let said = app.wait_for_text("#notice", "Saved").await;
    to_png(&pdf_at(&said), "report-routers-pdf");

    // The daily report is listed, and its PDF opens from the export folder.
    app.wait_for_text("#daily-reports", &yesterday.to_string())
        .await;
    app.click(&format!("#daily-pdf-{yesterday}")).await;
    let said = app.wait_for_text("#notice", "tikbill-daily-").await;
    to_png(&pdf_at(&said), "daily-report-pdf");
    app.stop().await;
}
