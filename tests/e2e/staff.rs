//! Staff and roles in the real window: the first start makes the owner, the owner adds a
//! cashier, the cashier signs in (after a wait for wrong passwords) and sees the Routers page
//! without edit; a forged IPC call is refused by the core; the owner's audit page shows it all.

use serde_json::json;
use tikbill_api::RouterInput;
use tikbill_core::FixedClock;

use crate::desktop::Desktop;

const OWNER_PASSWORD: &str = "budi-owner-pass-1";
const CASHIER_PASSWORD: &str = "sari-counter-1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_owner_cashier_and_a_refused_forgery() {
    let app = Desktop::first_start().await;
    app.wait_for_text("#first-run", "Create the owner account")
        .await;
    app.fill("#owner-name", "Budi Santoso").await;
    app.fill("#owner-username", "budi").await;
    app.fill("#owner-password", "short").await;
    app.wait_for_text("#password-strength", "At least 10 characters")
        .await;
    app.screenshot("first-run").await;
    app.fill("#owner-password", OWNER_PASSWORD).await;
    app.fill("#owner-password-again", OWNER_PASSWORD).await;
    app.click("#create-owner").await;
    app.wait_for_text("#account-role", "budi · owner").await;

    // A router exists (added elsewhere): the cashier will see it, without edit.
    let db = tikbill_core::db::open(&app.database_url())
        .await
        .expect("the app's database");
    let ctx = tikbill_core::test_context::context(&db, &FixedClock::at(chrono::Utc::now()));
    let router = tikbill_core::router::create(
        &ctx,
        &RouterInput {
            name: "Tower 1".into(),
            host: "127.0.0.1".into(),
            port: "8728".into(),
            use_tls: false,
            username: "billing".into(),
            password: Some("api-pw".into()),
        },
    )
    .await
    .expect("a router");

    // The owner sees every area, and the router's edit buttons.
    for shown in ["#nav-staff", "#nav-audit", "#nav-settings"] {
        assert!(app.exists(shown).await, "{shown} is there for the owner");
    }
    app.click("#nav-routers").await;
    app.wait_for(&format!("#edit-router-{}", router.id)).await;
    assert!(app.exists("#new-router").await);

    // The owner adds a cashier on the Staff page.
    app.click("#nav-staff").await;
    app.fill("#staff-username", "sari").await;
    app.fill("#staff-name", "Sari Dewi").await;
    app.choose("#staff-role", "cashier").await;
    app.fill("#staff-password", CASHIER_PASSWORD).await;
    app.click("#add-staff-submit").await;
    app.wait_for_text("#notice", "Added sari (cashier)").await;
    app.wait_for_text("#staff-table", "sari").await;
    app.screenshot("staff").await;

    // Sign out; the cashier mistypes five times and is made to wait.
    app.click("#sign-out").await;
    app.wait_for_text("#sign-in", "Sign in to tikbill").await;
    for _ in 0..5 {
        app.sign_in_wrongly("sari").await;
    }
    let wait = app.wait_for_text("#sign-in-wait", "try again in").await;
    assert!(wait.contains("Too many wrong passwords"), "{wait}");
    // Let the window paint what the DOM holds.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("sign-in").await;
    tokio::time::sleep(std::time::Duration::from_secs(11)).await;
    app.sign_in("sari", CASHIER_PASSWORD).await;
    app.wait_for_text("#account-role", "sari · cashier").await;

    // The cashier's sidebar has no Staff, Audit or Settings; Routers shows no edit.
    for hidden in ["#nav-staff", "#nav-audit", "#nav-settings"] {
        assert!(
            !app.exists(hidden).await,
            "{hidden} is hidden from a cashier"
        );
    }
    app.click("#nav-routers").await;
    let row = format!("#router-row-{}", router.id);
    app.wait_for_text(&row, "Tower 1").await;
    for hidden in [
        "#new-router".to_string(),
        format!("#edit-router-{}", router.id),
        format!("#remove-router-{}", router.id),
        format!("#sync-router-{}", router.id),
    ] {
        assert!(
            !app.exists(&hidden).await,
            "{hidden} is hidden from a cashier"
        );
    }
    app.screenshot("routers-cashier").await;

    // A hand-crafted IPC call is refused by the core, and changes nothing.
    let refused = app
        .forged_invoke("delete_router", json!({ "id": router.id }))
        .await
        .expect_err("a cashier may not delete routers");
    assert_eq!(refused["code"], "forbidden", "{refused}");
    let refused = app
        .forged_invoke(
            "add_staff",
            json!({ "input": {
            "username": "mallory", "name": "", "role": "owner", "password": "mallory-pass-1"
        } }),
        )
        .await
        .expect_err("a cashier may not add staff");
    assert_eq!(refused["code"], "forbidden", "{refused}");
    assert!(
        tikbill_core::router::get(&ctx, router.id).await.is_ok(),
        "the router is still there"
    );
    let accounts = tikbill_core::staff::list(&ctx)
        .await
        .expect("the staff list");
    assert!(
        accounts.iter().all(|a| a.username != "mallory"),
        "no account was made"
    );

    // Switch user: the owner takes over at the counter and reads the audit log.
    app.click("#switch-user").await;
    app.wait_for_text("#sign-in", "tikbill is locked").await;
    app.sign_in("budi", OWNER_PASSWORD).await;
    app.wait_for_text("#account-role", "budi · owner").await;
    // Someone else took over: the cashier's page did not stay for them.
    app.wait_for_text("#page-title", "Dashboard").await;
    crate::audit::owner_sees_the_actions(&app).await;

    // Switch user and back as the same person: the page is kept as it was.
    app.click("#switch-user").await;
    app.wait_for_text("#sign-in", "tikbill is locked").await;
    app.sign_in("budi", OWNER_PASSWORD).await;
    app.wait_for_text("#account-role", "budi · owner").await;
    app.wait_for_text("#page-title", "Audit log").await;
    assert_eq!(
        app.value("#audit-person").await,
        "2",
        "the page is as it was left: still filtered to the cashier"
    );

    // An account disabled elsewhere (another office) while signed in: the next call finds the
    // session gone and the window locks.
    let budi = tikbill_core::staff::by_username(&ctx, "budi")
        .await
        .expect("budi");
    let manager = tikbill_core::staff::add(
        &ctx,
        &tikbill_api::StaffInput {
            username: "dewi".into(),
            name: "Dewi".into(),
            role: tikbill_api::StaffRole::Owner,
            password: "dewi-password-1".into(),
        },
    )
    .await
    .expect("a second owner");
    tikbill_core::staff::disable(&ctx, budi.id)
        .await
        .expect("budi disabled");
    app.click("#nav-customers").await;
    app.wait_for_text("#sign-in", "tikbill is locked").await;
    app.sign_in("dewi", "dewi-password-1").await;
    app.wait_for_text("#account-role", "dewi · owner").await;
    assert_ne!(manager.id, budi.id);
    app.stop().await;
}
