//! The typed billing layer against the emulator.

use std::time::Duration;

use tikbill_routeros::menu::hotspot_profile::{self, HotspotUserProfileSettings};
use tikbill_routeros::menu::hotspot_user::{self, HotspotUserChanges, NewHotspotUser};
use tikbill_routeros::menu::ppp_profile::{self, PppProfileSettings};
use tikbill_routeros::menu::ppp_secret::{self, NewPppSecret};
use tikbill_routeros::menu::scheduler::{self, NewSchedulerEntry};
use tikbill_routeros::menu::{active, system};
use tikbill_routeros::Secret;

use crate::support::{connect, router};

#[tokio::test]
async fn hotspot_user_life_cycle() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let settings = HotspotUserProfileSettings {
        rate_limit: Some("2M/4M".into()),
        shared_users: Some(2),
        ..Default::default()
    };
    hotspot_profile::add(&client, "week", &settings)
        .await
        .unwrap();
    let week = hotspot_profile::find_by_name(&client, "week")
        .await
        .unwrap();
    assert_eq!(
        week.map(|p| (p.rate_limit, p.shared_users)),
        Some((Some("2M/4M".into()), Some(2))),
        "the profile reads back as written"
    );

    let new = NewHotspotUser {
        profile: Some("week".into()),
        limit_uptime: Some(Duration::from_secs(7 * 86_400)),
        comment: Some("voucher 0042".into()),
        ..NewHotspotUser::new("v0042", Secret::new("7731"))
    };
    let id = hotspot_user::add(&client, &new).await.unwrap();
    let user = hotspot_user::find_by_name(&client, "v0042")
        .await
        .unwrap()
        .expect("the new user is found by name");
    assert_eq!(user.id, id, "find_by_name returns the id add returned");
    assert_eq!(user.profile.as_deref(), Some("week"));
    assert_eq!(
        user.limit_uptime,
        Some(Duration::from_secs(7 * 86_400)),
        "limit-uptime travels as 1w and reads back as a week"
    );
    assert!(!user.disabled, "a new user is enabled");

    hotspot_user::disable(&client, &id).await.unwrap();
    let disabled = hotspot_user::list(&client).await.unwrap();
    assert!(disabled[0].disabled, "disable sets disabled=true");
    hotspot_user::enable(&client, &id).await.unwrap();
    let changes = HotspotUserChanges {
        limit_uptime: Some(Duration::from_secs(3_600)),
        ..Default::default()
    };
    hotspot_user::set(&client, &id, &changes).await.unwrap();
    let user = &hotspot_user::list(&client).await.unwrap()[0];
    assert!(!user.disabled, "enable clears disabled");
    assert_eq!(user.limit_uptime, Some(Duration::from_secs(3_600)), "set");

    hotspot_user::remove(&client, &id).await.unwrap();
    assert_eq!(
        hotspot_user::find_by_name(&client, "v0042").await.unwrap(),
        None,
        "removed"
    );
}

#[tokio::test]
async fn ppp_secrets_and_profiles() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let settings = PppProfileSettings {
        rate_limit: Some("5M/10M".into()),
        ..Default::default()
    };
    ppp_profile::add(&client, "home-10", &settings)
        .await
        .unwrap();
    let profiles = ppp_profile::list(&client).await.unwrap();
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["default", "default-encryption", "home-10"],
        "a fresh router has the two default PPP profiles"
    );

    let secret = NewPppSecret {
        service: Some("pppoe".into()),
        profile: Some("home-10".into()),
        remote_address: Some("10.10.0.12".into()),
        ..NewPppSecret::new("house-12", Secret::new("x"))
    };
    let id = ppp_secret::add(&client, &secret).await.unwrap();
    ppp_secret::disable(&client, &id).await.unwrap();
    let found = ppp_secret::find_by_name(&client, "house-12")
        .await
        .unwrap()
        .expect("the secret exists");
    assert_eq!(found.profile.as_deref(), Some("home-10"));
    assert_eq!(found.remote_address.as_deref(), Some("10.10.0.12"));
    assert!(found.disabled, "disable took effect");
    ppp_secret::remove(&client, &id).await.unwrap();
    assert!(
        ppp_secret::list(&client).await.unwrap().is_empty(),
        "removed"
    );
}

#[tokio::test]
async fn active_sessions_and_kick() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.add_hotspot_session("v0042", "10.5.50.7");
    emulator.add_ppp_session("house-12", "10.10.0.12");

    let hotspot = active::hotspot_sessions(&client).await.unwrap();
    assert_eq!(hotspot.len(), 1);
    assert_eq!(
        (hotspot[0].user.as_str(), hotspot[0].address.as_deref()),
        ("v0042", Some("10.5.50.7")),
        "hotspot sessions show user and address"
    );
    let ppp = active::ppp_sessions(&client).await.unwrap();
    assert_eq!(
        ppp[0].user, "house-12",
        "PPP sessions show the secret's name"
    );

    active::kick_hotspot(&client, &hotspot[0].id).await.unwrap();
    active::kick_ppp(&client, &ppp[0].id).await.unwrap();
    assert!(
        emulator.rows("/ip/hotspot/active").is_empty() && emulator.rows("/ppp/active").is_empty(),
        "kicking removes the active session"
    );
}

#[tokio::test]
async fn system_menus_and_scheduler() {
    let emulator = router().await;
    emulator.set_clock("2025-03-01", "08:30:00");
    let client = connect(&emulator).await;

    system::set_identity(&client, "Kibera-Tower").await.unwrap();
    assert_eq!(emulator.identity(), "Kibera-Tower", "identity set");
    let resource = system::resource(&client).await.unwrap();
    assert!(resource.version.starts_with('7'), "a RouterOS 7 version");
    assert!(resource.total_memory.is_some() && resource.cpu_load.is_some());
    let clock = system::clock(&client).await.unwrap();
    assert_eq!(
        (clock.date.as_str(), clock.time.as_str()),
        ("2025-03-01", "08:30:00")
    );

    let entry = NewSchedulerEntry {
        name: "expire-v0042".into(),
        start_date: Some("2025-03-08".into()),
        start_time: Some("08:30:00".into()),
        interval: None,
        on_event: "/ip hotspot user disable [find name=v0042]".into(),
        comment: None,
    };
    let id = scheduler::add(&client, &entry).await.unwrap();
    let entries = scheduler::list(&client).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].on_event, entry.on_event,
        "the script is kept verbatim"
    );
    assert_eq!(entries[0].interval, None, "0s interval means one-shot");
    assert_eq!(entries[0].start_date.as_deref(), Some("2025-03-08"));
    scheduler::remove(&client, &id).await.unwrap();
    assert!(
        scheduler::list(&client).await.unwrap().is_empty(),
        "removed"
    );
}
