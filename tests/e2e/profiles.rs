use tikbill_core::profile;

use crate::desktop::Desktop;

#[tokio::test]
async fn create_a_profile_in_the_window_and_see_bad_input_refused() {
    let app = Desktop::start().await;
    app.click("#nav-profiles").await;
    assert_eq!(app.text("#page-title").await, "Profiles");
    assert!(
        app.text("#profiles-empty")
            .await
            .contains("No profiles yet"),
        "a new database has no profiles"
    );

    // A good profile: typed in the form, saved, listed.
    app.click("#new-profile").await;
    app.fill("#profile-name", "Home 10M").await;
    app.fill("#profile-rate_limit", "10M/5M").await;
    app.fill("#profile-price", "150000").await;
    app.fill("#profile-currency", "idr").await;
    app.fill("#profile-data_limit", "50G").await;
    app.click("#profile-save").await;
    let table = app.text("#profiles-table").await;
    for expected in ["Home 10M", "10M/5M", "IDR 150,000", "30 days", "50 GiB"] {
        assert!(
            table.contains(expected),
            "the new row shows {expected:?}:\n{table}"
        );
    }
    assert_eq!(
        app.text("#notice").await.trim_end_matches('×').trim(),
        "Created 'Home 10M'."
    );

    // A second one, so the list looks like an office's.
    app.click("#new-profile").await;
    app.fill("#profile-name", "Cafe burst").await;
    app.fill("#profile-rate_limit", "2M/4M 4M/8M 1500k/3M 16/16")
        .await;
    app.fill("#profile-price", "9.99").await;
    app.fill("#profile-currency", "USD").await;
    app.fill("#profile-duration_value", "12").await;
    app.find("#profile-duration_unit")
        .await
        .select_by_value("hours")
        .await
        .expect("choose hours");
    app.fill("#profile-shared_users", "3").await;
    app.click("#profile-save").await;
    app.find("#notice").await;
    let table = app.text("#profiles-table").await;
    assert!(
        table.contains("Cafe burst") && table.contains("USD 9.99") && table.contains("12 hours"),
        "{table}"
    );
    app.screenshot("profiles").await;

    // A bad one: the form stays open and says what is wrong, field by field.
    app.click("#new-profile").await;
    app.fill("#profile-name", "Broken").await;
    app.fill("#profile-rate_limit", "fast").await;
    app.fill("#profile-price", "-5").await;
    app.click("#profile-save").await;
    assert_eq!(
        app.text("#error-price").await,
        "The amount cannot be negative"
    );
    assert_eq!(
        app.text("#error-rate_limit").await,
        "'fast' is not a rate: use a number with k, M or G, e.g. 10M"
    );
    assert!(app
        .text("#notice")
        .await
        .contains("2 fields need attention"));
    app.screenshot("profile-validation").await;
    app.click("#profile-cancel").await;
    app.resize(1920, 1080).await;
    app.screenshot("profiles-1920x1080").await;

    let url = app.database_url();
    let _data_dir = app.stop().await;

    // What the window showed is what the database holds.
    let db = tikbill_core::db::open(&url)
        .await
        .expect("the app's database opens");
    let ctx =
        tikbill_core::test_context::context(&db, &tikbill_core::FixedClock::at(chrono::Utc::now()));
    let names: Vec<String> = profile::list(&ctx)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Cafe burst", "Home 10M"],
        "the two saved profiles, and not the refused one"
    );
}
