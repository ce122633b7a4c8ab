//! The router running its own scheduler entries: an expired customer is disabled by the router
//! even when no billing process is running.

use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, ScheduledRun, ScriptError};
use tikbill_routeros::menu::active;
use tikbill_routeros::menu::hotspot_user::{self, NewHotspotUser};
use tikbill_routeros::menu::ppp_secret::{self, NewPppSecret};
use tikbill_routeros::menu::scheduler::{self, NewSchedulerEntry};
use tikbill_routeros::{Client, Command, Secret};

use crate::support::{connect, router};

const EXPIRE_HOTSPOT: &str = r#"/ip hotspot user disable [find where name="alice"]
/ip hotspot active remove [find where user="alice"]
/system scheduler remove [find where name="tikbill-expire-hotspot-alice"]"#;

const EXPIRE_PPP: &str = r#"/ppp secret disable [find where name="alice"]
/ppp active remove [find where name="alice"]
/system scheduler remove [find where name="tikbill-expire-ppp-alice"]"#;

/// A one-shot entry (or one repeating every `interval`).
fn entry(name: &str, date: &str, time: &str, script: &str) -> NewSchedulerEntry {
    NewSchedulerEntry {
        name: name.into(),
        start_date: Some(date.into()),
        start_time: Some(time.into()),
        interval: None,
        on_event: script.into(),
        comment: None,
    }
}

/// Hotspot user alice, logged in, with her expiry entry starting `date` at midnight.
async fn hotspot_customer(emulator: &Emulator, client: &Client, date: &str) {
    hotspot_user::add(client, &NewHotspotUser::new("alice", Secret::new("pw")))
        .await
        .expect("alice is added");
    emulator.add_hotspot_session("alice", "10.5.50.7");
    let expire = entry(
        "tikbill-expire-hotspot-alice",
        date,
        "00:00:00",
        EXPIRE_HOTSPOT,
    );
    scheduler::add(client, &expire)
        .await
        .expect("the expiry entry is added");
}

/// (alice disabled, sessions left, entries left), as the API reports them.
async fn hotspot_state(client: &Client) -> (bool, usize, usize) {
    let alice = hotspot_user::find_by_name(client, "alice")
        .await
        .expect("users can be listed")
        .expect("alice is disabled, not removed");
    let sessions = active::hotspot_sessions(client)
        .await
        .expect("sessions can be listed");
    let entries = scheduler::list(client)
        .await
        .expect("entries can be listed");
    (alice.disabled, sessions.len(), entries.len())
}

fn succeeded(runs: &[ScheduledRun]) -> Vec<(&str, bool)> {
    runs.iter()
        .map(|run| (run.name.as_str(), run.outcome.is_ok()))
        .collect()
}

#[tokio::test]
async fn the_router_expires_a_hotspot_customer_by_itself() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    hotspot_customer(&emulator, &client, "2025-01-02").await;
    let mut changes = client
        .listen(Command::new("/ip/hotspot/user/listen"))
        .unwrap();
    // Let the listen reach the emulator before the change it should report.
    client
        .run(Command::new("/system/identity/print"))
        .await
        .unwrap();

    let runs = emulator.set_clock("2025-01-01", "23:59:59");
    assert!(runs.is_empty(), "nothing is due a second early: {runs:?}");
    assert_eq!(
        hotspot_state(&client).await,
        (false, 1, 1),
        "before the start alice is enabled and online, and the entry waits"
    );

    let runs = emulator.set_clock("2025-01-02", "00:00:01");
    assert_eq!(succeeded(&runs), [("tikbill-expire-hotspot-alice", true)]);
    assert_eq!(
        hotspot_state(&client).await,
        (true, 0, 0),
        "alice is disabled, her session is gone, and the entry removed itself"
    );
    // Her session's uptime is streamed too (a day of it passed): wait for the disabling.
    let disabled = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            let change = changes.next().await.expect("the stream is open").unwrap();
            if change.get("disabled") == Some("true") {
                return change;
            }
        }
    })
    .await
    .expect("the script's change is streamed within 2 s");
    assert_eq!(
        disabled.get("name"),
        Some("alice"),
        "listen sees a script's change like any other"
    );
}

