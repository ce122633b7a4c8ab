//! Scheduler entries with an interval: they run at start + k·interval as the clock passes
//! those moments, each run at its own moment, even across one big clock jump.

use std::time::Duration;

use tikbill_routeros::emulator::{Emulator, ScheduledRun};
use tikbill_routeros::{Client, Command};

use crate::support::{connect, router};

/// Adds a scheduler entry over the API with these properties.
async fn add(client: &Client, properties: &[(&str, &str)]) {
    let mut add = Command::new("/system/scheduler/add");
    for (name, value) in properties {
        add = add.attr(name, value);
    }
    client.run(add).await.expect("the entry is added");
}

/// `properties` of entry `name`, as print shows them.
async fn shown(client: &Client, name: &str, properties: &[&str]) -> Vec<Option<String>> {
    let print = Command::new("/system/scheduler/print").where_eq("name", name);
    let rows = client.run(print).await.expect("entries print").rows;
    let row = rows.first().expect("the entry is there");
    properties
        .iter()
        .map(|p| row.get(p).map(str::to_owned))
        .collect()
}

fn names(runs: &[ScheduledRun]) -> Vec<&str> {
    runs.iter().map(|run| run.name.as_str()).collect()
}

fn log_messages(emulator: &Emulator) -> Vec<String> {
    emulator
        .rows("/log")
        .iter()
        .filter_map(|row| row.get("message").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_daily_entry_runs_once_a_day_even_across_one_jump() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add(
        &client,
        &[
            ("name", "daily"),
            ("start-date", "2025-01-02"),
            ("start-time", "00:00:00"),
            ("interval", "1d"),
            ("on-event", ":log info [/system clock get date]"),
        ],
    )
    .await;
    assert_eq!(
        shown(&client, "daily", &["next-run"]).await,
        [Some("2025-01-02 00:00:00".into())],
        "a start in the future is the first run"
    );

    let runs = emulator.set_clock("2025-01-05", "12:00:00");
    assert_eq!(names(&runs), ["daily"; 4], "Jan 2, 3, 4 and 5");
    assert_eq!(
        log_messages(&emulator),
        ["2025-01-02", "2025-01-03", "2025-01-04", "2025-01-05"],
        "each run saw the clock at its own moment, in order"
    );
    assert_eq!(
        shown(&client, "daily", &["run-count", "last-started", "next-run"]).await,
        [
            Some("4".into()),
            Some("2025-01-05 00:00:00".into()),
            Some("2025-01-06 00:00:00".into())
        ]
    );
}

#[tokio::test]
async fn an_entry_without_a_start_runs_one_interval_after_it_was_added() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.set_clock("2025-03-10", "08:15:00");
    add(
        &client,
        &[
            ("name", "hourly"),
            ("interval", "1h"),
            ("on-event", ":log info tick"),
        ],
    )
    .await;
    assert_eq!(
        shown(&client, "hourly", &["start-date", "start-time", "next-run"]).await,
        [
            Some("2025-03-10".into()),
            Some("08:15:00".into()),
            Some("2025-03-10 09:15:00".into())
        ],
        "it starts when added; the first run is an interval later"
    );
    let early = emulator.advance_clock(Duration::from_secs(3_599));
    assert!(early.is_empty(), "a second early: {early:?}");
    let runs = emulator.advance_clock(Duration::from_secs(1));
    assert_eq!(names(&runs), ["hourly"]);
}

#[tokio::test]
async fn a_start_already_past_counts_only_runs_after_the_entry_was_added() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    emulator.set_clock("2025-01-01", "06:00:00");
    add(
        &client,
        &[
            ("name", "daily"),
            ("start-date", "2024-12-01"),
            ("start-time", "00:00:00"),
            ("interval", "1d"),
            ("on-event", ":log info tick"),
        ],
    )
    .await;
    assert_eq!(
        shown(&client, "daily", &["next-run"]).await,
        [Some("2025-01-02 00:00:00".into())],
        "no catching up on the 31 days before it was added"
    );
    let runs = emulator.set_clock("2025-01-02", "00:00:00");
    assert_eq!(names(&runs), ["daily"]);
}

#[tokio::test]
async fn an_entry_that_removes_itself_runs_once_across_a_long_jump() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add(
        &client,
        &[
            ("name", "once-an-hour"),
            ("interval", "1h"),
            (
                "on-event",
                ":log info bye; /system scheduler remove [find where name=\"once-an-hour\"]",
            ),
        ],
    )
    .await;
    let runs = emulator.advance_clock(Duration::from_secs(5 * 3_600));
    assert_eq!(
        names(&runs),
        ["once-an-hour"],
        "it was gone after its first run"
    );
    assert_eq!(log_messages(&emulator), ["bye"]);
    assert!(emulator.rows("/system/scheduler").is_empty());
}

#[tokio::test]
async fn a_disabled_repeating_entry_waits_and_counts_again_when_enabled() {
    let emulator = router().await;
    let client = connect(&emulator).await;
    add(
        &client,
        &[
            ("name", "hourly"),
            ("interval", "1h"),
            ("disabled", "yes"),
            ("on-event", ":log info tick"),
        ],
    )
    .await;
    assert_eq!(shown(&client, "hourly", &["next-run"]).await, [None]);
    assert!(emulator
        .advance_clock(Duration::from_secs(10 * 3_600))
        .is_empty());
    let enable = Command::new("/system/scheduler/enable").attr("numbers", "hourly");
    client.run(enable).await.unwrap();
    assert_eq!(
        shown(&client, "hourly", &["next-run"]).await,
        [Some("2025-01-01 11:00:00".into())],
        "the next start + k·interval after the clock"
    );
}

#[tokio::test]
async fn a_repeating_entry_inserted_without_the_api_runs_too() {
    let emulator = router().await;
    let row: tikbill_routeros::Row = [
        ("name", "inserted"),
        ("start-date", "2025-01-01"),
        ("start-time", "00:00:00"),
        ("interval", "30m"),
        ("on-event", ":log info tick"),
    ]
    .into_iter()
    .collect();
    emulator
        .insert("/system/scheduler", &row)
        .expect("the emulator keeps the scheduler");
    let runs = emulator.advance_clock(Duration::from_secs(3_600));
    assert_eq!(names(&runs), ["inserted"; 2], "00:30 and 01:00");
}
