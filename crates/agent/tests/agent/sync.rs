//! `sync` (dry run, then for real) and `import` from a router, through the binary.

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tikbill_api::{CustomerInput, CustomerView};
use tikbill_core::test_context::context;
use tikbill_core::{customer, profile, router as routers, Context, FixedClock};
use tikbill_routeros::Row;

use crate::customers::monthly;
use crate::support::{emulator, AgentCli, Password};

/// (kind, name, action) of each difference.
fn differences(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["differences"]
        .as_array()
        .expect("differences")
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("kind"), text("name"), text("action"))
        })
        .collect()
}

fn triple(kind: &str, name: &str, action: &str) -> (String, String, String) {
    (kind.into(), name.into(), action.into())
}

/// Ayu, a customer of Tower 1 with its first profile, activated in the agent's database.
async fn active_ayu(agent: &AgentCli) -> (DatabaseConnection, Context, CustomerView) {
    let db = agent.sqlite().await;
    let ctx = context(&db, &FixedClock::at(Utc::now()));
    let tower = routers::by_name(&ctx, "Tower 1").await.expect("the router");
    let monthly = profile::list(&ctx).await.expect("profiles")[0].id;
    let input = CustomerInput {
        username: "ayu".into(),
        password: Some("pw-ayu".into()),
        full_name: "Ayu".into(),
        phone: "".into(),
        email: "".into(),
        service_type: "hotspot".into(),
        router_id: Some(tower.id),
        profile_id: Some(monthly),
    };
    let ayu = customer::create(&ctx, &input).await.expect("ayu");
    customer::activate(&ctx, ayu.id).await.expect("activate");
    (db, ctx, ayu)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_shows_then_fixes_and_import_takes_the_rest() {
    let router = emulator("Tower 1").await;
    let seed = |menu: &str, pairs: &[(&str, &str)]| {
        let row: Row = pairs.iter().copied().collect();
        router.insert(menu, &row).expect("a menu");
    };
    seed(
        "/ip/hotspot/user/profile",
        &[("name", "Gold"), ("rate-limit", "2M/4M")],
    );
    seed(
        "/ip/hotspot/user",
        &[
            ("name", "guest"),
            ("password", "pw-guest"),
            ("profile", "Gold"),
            ("comment", "Guest Room"),
        ],
    );
    let agent = AgentCli::new();
    agent.add_router("Tower 1", &router).await;
    monthly(&agent).await;
    let (db, _, _) = active_ayu(&agent).await;
    db.close().await.expect("close");
    let names = |menu: &str| -> Vec<String> {
        router
            .rows(menu)
            .iter()
            .filter_map(|r| r.get("name").map(str::to_string))
            .collect()
    };

    let dry_out = agent
        .run(
            &["sync", "--router", "Tower 1", "--dry-run"],
            Password::Missing,
        )
        .await;
    let dry = dry_out.json("sync --dry-run");
    let expected = vec![
        triple("user", "ayu", "add"),
        triple("user", "guest", "none"),
        triple("hotspot_profile", "Monthly 10M", "add"),
        triple("expiry_entry", "tikbill-expire-hotspot-ayu", "add"),
    ];
    assert_eq!(differences(&dry), expected, "{dry}");
    assert_eq!(
        (dry["dry_run"].as_bool(), dry["applied"].as_u64()),
        (Some(true), Some(0))
    );
    assert!(
        dry_out
            .stderr
            .contains("Tower 1: 4 differences (3 to fix; dry run, nothing changed)."),
        "{dry_out:?}"
    );
    assert_eq!(
        names("/ip/hotspot/user"),
        ["guest"],
        "a dry run changes nothing"
    );

    let fix_out = agent
        .run(&["sync", "--router", "Tower 1"], Password::Missing)
        .await;
    let fixed = fix_out.json("sync");
    assert_eq!(differences(&fixed), expected, "{fixed}");
    assert_eq!(fixed["applied"], 3, "{fixed}");
    assert!(
        fix_out
            .stderr
            .contains("Tower 1: 4 differences, 3 of 3 fixed."),
        "{fix_out:?}"
    );
    assert_eq!(names("/ip/hotspot/user"), ["guest", "ayu"]);
    assert!(names("/system/scheduler").contains(&"tikbill-expire-hotspot-ayu".to_string()));

    let import_out = agent
        .run(&["import", "--router", "Tower 1"], Password::Missing)
        .await;
    let imported = import_out.json("import");
    assert_eq!(
        (
            imported["imported"].as_u64(),
            imported["skipped"].as_u64(),
            imported["profiles_created"].clone()
        ),
        (Some(1), Some(1), serde_json::json!(["Gold"])),
        "guest is imported with its profile; ayu is already a customer: {imported}"
    );
    assert!(
        import_out
            .stderr
            .contains("Imported 1, skipped 1, refused 0; created profiles Gold"),
        "{import_out:?}"
    );
    let guest = router
        .rows("/ip/hotspot/user")
        .into_iter()
        .find(|r| r.get("name") == Some("guest"))
        .expect("guest");
    assert!(
        guest
            .get("comment")
            .is_some_and(|c| c.starts_with("tikbill:")),
        "the imported account is tikbill's now: {guest:?}"
    );

    let all_out = agent
        .run(&["sync", "--all", "--dry-run"], Password::Missing)
        .await;
    let all = all_out.json("sync --all --dry-run");
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(differences(&all[0]), Vec::new(), "nothing left: {all}");
    assert!(
        all_out.stderr.contains("Tower 1: no differences."),
        "{all_out:?}"
    );

    router.stop().await;
    let offline = agent
        .run(&["sync", "--all", "--dry-run"], Password::Missing)
        .await;
    assert!(!offline.status.success(), "{offline:?}");
    assert_eq!(
        offline.stdout.trim(),
        "[]",
        "no router answered: {offline:?}"
    );
    assert!(
        offline
            .stderr
            .contains("1 of 1 routers could not be synced: Tower 1: "),
        "{offline:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_that_cannot_fix_a_difference_exits_non_zero_after_its_report() {
    let router = emulator("Tower 1").await;
    let agent = AgentCli::new();
    agent.add_router("Tower 1", &router).await;
    monthly(&agent).await;
    let (db, ctx, ayu) = active_ayu(&agent).await;
    let first = agent
        .run(&["sync", "--router", "Tower 1"], Password::Missing)
        .await;
    assert!(
        first.status.success(),
        "everything fixed: exit 0: {first:?}"
    );

    // ayu is switched off in tikbill while online in a session the router will not end: the
    // account and its expiry entry differ, and neither fix is confirmed.
    customer::disable(&ctx, ayu.id).await.expect("disable");
    db.close().await.expect("close");
    let session: Row = [
        ("user", "ayu"),
        ("address", "10.5.50.9"),
        ("default", "true"),
    ]
    .into_iter()
    .collect();
    router.insert("/ip/hotspot/active", &session);

    let out = agent
        .run(&["sync", "--router", "Tower 1"], Password::Missing)
        .await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "a difference that could not be fixed fails the command: {out:?}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&out.stdout).expect("the report is still printed as JSON");
    assert_eq!(report["router_name"], "Tower 1", "{report}");
    assert!(
        out.stderr
            .contains("Tower 1: 2 of 2 differences could not be fixed."),
        "says what fell short: {out:?}"
    );
    assert!(!out.stderr.contains("panicked"), "{out:?}");
}