#[tokio::test]
async fn the_router_expires_a_ppp_customer_by_itself() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    ppp_secret::add(&client, &NewPppSecret::new("alice", Secret::new("pw")))
        .await
        .unwrap();
    emulator.add_ppp_session("alice", "10.10.0.12");
    let expire = entry(
        "tikbill-expire-ppp-alice",
        "2025-01-02",
        "00:00:00",
        EXPIRE_PPP,
    );
    scheduler::add(&client, &expire).await.unwrap();

    assert!(emulator.set_clock("2025-01-01", "12:00:00").is_empty());
    let alice = ppp_secret::find_by_name(&client, "alice").await.unwrap();
    assert!(alice.is_some_and(|a| !a.disabled), "not yet expired");

    // Moved over the API this time, as an NTP client or an admin would.
    let set = Command::new("/system/clock/set")
        .attr("date", "2025-01-02")
        .attr("time", "00:00:01");
    client.run(set).await.unwrap();
    let alice = ppp_secret::find_by_name(&client, "alice").await.unwrap();
    assert!(alice.is_some_and(|a| a.disabled), "the secret is disabled");
    assert!(
        active::ppp_sessions(&client).await.unwrap().is_empty(),
        "the PPP session is kicked"
    );
    assert!(
        scheduler::list(&client).await.unwrap().is_empty(),
        "the entry removed itself"
    );
}

#[tokio::test]
async fn a_start_date_in_the_old_spelling_runs_too() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    hotspot_customer(&emulator, &client, "jan/02/2025").await;

    let runs = emulator.advance_clock(Duration::from_secs(86_399));
    assert!(runs.is_empty(), "2025-01-01 23:59:59 is early: {runs:?}");
    let runs = emulator.advance_clock(Duration::from_secs(1));
    assert_eq!(succeeded(&runs), [("tikbill-expire-hotspot-alice", true)]);
    assert_eq!(hotspot_state(&client).await, (true, 0, 0));
    let clock = tikbill_routeros::menu::system::clock(&client)
        .await
        .unwrap();
    assert_eq!(
        (clock.date.as_str(), clock.time.as_str()),
        ("2025-01-02", "00:00:00"),
        "the clock keeps its own spelling"
    );
}

#[tokio::test]
async fn disabled_entries_and_entries_at_startup_do_not_run() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let disable = r#"/ip hotspot user disable [find where name="alice"]"#;
    hotspot_user::add(&client, &NewHotspotUser::new("alice", Secret::new("pw")))
        .await
        .unwrap();
    scheduler::add(&client, &entry("at-boot", "2025-01-02", "startup", disable))
        .await
        .unwrap();
    let id = scheduler::add(&client, &entry("off", "2025-01-02", "00:00:00", disable))
        .await
        .unwrap();
    let disable_entry = Command::new("/system/scheduler/disable").attr(".id", &id.0);
    client.run(disable_entry).await.unwrap();

    let runs = emulator.set_clock("2025-02-01", "00:00:00");
    assert!(runs.is_empty(), "none of them runs: {runs:?}");
    let alice = hotspot_user::find_by_name(&client, "alice").await.unwrap();
    assert!(alice.is_some_and(|a| !a.disabled), "alice is still enabled");
}

