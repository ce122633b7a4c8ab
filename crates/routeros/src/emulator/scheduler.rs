//! The router running its own `/system/scheduler` entries when its clock reaches them.
//!
//! One-shot entries (enabled, without an interval: absent, empty, `0s` or `00:00:00`) run once
//! when the clock reaches their readable `start-date` (`2025-01-31` or `jan/31/2025`) and
//! `start-time` (`hh:mm:ss`), or at the next clock move if that start had passed when they
//! were added (`run-count` still 0). Entries with an interval run at start + k·interval for
//! every such moment after they were added or last changed (an entry added without a start
//! starts at the clock's date and time, so its first run is one interval later), and show the
//! next one as `next-run`. `start-time=startup` entries never run: the emulator does not reboot.
//! When the clock jumps, each due run happens at its own moment, in time order (see
//! `timeline.rs`), so an entry that removes itself in its first run runs once.
//!
//! Before its script runs, an entry gets `run-count` raised and `last-started` set to the clock
//! (`2025-01-02 00:00:01`, or `jan/02/2025 00:00:01` on a clock set in that spelling), as
//! RouterOS records a start, so a script may remove its own entry.
//! A script that fails leaves a `script,error` line in `/log`.

use std::time::Duration;

use super::clock::Moment;
use super::schema::SCHEDULER;
use super::script::{self, ScriptError};
use super::state::RouterState;
use crate::menu::{parse_bool, parse_duration};
use crate::row::Row;

/// A scheduler entry the emulator ran because its clock reached the entry's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledRun {
    /// The entry's `.id` (`*1`).
    pub id: String,
    /// The entry's `name`.
    pub name: String,
    /// How its `on-event` script went.
    pub outcome: Result<(), ScriptError>,
}

/// The scheduler entry due first: when, and its name and `.id` (ties run by name, then `.id`).
pub(crate) struct DueEntry {
    pub at: Moment,
    pub name: String,
    pub number: u32,
    pub id: String,
}

impl RouterState {
    /// The entry that runs next if the clock keeps going from `now`.
    pub(crate) fn next_entry(&self, now: Moment) -> Option<DueEntry> {
        let table = self.table(SCHEDULER)?;
        table
            .rows()
            .iter()
            .filter_map(|row| {
                let at = due_at(row, now)?;
                let id = row.get(".id")?;
                Some(DueEntry {
                    at,
                    name: row.get("name").unwrap_or("").to_owned(),
                    number: u32::from_str_radix(id.trim_start_matches('*'), 16).unwrap_or(0),
                    id: id.to_owned(),
                })
            })
            .min_by(|a, b| (a.at, &a.name, a.number).cmp(&(b.at, &b.name, b.number)))
    }

    /// Runs entry `id` now (the clock already shows its moment).
    pub(crate) fn run_entry(&mut self, id: &str) -> Option<ScheduledRun> {
        let row = self.table(SCHEDULER)?.row(id)?;
        let name = row.get("name").unwrap_or("").to_owned();
        let count = row
            .get("run-count")
            .and_then(|c| c.parse::<u64>().ok())
            .unwrap_or(0);
        let source = row.get("on-event").unwrap_or("").to_owned();
        let started = [
            ("run-count", (count + 1).to_string()),
            ("last-started", format!("{} {}", self.date, self.time)),
        ];
        if let Some(table) = self.table_mut(SCHEDULER) {
            table.record(id, started);
        }
        // The entry's next run counts from this one.
        self.reschedule();
        let outcome = script::run(self, &source, &[]);
        if let Err(error) = &outcome {
            let message = format!("executing script from scheduler ({name}) failed: {error}");
            self.log("script,error", &message);
        }
        Some(ScheduledRun {
            id: id.to_owned(),
            name,
            outcome,
        })
    }

    /// Sets `next-run` of every repeating entry to its first start + k·interval after the
    /// clock (none for disabled or one-shot entries).
    pub(crate) fn reschedule(&mut self) {
        let Some(now) = self.clock() else {
            return;
        };
        let style = self.date_style();
        let Some(table) = self.table_mut(SCHEDULER) else {
            return;
        };
        for row in table.rows() {
            let Some(id) = row.get(".id") else { continue };
            let next = next_run(&row, now).map(|at| at.stamp(style));
            if next.as_deref() == row.get("next-run") {
                continue;
            }
            match next {
                Some(next) => table.record(id, [("next-run", next)]),
                None => table.forget(id, "next-run"),
            }
        }
    }
}

/// The entry's interval, if it repeats (sub-second intervals count as one second).
fn interval(row: &Row) -> Option<Duration> {
    let interval = parse_duration(row.get("interval")?)?;
    (!interval.is_zero()).then(|| interval.max(Duration::from_secs(1)))
}

fn enabled(row: &Row) -> bool {
    row.get("disabled").and_then(parse_bool) != Some(true)
}

/// The start of a repeating entry's next run after `now`.
fn next_run(row: &Row, now: Moment) -> Option<Moment> {
    let every = interval(row)?;
    if !enabled(row) {
        return None;
    }
    let start = Moment::parse(row.get("start-date")?, row.get("start-time")?)?;
    if start > now {
        return Some(start);
    }
    let every_secs = every.as_secs();
    let runs = start.seconds_until(now) / every_secs + 1;
    Some(start.plus(Duration::from_secs(runs.saturating_mul(every_secs))))
}

/// When `row` runs next if the clock goes on from `now`: a one-shot entry that has not run
/// yet (at its start, or now if that has passed), or a repeating entry at its `next-run`.
fn due_at(row: &Row, now: Moment) -> Option<Moment> {
    if !enabled(row) {
        return None;
    }
    if interval(row).is_some() {
        let next = Moment::parse_stamp(row.get("next-run")?)?;
        return Some(next.max(now));
    }
    if row.get("run-count").is_some_and(|count| count != "0") {
        return None;
    }
    let start = Moment::parse(row.get("start-date")?, row.get("start-time")?)?;
    Some(start.max(now))
}
