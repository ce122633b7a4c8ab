//! The scripts tikbill leaves on a router do what they say, whatever the names hold.

use tikbill_core::provisioning::target::{expiry_entry_name, expiry_script, Kind};

use super::*;

/// A user name with every character that could end a script string or start a variable.
const AWKWARD: [&str; 4] = [
    r#"a"b"#,
    r"c\d",
    "e$f",
    r#"g"]; /ip hotspot user remove [find"#,
];

#[tokio::test]
async fn expiry_scripts_quote_awkward_names_so_the_router_runs_them_as_written() {
    let router = emulator(None, StdDuration::ZERO).await;
    let row = |pairs: &[(&str, &str)]| pairs.iter().copied().collect::<Row>();
    // A bystander whose name a broken quote would reach.
    router.insert(
        "/ip/hotspot/user",
        &row(&[("name", "a"), ("disabled", "no")]),
    );
    router.add_hotspot_session("a", "10.5.50.1");
    for name in AWKWARD {
        router.insert(
            "/ip/hotspot/user",
            &row(&[("name", name), ("disabled", "no")]),
        );
        router.add_hotspot_session(name, "10.5.50.2");
        let entry = expiry_entry_name(Kind::HotspotUser, name);
        router.insert("/system/scheduler", &row(&[("name", &entry)]));
    }
    for name in AWKWARD {
        let script = expiry_script(Kind::HotspotUser, name);
        router
            .run_script(&script)
            .unwrap_or_else(|e| panic!("{name:?}: the router runs {script:?}: {e}"));
    }
    let users = items(&router, "/ip/hotspot/user");
    for name in AWKWARD {
        assert!(
            flag(&users[name], "disabled"),
            "{name:?}: its own account is disabled"
        );
    }
    assert!(
        !flag(&users["a"], "disabled"),
        "the bystander 'a' is untouched"
    );
    assert_eq!(users.len(), AWKWARD.len() + 1, "nobody was removed");
    let sessions: Vec<String> = router
        .rows("/ip/hotspot/active")
        .iter()
        .filter_map(|r| r.get("user").map(str::to_string))
        .collect();
    assert_eq!(
        sessions,
        ["a"],
        "only the awkward names' sessions were dropped"
    );
    assert!(
        router.rows("/system/scheduler").is_empty(),
        "each entry removed itself"
    );
    router.stop().await;
}