#[tokio::test]
async fn a_one_shot_entry_runs_once_and_records_it() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    let note = entry("note", "2025-01-02", "08:00:00", r#":log info "once""#);
    scheduler::add(&client, &note).await.unwrap();
    let early = entry("early", "2025-01-02", "07:00:00", r#":log info "first""#);
    scheduler::add(&client, &early).await.unwrap();

    let runs = emulator.set_clock("2025-01-03", "09:30:00");
    assert_eq!(
        succeeded(&runs),
        [("early", true), ("note", true)],
        "the earliest start runs first"
    );
    assert!(emulator
        .advance_clock(Duration::from_secs(3_600))
        .is_empty());
    let print = Command::new("/system/scheduler/print")
        .proplist(["name", "run-count", "last-started"])
        .where_eq("name", "note");
    let rows = client.run(print).await.unwrap().rows;
    assert_eq!(
        (rows[0].get("run-count"), rows[0].get("last-started")),
        (Some("1"), Some("2025-01-02 08:00:00")),
        "one run, stamped with its start: the clock passed it on the way"
    );
    let messages: Vec<String> = emulator
        .rows("/log")
        .iter()
        .filter_map(|row| row.get("message").map(str::to_owned))
        .collect();
    assert_eq!(messages, ["first", "once"], "each ran once");
}

#[tokio::test]
async fn a_broken_script_stops_and_is_logged() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    for name in ["alice", "bob"] {
        hotspot_user::add(&client, &NewHotspotUser::new(name, Secret::new("pw")))
            .await
            .unwrap();
    }
    // Line 2 fails while running: line 1 stays done, line 3 never runs.
    let failing = "/ip hotspot user disable [find name=alice]\n\
                   /ip hotspot user remove carol\n\
                   /ip hotspot user disable [find name=bob]";
    scheduler::add(
        &client,
        &entry("failing", "2025-01-02", "00:00:00", failing),
    )
    .await
    .unwrap();
    // A typo on line 2: RouterOS compiles the script first, so nothing of it runs.
    let typo = "/ip hotspot user remove [find name=alice]\n/ip hotspot usr remove bob";
    scheduler::add(&client, &entry("typo", "2025-01-02", "00:00:00", typo))
        .await
        .unwrap();

    let runs = emulator.set_clock("2025-01-02", "00:00:01");
    let outcomes: Vec<(&str, Result<(), ScriptError>)> = runs
        .iter()
        .map(|run| (run.name.as_str(), run.outcome.clone()))
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                "failing",
                Err(ScriptError::Failed {
                    line: 2,
                    message: "no such item".into()
                })
            ),
            (
                "typo",
                Err(ScriptError::BadCommand {
                    line: 2,
                    name: "usr".into()
                })
            ),
        ]
    );
    let users = hotspot_user::list(&client).await.unwrap();
    let users: Vec<(&str, bool)> = users
        .iter()
        .map(|u| (u.name.as_str(), u.disabled))
        .collect();
    assert_eq!(
        users,
        [("alice", true), ("bob", false)],
        "alice was disabled before the failure; bob after it was not; the typo removed nobody"
    );
    let log = client
        .run(Command::new("/log/print").where_eq("topics", "script,error"))
        .await
        .unwrap()
        .rows;
    let messages: Vec<&str> = log.iter().filter_map(|row| row.get("message")).collect();
    assert_eq!(
        messages,
        [
            "executing script from scheduler (failing) failed: no such item (line 2)",
            "executing script from scheduler (typo) failed: bad command name usr (line 2)",
        ],
        "failures are in the router's log"
    );
}

#[tokio::test]
async fn a_script_can_be_tried_without_the_clock() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    hotspot_user::add(&client, &NewHotspotUser::new("alice", Secret::new("pw")))
        .await
        .unwrap();
    assert_eq!(emulator.run_script(EXPIRE_HOTSPOT), Ok(()));
    let disabled = |user: Option<hotspot_user::HotspotUser>| user.is_some_and(|u| u.disabled);
    let alice = hotspot_user::find_by_name(&client, "alice").await.unwrap();
    assert!(disabled(alice), "run_script changes the tables");

    let enable = "/ip hotspot user enable [find name=alice]\n:put done";
    assert_eq!(
        emulator.run_script(enable),
        Err(ScriptError::BadCommand {
            line: 2,
            name: ":put".into()
        }),
        "the emulator has no :put"
    );
    let alice = hotspot_user::find_by_name(&client, "alice").await.unwrap();
    assert!(
        disabled(alice),
        "a script that does not compile does nothing"
    );
    assert!(
        emulator.rows("/log").is_empty(),
        "run_script returns its failure rather than logging it"
    );
}

#[tokio::test]
async fn a_router_before_7_10_keeps_its_old_date_spelling() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    assert!(emulator.set_clock("jan/01/2025", "23:00:00").is_empty());
    let note = entry("note", "jan/02/2025", "00:00:00", r#":log info "midnight""#);
    scheduler::add(&client, &note).await.unwrap();

    let runs = emulator.advance_clock(Duration::from_secs(3_600));
    assert_eq!(succeeded(&runs), [("note", true)]);
    let clock = tikbill_routeros::menu::system::clock(&client)
        .await
        .unwrap();
    assert_eq!(
        (clock.date.as_str(), clock.time.as_str()),
        ("jan/02/2025", "00:00:00"),
        "the clock moves on in the spelling it was set in"
    );
    let print = Command::new("/system/scheduler/print").proplist(["last-started"]);
    let rows = client.run(print).await.unwrap().rows;
    assert_eq!(rows[0].get("last-started"), Some("jan/02/2025 00:00:00"));
}
