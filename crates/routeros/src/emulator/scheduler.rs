//! The router running its own `/system/scheduler` entries when its clock reaches them.
//!
//! Only one-shot entries run: enabled, without an interval (absent, empty, `0s` or
//! `00:00:00`), with a readable `start-date` (`2025-01-31` or `jan/31/2025`) and `start-time`
//! (`hh:mm:ss`) at or before the clock, and not run before (`run-count` 0). They run whenever
//! the clock moves, earliest start first (then by name and `.id`), each once. Entries with an
//! interval and `start-time=startup` entries never run: the emulator does not repeat jobs or
//! reboot.
//!
//! Before its script runs, an entry gets `run-count` raised and `last-started` set to the clock
//! (`2025-01-02 00:00:01`, or `jan/02/2025 00:00:01` on a clock set in that spelling), as
//! RouterOS records a start, so a script may remove its own entry.
//! A script that fails leaves a `script,error` line in `/log`.

use super::clock::{DateStyle, Moment};
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

impl RouterState {
    /// Sets the date and/or the time, then runs the entries now due. A readable clock keeps
    /// the date spelling it was given (`2025-01-31`, or `jan/31/2025` as a router before 7.10
    /// prints it) with a two-digit `13:45:00`; an unreadable one is kept as given and runs
    /// nothing.
    pub(crate) fn move_clock(
        &mut self,
        date: Option<&str>,
        time: Option<&str>,
    ) -> Vec<ScheduledRun> {
        if let Some(date) = date {
            self.date = date.to_owned();
        }
        if let Some(time) = time {
            self.time = time.to_owned();
        }
        match self.clock() {
            Some(now) => self.set_moment(now),
            None => Vec::new(),
        }
    }

    /// Sets the clock to `now`, in the date spelling it already has, then runs the entries
    /// now due.
    pub(crate) fn set_moment(&mut self, now: Moment) -> Vec<ScheduledRun> {
        self.date = now.date(self.date_style());
        self.time = now.time();
        self.run_due(now)
    }

    /// The clock, if it holds a readable date and time.
    pub(crate) fn clock(&self) -> Option<Moment> {
        Moment::parse(&self.date, &self.time)
    }

    fn date_style(&self) -> DateStyle {
        DateStyle::of(&self.date)
    }

    fn run_due(&mut self, now: Moment) -> Vec<ScheduledRun> {
        let Some(table) = self.table(SCHEDULER) else {
            return Vec::new();
        };
        let mut due: Vec<(Moment, String, u32, String)> = table
            .rows()
            .iter()
            .filter_map(|row| {
                let start = due_at(row, now)?;
                let id = row.get(".id")?;
                let number = u32::from_str_radix(id.trim_start_matches('*'), 16).unwrap_or(0);
                let name = row.get("name").unwrap_or("");
                Some((start, name.to_owned(), number, id.to_owned()))
            })
            .collect();
        due.sort();
        let mut runs = Vec::new();
        for (_, name, _, id) in due {
            // A script that ran before may have removed or disabled this entry.
            let Some(row) = self.table(SCHEDULER).and_then(|t| t.row(&id)) else {
                continue;
            };
            if due_at(&row, now).is_none() {
                continue;
            }
            let count = row
                .get("run-count")
                .and_then(|c| c.parse::<u64>().ok())
                .unwrap_or(0);
            let source = row.get("on-event").unwrap_or("").to_owned();
            let started = [
                ("run-count", (count + 1).to_string()),
                ("last-started", now.stamp(self.date_style())),
            ];
            if let Some(table) = self.table_mut(SCHEDULER) {
                table.record(&id, started);
            }
            let outcome = script::run(self, &source);
            if let Err(error) = &outcome {
                let message = format!("executing script from scheduler ({name}) failed: {error}");
                self.log("script,error", &message);
            }
            runs.push(ScheduledRun { id, name, outcome });
        }
        runs
    }
}

/// The start of `row` if it is a one-shot entry due at `now` that has not run yet.
fn due_at(row: &Row, now: Moment) -> Option<Moment> {
    let enabled = row.get("disabled").and_then(parse_bool) != Some(true);
    let fresh = row.get("run-count").is_none_or(|count| count == "0");
    let one_shot = row
        .get("interval")
        .is_none_or(|i| i.is_empty() || parse_duration(i).is_some_and(|d| d.is_zero()));
    if !(enabled && fresh && one_shot) {
        return None;
    }
    let start = Moment::parse(row.get("start-date")?, row.get("start-time")?)?;
    (start <= now).then_some(start)
}
