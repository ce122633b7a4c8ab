//! `/system/scheduler`: scripts the router runs by itself at a given time, for example to
//! disable an account when its plan expires even if the billing PC is off.

use std::time::Duration;

use super::{format_duration, Fields, ItemId, MenuItem};
use crate::command::Command;
use crate::error::Error;
use crate::router::Router;
use crate::row::Row;

/// A scheduler entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchedulerEntry {
    /// `.id`
    pub id: ItemId,
    /// `name`
    pub name: String,
    /// `start-date` as the router prints it.
    pub start_date: Option<String>,
    /// `start-time` (`13:45:00`, or `startup`).
    pub start_time: Option<String>,
    /// `interval`; `None` for a one-shot entry.
    pub interval: Option<Duration>,
    /// `on-event`: the script.
    pub on_event: String,
    /// `disabled`
    pub disabled: bool,
    /// `comment`
    pub comment: Option<String>,
}

impl MenuItem for SchedulerEntry {
    const PATH: &'static str = "/system/scheduler";
    const PROPLIST: &'static [&'static str] = &[
        ".id",
        "name",
        "start-date",
        "start-time",
        "interval",
        "on-event",
        "disabled",
        "comment",
    ];

    fn from_row(row: &Row) -> Result<Self, Error> {
        let f = Fields::new(row, Self::PATH);
        Ok(Self {
            id: f.id()?,
            name: f.required("name")?,
            start_date: f.text("start-date"),
            start_time: f.text("start-time"),
            interval: f.duration("interval"),
            on_event: f.text("on-event").unwrap_or_default(),
            disabled: f.flag("disabled"),
            comment: f.text("comment"),
        })
    }
}

/// A scheduler entry to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchedulerEntry {
    /// `name`
    pub name: String,
    /// `start-date`, in the router's date format.
    pub start_date: Option<String>,
    /// `start-time` (`hh:mm:ss`).
    pub start_time: Option<String>,
    /// `interval`; `None` runs once.
    pub interval: Option<Duration>,
    /// `on-event`: the script to run.
    pub on_event: String,
    /// `comment`
    pub comment: Option<String>,
}

/// The `add` command for `entry` (for pipelining).
pub fn add_command(entry: &NewSchedulerEntry) -> Command {
    let mut add = super::command::<SchedulerEntry>("add")
        .attr("name", &entry.name)
        .attr("on-event", &entry.on_event);
    for (name, value) in [
        ("start-date", &entry.start_date),
        ("start-time", &entry.start_time),
        ("comment", &entry.comment),
    ] {
        if let Some(value) = value {
            add = add.attr(name, value);
        }
    }
    if let Some(interval) = entry.interval {
        add = add.attr("interval", format_duration(interval));
    }
    add
}

/// Every scheduler entry.
pub async fn list(router: &impl Router) -> Result<Vec<SchedulerEntry>, Error> {
    super::list(router).await
}

/// The entry named `name`, if any.
pub async fn find_by_name(
    router: &impl Router,
    name: &str,
) -> Result<Option<SchedulerEntry>, Error> {
    super::find_by_name(router, name).await
}

/// Creates an entry; returns its `.id`.
pub async fn add(router: &impl Router, entry: &NewSchedulerEntry) -> Result<ItemId, Error> {
    super::add(router, add_command(entry)).await
}

/// Deletes an entry.
pub async fn remove(router: &impl Router, id: &ItemId) -> Result<(), Error> {
    super::remove::<SchedulerEntry>(router, id).await
}
