//! Prepaid hotspot cards whose time counts from the first login: tikbill sets the profile's
//! `on-login` to add a scheduler entry that ends the card one interval later, so the router
//! ends it on time with no billing PC running.

use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, HotspotLoginRefused};
use tikbill_routeros::{Client, Command};

use crate::hotspot_logins::{add_user, run, sessions, shown, MAC};
use crate::support::{connect, router};

/// The `on-login` tikbill writes for cards lasting `interval` from the first login.
fn on_login(interval: &str) -> String {
    format!(
        r#":if ([:len [/system scheduler find where name="tikbill-card-$user"]] = 0) do={{/system scheduler add name="tikbill-card-$user" interval={interval} comment="tikbill: ends this card" on-event="/ip hotspot user disable [find where name=\"$user\"]; /ip hotspot active remove [find where user=\"$user\"]; /system scheduler remove [find where name=\"tikbill-card-$user\"]"}}"#
    )
}

/// A router at 2025-03-10 08:00:00 with profile `card` (that `on-login`) and card `code`.
async fn card(interval: &str, code: &str) -> (Emulator, Client) {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.set_clock("2025-03-10", "08:00:00");
    let script = on_login(interval);
    run(
        &client,
        "/ip/hotspot/user/profile/add",
        &[("name", "card"), ("on-login", &script)],
    )
    .await;
    add_user(&client, code, &[("profile", "card")]).await;
    (emulator, client)
}

/// The card's scheduler entries.
async fn entries(client: &Client, code: &str) -> usize {
    let print =
        Command::new("/system/scheduler/print").where_eq("name", format!("tikbill-card-{code}"));
    client.run(print).await.expect("entries print").rows.len()
}

async fn disabled(client: &Client, code: &str) -> bool {
    shown(client, "/ip/hotspot/user", ("name", code), "disabled")
        .await
        .as_deref()
        == Some("true")
}

#[tokio::test]
async fn a_one_day_card_ends_one_day_after_its_first_login() {
    let code = "K7M2QX";
    let (emulator, client) = card("1d", code).await;
    assert_eq!(
        entries(&client, code).await,
        0,
        "no entry before the first login"
    );

    emulator
        .hotspot_login(code, code, "10.5.50.20", MAC)
        .expect("the card logs in");
    let entry = ("name", "tikbill-card-K7M2QX");
    let menu = "/system/scheduler";
    let mut seen = Vec::new();
    for property in [
        "interval",
        "comment",
        "start-date",
        "start-time",
        "next-run",
        "on-event",
    ] {
        seen.push(
            shown(&client, menu, entry, property)
                .await
                .unwrap_or_default(),
        );
    }
    assert_eq!(
        seen,
        [
            "1d",
            "tikbill: ends this card",
            "2025-03-10",
            "08:00:00",
            "2025-03-11 08:00:00",
            r#"/ip hotspot user disable [find where name="K7M2QX"]; /ip hotspot active remove [find where user="K7M2QX"]; /system scheduler remove [find where name="tikbill-card-K7M2QX"]"#,
        ],
        "the on-login put the user's name in and the escaped quotes became quotes"
    );

    let runs = emulator.advance_clock(Duration::from_secs(23 * 3_600 + 59 * 60));
    assert!(runs.is_empty(), "23h59m: nothing yet: {runs:?}");
    assert!(!disabled(&client, code).await, "still enabled");
    assert_eq!(sessions(&client, code).await, 1, "still online");

    let runs = emulator.advance_clock(Duration::from_secs(61));
    assert_eq!(runs.len(), 1, "the card's entry ran: {runs:?}");
    assert_eq!(runs[0].outcome, Ok(()));
    assert!(disabled(&client, code).await, "the card is disabled");
    assert_eq!(sessions(&client, code).await, 0, "its session is removed");
    assert_eq!(entries(&client, code).await, 0, "the entry removed itself");
    assert_eq!(
        emulator.hotspot_login(code, code, "10.5.50.20", MAC),
        Err(HotspotLoginRefused::Disabled)
    );
}

#[tokio::test]
async fn a_second_login_neither_adds_an_entry_nor_restarts_the_time() {
    let code = "P4W9ZT";
    let (emulator, client) = card("1d", code).await;
    emulator
        .hotspot_login(code, code, "10.5.50.21", MAC)
        .unwrap();
    emulator.advance_clock(Duration::from_secs(4 * 3_600));
    emulator.hotspot_logout(code);
    emulator.advance_clock(Duration::from_secs(8 * 3_600));
    emulator
        .hotspot_login(code, code, "10.5.50.22", MAC)
        .expect("the card is still good at 20:00");
    assert_eq!(entries(&client, code).await, 1, "one entry still");
    assert_eq!(
        shown(
            &client,
            "/system/scheduler",
            ("name", "tikbill-card-P4W9ZT"),
            "next-run"
        )
        .await
        .as_deref(),
        Some("2025-03-11 08:00:00"),
        "it still ends a day after the first login"
    );
    let runs = emulator.set_clock("2025-03-11", "07:59:59");
    assert!(runs.is_empty());
    let runs = emulator.set_clock("2025-03-11", "08:00:00");
    assert_eq!(runs.len(), 1);
    assert!(disabled(&client, code).await);
    assert_eq!(sessions(&client, code).await, 0);
}

#[tokio::test]
async fn cards_of_every_length_end_on_time() {
    for (interval, seconds) in [
        ("5h", 5 * 3_600),
        ("7d", 7 * 86_400),
        ("1w2d", 9 * 86_400),
        ("30d", 30 * 86_400),
    ] {
        let (emulator, client) = card(interval, "CARD").await;
        emulator
            .hotspot_login("CARD", "CARD", "10.5.50.30", MAC)
            .unwrap();
        // Offline most of the time: time from first login counts anyway.
        emulator.hotspot_logout("CARD");
        let early = emulator.advance_clock(Duration::from_secs(seconds - 1));
        assert!(early.is_empty(), "{interval}: a second early: {early:?}");
        assert!(!disabled(&client, "CARD").await, "{interval}: still good");
        let runs = emulator.advance_clock(Duration::from_secs(1));
        assert_eq!(runs.len(), 1, "{interval}: ends on time");
        assert!(disabled(&client, "CARD").await, "{interval}: disabled");
        assert_eq!(entries(&client, "CARD").await, 0, "{interval}: entry gone");
    }
}

#[tokio::test]
async fn a_card_past_its_end_in_one_big_jump_ends_once() {
    let (emulator, client) = card("1d", "JUMP").await;
    emulator
        .hotspot_login("JUMP", "JUMP", "10.5.50.31", MAC)
        .unwrap();
    let runs = emulator.advance_clock(Duration::from_secs(10 * 86_400));
    assert_eq!(runs.len(), 1, "the entry removed itself on its first run");
    assert!(disabled(&client, "JUMP").await);
    assert_eq!(
        shown(&client, "/ip/hotspot/user", ("name", "JUMP"), "uptime")
            .await
            .as_deref(),
        Some("1d"),
        "online until the card ended, not for the 10 days"
    );
}
