//! The emulated router's whole state, and how each command changes or reads it.

use std::time::Instant;

use tokio::sync::broadcast;

use super::query;
use super::request::{ReplyWriter, Request};
use super::schema::{LOG, SCHEDULER, SCHEMAS};
use super::table::{Table, Trap};
use crate::menu::format_duration;
use crate::row::Row;

/// What a command leaves running after its reply.
pub(crate) enum Action {
    /// Nothing: the reply is complete.
    Finished,
    /// Stream changes of a menu until cancelled.
    Listen(Subscription),
}

/// A running `listen` (or `print =follow=`).
pub(crate) struct Subscription {
    pub changes: broadcast::Receiver<Row>,
    pub proplist: Option<Vec<String>>,
}

/// Everything the emulated router knows.
pub(crate) struct RouterState {
    tables: Vec<Table>,
    pub identity: String,
    pub date: String,
    pub time: String,
    pub time_zone: String,
    started: Instant,
}

impl RouterState {
    pub(crate) fn new(identity: String) -> Self {
        Self {
            tables: SCHEMAS.iter().map(Table::new).collect(),
            identity,
            date: "2025-01-01".into(),
            time: "00:00:00".into(),
            time_zone: "UTC".into(),
            started: Instant::now(),
        }
    }

    pub(crate) fn table(&self, path: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.schema.path == path)
    }

    pub(crate) fn table_mut(&mut self, path: &str) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.schema.path == path)
    }

    /// Runs one (logged-in) command, writing its reply.
    pub(crate) fn execute(&mut self, request: &Request, reply: &mut ReplyWriter) -> Action {
        let Some((menu, verb)) = request.path.rsplit_once('/') else {
            reply.fail(Some(0), "no such command");
            return Action::Finished;
        };
        let outcome = match menu {
            "/system/identity" => self.identity_command(verb, request, reply),
            "/system/resource" if is_print(verb) => {
                reply.row(&self.resource_row());
                reply.done(None);
                Ok(Action::Finished)
            }
            "/system/clock" => self.clock_command(verb, request, reply),
            _ => self.table_command(menu, verb, request, reply),
        };
        outcome.unwrap_or_else(|trap| {
            reply.fail(trap.category, &trap.message);
            Action::Finished
        })
    }

    fn identity_command(
        &mut self,
        verb: &str,
        request: &Request,
        reply: &mut ReplyWriter,
    ) -> Result<Action, Trap> {
        match verb {
            _ if is_print(verb) => {
                reply.row(&[("name", self.identity.as_str())].into_iter().collect())
            }
            "set" => {
                if let Some(name) = request.attribute("name") {
                    self.identity = name.to_owned();
                }
            }
            _ => return Err(no_such_command()),
        }
        reply.done(None);
        Ok(Action::Finished)
    }

    fn clock_command(
        &mut self,
        verb: &str,
        request: &Request,
        reply: &mut ReplyWriter,
    ) -> Result<Action, Trap> {
        match verb {
            _ if is_print(verb) => reply.row(
                &[
                    ("time", self.time.as_str()),
                    ("date", self.date.as_str()),
                    ("time-zone-autodetect", "false"),
                    ("time-zone-name", self.time_zone.as_str()),
                    ("gmt-offset", "+00:00"),
                    ("dst-active", "false"),
                ]
                .into_iter()
                .collect(),
            ),
            "set" => {
                if let Some(zone) = request.attribute("time-zone-name") {
                    self.time_zone = zone.to_owned();
                }
                let (date, time) = (request.attribute("date"), request.attribute("time"));
                if date.is_some() || time.is_some() {
                    // What ran is in the log; the API reply does not tell.
                    self.move_clock(date, time);
                }
            }
            _ => return Err(no_such_command()),
        }
        reply.done(None);
        Ok(Action::Finished)
    }

    fn resource_row(&self) -> Row {
        [
            ("uptime", format_duration(self.started.elapsed())),
            ("version", "7.16.2 (stable)".into()),
            ("build-time", "2024-11-26 12:32:15".into()),
            ("free-memory", "201326592".into()),
            ("total-memory", "268435456".into()),
            ("cpu", "QEMU".into()),
            ("cpu-count", "1".into()),
            ("cpu-load", "1".into()),
            ("free-hdd-space", "90177536".into()),
            ("total-hdd-space", "134217728".into()),
            ("architecture-name", "x86_64".into()),
            ("board-name", "CHR".into()),
            ("platform", "MikroTik".into()),
        ]
        .into_iter()
        .collect()
    }

    fn table_command(
        &mut self,
        menu: &str,
        verb: &str,
        request: &Request,
        reply: &mut ReplyWriter,
    ) -> Result<Action, Trap> {
        let Some(table) = self.table(menu) else {
            return Err(no_such_command());
        };
        let schema = table.schema;
        let properties = request.properties();
        match verb {
            _ if is_print(verb) => return Ok(self.print(menu, request, reply)),
            "listen" => {
                return Ok(Action::Listen(Subscription {
                    changes: table.subscribe(),
                    proplist: proplist(request),
                }))
            }
            "add" => {
                let id = self.add_item(menu, properties)?;
                reply.done(Some(&id));
                return Ok(Action::Finished);
            }
            "set" => self.set_items(menu, request.targets(), &properties)?,
            "enable" | "disable" if schema.writable.contains(&"disabled") => {
                let disabled = if verb == "disable" { "true" } else { "false" };
                self.set_items(
                    menu,
                    request.targets(),
                    &[("disabled".into(), disabled.into())],
                )?;
            }
            "remove" => self.remove_items(menu, request.targets())?,
            _ => return Err(no_such_command()),
        }
        reply.done(None);
        Ok(Action::Finished)
    }

    fn print(&self, menu: &str, request: &Request, reply: &mut ReplyWriter) -> Action {
        let Some(table) = self.table(menu) else {
            reply.fail(Some(0), "no such command");
            return Action::Finished;
        };
        let proplist = proplist(request);
        let rows: Vec<Row> = table
            .rows()
            .into_iter()
            .filter(|row| query::matches(row, &request.queries))
            .collect();
        if request.attribute("count-only").is_some() {
            reply.done(Some(&rows.len().to_string()));
            return Action::Finished;
        }
        if request.attribute("follow-only").is_none() {
            for row in &rows {
                reply.row(&project(row, proplist.as_deref()));
            }
        }
        if request.attribute("follow").is_some() || request.attribute("follow-only").is_some() {
            return Action::Listen(Subscription {
                changes: table.subscribe(),
                proplist,
            });
        }
        reply.done(None);
        Action::Finished
    }

    /// Whether `profile` (if set) names an item of `profile_menu`.
    pub(crate) fn check_profile(
        &self,
        profile_menu: Option<&str>,
        properties: &[(String, String)],
    ) -> Result<(), Trap> {
        let (Some(menu), Some((_, profile))) = (
            profile_menu,
            properties.iter().find(|(k, _)| k == "profile"),
        ) else {
            return Ok(());
        };
        match self.table(menu) {
            Some(profiles) if profiles.has_name(profile) => Ok(()),
            _ => Err(Trap::new(
                Some(1),
                "input does not match any value of profile",
            )),
        }
    }

    /// Adds a line to `/log`, stamped with the router's clock.
    pub(crate) fn log(&mut self, topics: &str, message: &str) {
        let time = format!("{} {}", self.date, self.time);
        if let Some(log) = self.table_mut(LOG) {
            log.insert([
                ("time".to_owned(), time),
                ("topics".to_owned(), topics.to_owned()),
                ("message".to_owned(), message.to_owned()),
            ]);
        }
    }

    /// `add` (from the API or a script): checks the properties; a scheduler entry without a
    /// start starts now on the router's clock. Returns the new item's `.id`.
    pub(crate) fn add_item(
        &mut self,
        menu: &str,
        mut properties: Vec<(String, String)>,
    ) -> Result<String, Trap> {
        let schema = self.table(menu).ok_or_else(no_such_command)?.schema;
        self.check_profile(schema.profile_menu, &properties)?;
        if menu == SCHEDULER {
            for (name, value) in [("start-date", &self.date), ("start-time", &self.time)] {
                if !properties.iter().any(|(k, _)| k == name) {
                    properties.push((name.to_owned(), value.clone()));
                }
            }
        }
        let id = self
            .table_mut(menu)
            .ok_or_else(no_such_command)?
            .add(&properties)?;
        if menu == SCHEDULER {
            self.reschedule();
        }
        Ok(id)
    }

    /// `set` (and `enable`/`disable`) of the items `targets` names (`.id`s or names).
    pub(crate) fn set_items(
        &mut self,
        menu: &str,
        targets: &str,
        properties: &[(String, String)],
    ) -> Result<(), Trap> {
        let schema = self.table(menu).ok_or_else(no_such_command)?.schema;
        self.check_profile(schema.profile_menu, properties)?;
        self.table_mut(menu)
            .ok_or_else(no_such_command)?
            .set(targets, properties)?;
        if menu == SCHEDULER {
            self.reschedule();
        }
        Ok(())
    }

    /// `remove` of the items `targets` names.
    pub(crate) fn remove_items(&mut self, menu: &str, targets: &str) -> Result<(), Trap> {
        self.table_mut(menu)
            .ok_or_else(no_such_command)?
            .remove(targets)
    }
}

fn is_print(verb: &str) -> bool {
    matches!(verb, "print" | "getall")
}

fn no_such_command() -> Trap {
    Trap::new(Some(0), "no such command")
}

fn proplist(request: &Request) -> Option<Vec<String>> {
    request
        .attribute(".proplist")
        .map(|list| list.split(',').map(str::to_owned).collect())
}

/// Keeps only the asked-for properties, in the asked-for order (`.dead` always survives, so a
/// listener learns about removals).
pub(crate) fn project(row: &Row, proplist: Option<&[String]>) -> Row {
    let Some(names) = proplist else {
        return row.clone();
    };
    let mut projected = Row::new();
    for name in names.iter().map(String::as_str).chain([".dead"]) {
        if let Some(value) = row.get(name) {
            projected.insert(name, value);
        }
    }
    projected
}
