//! A small interpreter for the RouterOS console commands tikbill puts in scheduler entries.
//!
//! It understands, with the menu path written with spaces or slashes (`/ip hotspot user` or
//! `/ip/hotspot/user`):
//!
//! ```text
//! /ip hotspot user disable [find where name="alice"]
//! /ip hotspot user enable [find name="alice"]
//! /ip hotspot user set [find name="alice"] profile=expired comment="paid until 3 Jan"
//! /ip hotspot active remove [find where user="alice"]
//! /ppp secret disable alice
//! /system scheduler remove [find where name="tikbill-expire-hotspot-alice"]
//! :log info "alice expired"
//! ```
//!
//! on every menu the emulator keeps; `enable`/`disable` where the menu has `disabled`. Statements
//! end at a line end or `;`; `#` starts a comment line and `\` at a line end continues the line.
//! Values are bare words or double-quoted strings with RouterOS's escapes (`\"`, `\\`, `\n`,
//! `\4C`, …). `find` conditions (`name=value`, optionally joined by `and`) must all hold;
//! `yes`/`no` match `true`/`false`.
//!
//! As on RouterOS, the whole script is read before any of it runs: a syntax error or an
//! unknown command anywhere ([`ScriptError::Syntax`], [`ScriptError::BadCommand`]) means
//! nothing runs. A `find` that matches nothing makes its command do nothing. A command that
//! fails while running ([`ScriptError::Failed`], for example a name that is not there) stops
//! the script there; what ran before it stays done. Variables, `:if`, `:foreach`, blocks and
//! other commands are refused as syntax errors or bad commands rather than half-understood.

mod parse;
mod tokens;

#[cfg(test)]
mod tests;

use parse::{MenuCommand, Statement, Target, Verb};

use super::state::RouterState;
use crate::menu::parse_bool;
use crate::row::Row;

/// Why a script did not run to its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    /// The script does not read as RouterOS script; none of it ran.
    #[error("syntax error (line {line}): {reason}")]
    Syntax {
        /// The line (from 1) of the statement at fault.
        line: usize,
        /// What is wrong there.
        reason: String,
    },
    /// A menu, command or `:` command the emulator does not have; none of the script ran.
    #[error("bad command name {name} (line {line})")]
    BadCommand {
        /// The line (from 1) of the statement at fault.
        line: usize,
        /// The word that is not a command.
        name: String,
    },
    /// A statement failed while running; the statements before it ran, the ones after did not.
    #[error("{message} (line {line})")]
    Failed {
        /// The line (from 1) of the failed statement.
        line: usize,
        /// The router's reason, as an API trap would word it.
        message: String,
    },
}

/// Reads and runs `source` against the router's tables (so `listen` streams see its changes).
pub(crate) fn run(state: &mut RouterState, source: &str) -> Result<(), ScriptError> {
    for statement in parse::parse(source)? {
        match statement {
            Statement::Command(command) => execute(state, &command)?,
            Statement::Log { topic, message, .. } => {
                state.log(&format!("script,{topic}"), &message)
            }
        }
    }
    Ok(())
}

fn execute(state: &mut RouterState, command: &MenuCommand) -> Result<(), ScriptError> {
    let failed = |message: String| ScriptError::Failed {
        line: command.line,
        message,
    };
    let Some(table) = state.table(command.menu) else {
        return Err(failed("no such command".into()));
    };
    let schema = table.schema;
    let targets = match &command.target {
        Target::Items(items) => items.clone(),
        Target::Find(conditions) => {
            let ids: Vec<String> = table
                .rows()
                .iter()
                .filter(|row| {
                    conditions
                        .iter()
                        .all(|(name, value)| holds(row, name, value))
                })
                .filter_map(|row| row.get(".id").map(str::to_owned))
                .collect();
            if ids.is_empty() {
                return Ok(());
            }
            ids.join(",")
        }
    };
    if command.verb == Verb::Set {
        state
            .check_profile(schema.profile_menu, &command.properties)
            .map_err(|trap| failed(trap.message))?;
    }
    let Some(table) = state.table_mut(command.menu) else {
        return Err(failed("no such command".into()));
    };
    let outcome = match command.verb {
        Verb::Enable => table.set(&targets, &[("disabled".into(), "false".into())]),
        Verb::Disable => table.set(&targets, &[("disabled".into(), "true".into())]),
        Verb::Set => table.set(&targets, &command.properties),
        Verb::Remove => table.remove(&targets),
    };
    outcome.map_err(|trap| failed(trap.message))
}

/// Whether `row` has `name` equal to `value` (an absent property counts as empty; booleans
/// compare as booleans, so `disabled=no` finds `disabled=false`).
fn holds(row: &Row, name: &str, value: &str) -> bool {
    let have = row.get(name).unwrap_or("");
    match (parse_bool(have), parse_bool(value)) {
        (Some(a), Some(b)) => a == b,
        _ => have == value,
    }
}
