//! The idle lock in the real window: after the office's idle minutes without a key or a
//! click, the sign-in form covers the page; signing back in finds the page as it was.

use std::time::Duration;

use crate::desktop::{Desktop, OWNER, OWNER_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_locks_after_the_idle_minutes_and_keeps_the_page() {
    let app = Desktop::start().await;
    app.click("#nav-settings").await;
    app.fill("#office-idle-lock", "1").await;
    app.click("#save-office").await;
    app.wait_for_text("#notice", "Saved").await;
    assert_eq!(app.value("#office-idle-lock").await, "1");

    // Something on screen that only this page holds: a search being typed.
    app.click("#nav-customers").await;
    app.fill("#customer-search", "ayu").await;
    // One idle minute (and the lock's look at the clock every 5 s) without touching anything.
    tokio::time::sleep(Duration::from_secs(68)).await;
    app.wait_for_text("#sign-in", "tikbill is locked").await;
    app.screenshot("idle-lock").await;
    // Nothing answers while locked: the backend signed out too.
    let refused = app
        .forged_invoke(
            "list_customers",
            serde_json::json!({ "filter": {
            "search": "", "page": 1, "page_size": 10
        } }),
        )
        .await
        .expect_err("signed out");
    assert_eq!(refused["code"], "unauthenticated", "{refused}");

    app.sign_in(OWNER, OWNER_PASSWORD).await;
    app.wait_for_text("#account-role", "owner · owner").await;
    app.wait_for_text("#page-title", "Customers").await;
    assert_eq!(
        app.value("#customer-search").await,
        "ayu",
        "the page is as it was left"
    );
    app.stop().await;
}
