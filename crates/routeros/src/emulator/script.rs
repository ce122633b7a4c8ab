//! A small interpreter for the RouterOS console scripts tikbill puts on routers: scheduler
//! entries' `on-event` and hotspot user profiles' `on-login`.
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
//! /system scheduler add name="tikbill-card-$user" interval=1d on-event="…" comment="…"
//! :log info "alice expired"
//! :if ([:len [/system scheduler find where name="x"]] = 0) do={ … } else={ … }
//! ```
//!
//! on every menu the emulator keeps; `enable`/`disable` where the menu has `disabled`, `add`
//! where the API may add. Statements end at a line end or `;`; `#` starts a comment line and
//! `\` at a line end continues the line. Values are bare words, double-quoted strings with
//! RouterOS's escapes (`\"`, `\\`, `\$`, `\n`, `\4C`, …), or bracketed expressions:
//! `[:len value]` (a list's items or a string's characters), `[find …]` / `[/menu find …]`
//! (a list of `.id`s) and `[/system clock get date]` / `… get time`. `find` conditions
//! (`name=value`, optionally joined by `and`) must all hold; `yes`/`no` match `true`/`false`.
//! Conditions compare two values with `=`, `!=`, `<`, `>`, `<=`, `>=`: as numbers when both are
//! whole numbers, otherwise as text.
//!
//! Variables come from the caller ([`Variables`]): a hotspot login gives `$user`,
//! `$username`, `$address`, `$"mac-address"` and `$interface`; a scheduler run gives none.
//! They are put into bare words (`tikbill-$user`) and double-quoted strings (`"name=\"$user\""`)
//! when the statement runs; a variable the caller does not give is a syntax error.
//!
//! As on RouterOS, the whole script is read before any of it runs: a syntax error or an
//! unknown command anywhere ([`ScriptError::Syntax`], [`ScriptError::BadCommand`]) means
//! nothing runs, inside `do={…}` blocks too. A `find` that matches nothing makes its command
//! do nothing. A command that fails while running ([`ScriptError::Failed`], for example a name
//! that is not there) stops the script there; what ran before it stays done. `:local`,
//! `:global`, `:foreach`, `:put`, `$[…]`, string concatenation with `.`, `&&`/`||` and other
//! commands are refused as syntax errors or bad commands rather than half-understood.

mod parse;
mod tokens;

#[cfg(test)]
mod tests;

use parse::{ClockField, Condition, Expr, MenuCommand, Statement, Verb};
use tokens::Part;

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

/// The variables a script runs with, as (name, value): what RouterOS gives the script of an
/// event (a hotspot login gives `user`, `username`, `address`, `mac-address`, `interface`).
pub type Variables = [(String, String)];

/// A value while the script runs: text, or the list a `find` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// As RouterOS prints it: a list's items joined by `;`.
    fn text(self) -> String {
        match self {
            Value::Text(text) => text,
            Value::List(items) => items.join(";"),
        }
    }
}

/// Reads and runs `source` with `variables` against the router's tables (so `listen` streams
/// see its changes).
pub(crate) fn run(
    state: &mut RouterState,
    source: &str,
    variables: &Variables,
) -> Result<(), ScriptError> {
    let statements = parse::parse(source)?;
    if let Some((name, line)) = parse::variables(&statements)
        .into_iter()
        .find(|(name, _)| !variables.iter().any(|(n, _)| n == name))
    {
        return Err(ScriptError::Syntax {
            line,
            reason: format!("unknown variable ${name}"),
        });
    }
    let mut running = Running { state, variables };
    running.block(&statements)
}

struct Running<'s> {
    state: &'s mut RouterState,
    variables: &'s Variables,
}

impl Running<'_> {
    fn block(&mut self, statements: &[Statement]) -> Result<(), ScriptError> {
        for statement in statements {
            match statement {
                Statement::Command(command) => self.execute(command)?,
                Statement::Log {
                    topic,
                    message,
                    line,
                } => {
                    let message = self.evaluate(message, *line)?.text();
                    self.state.log(&format!("script,{topic}"), &message)
                }
                Statement::If {
                    condition,
                    then,
                    otherwise,
                } => {
                    if self.holds(condition)? {
                        self.block(then)?;
                    } else {
                        self.block(otherwise)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn holds(&mut self, condition: &Condition) -> Result<bool, ScriptError> {
        let left = self.evaluate(&condition.left, condition.line)?.text();
        let right = self.evaluate(&condition.right, condition.line)?.text();
        let order = match (left.parse::<i64>(), right.parse::<i64>()) {
            (Ok(a), Ok(b)) => a.cmp(&b),
            _ => left.cmp(&right),
        };
        Ok(match condition.operator {
            "=" => order.is_eq(),
            "!=" => order.is_ne(),
            "<" => order.is_lt(),
            ">" => order.is_gt(),
            "<=" => order.is_le(),
            _ => order.is_ge(),
        })
    }

    fn evaluate(&mut self, expr: &Expr, line: usize) -> Result<Value, ScriptError> {
        Ok(match expr {
            Expr::Template(parts) => Value::Text(self.fill(parts)),
            Expr::Len(inner) => {
                let length = match self.evaluate(inner, line)? {
                    Value::Text(text) => text.chars().count(),
                    Value::List(items) => items.len(),
                };
                Value::Text(length.to_string())
            }
            Expr::Find { menu, conditions } => {
                let mut wanted = Vec::new();
                for (name, value) in conditions {
                    wanted.push((name.as_str(), self.evaluate(value, line)?.text()));
                }
                let Some(table) = self.state.table(menu) else {
                    return Err(failed(line, "no such command".into()));
                };
                let ids = table
                    .rows()
                    .iter()
                    .filter(|row| wanted.iter().all(|(name, value)| has(row, name, value)))
                    .filter_map(|row| row.get(".id").map(str::to_owned))
                    .collect();
                Value::List(ids)
            }
            Expr::Clock(ClockField::Date) => Value::Text(self.state.date.clone()),
            Expr::Clock(ClockField::Time) => Value::Text(self.state.time.clone()),
        })
    }

    /// A template with its variables put in.
    fn fill(&self, parts: &[Part]) -> String {
        let mut text = String::new();
        for part in parts {
            match part {
                Part::Text(t) => text.push_str(t),
                Part::Variable(name) => {
                    // Checked before the script ran: every variable is given.
                    if let Some((_, value)) = self.variables.iter().find(|(n, _)| n == name) {
                        text.push_str(value);
                    }
                }
            }
        }
        text
    }

    fn execute(&mut self, command: &MenuCommand) -> Result<(), ScriptError> {
        let line = command.line;
        let mut properties = Vec::new();
        for (name, value) in &command.properties {
            properties.push((name.clone(), self.evaluate(value, line)?.text()));
        }
        let targets = match &command.target {
            None => String::new(),
            Some(target) => match self.evaluate(target, line)? {
                // A find that matched nothing: nothing to do.
                Value::List(ids) if ids.is_empty() => return Ok(()),
                Value::List(ids) => ids.join(","),
                Value::Text(items) => items,
            },
        };
        let menu = command.menu;
        let outcome = match command.verb {
            Verb::Add => self.state.add_item(menu, properties).map(|_| ()),
            Verb::Set => self.state.set_items(menu, &targets, &properties),
            Verb::Enable => self.state.set_items(menu, &targets, &[flag("false")]),
            Verb::Disable => self.state.set_items(menu, &targets, &[flag("true")]),
            Verb::Remove => self.state.remove_items(menu, &targets),
        };
        outcome.map_err(|trap| failed(line, trap.message))
    }
}

fn flag(disabled: &str) -> (String, String) {
    ("disabled".into(), disabled.into())
}

fn failed(line: usize, message: String) -> ScriptError {
    ScriptError::Failed { line, message }
}

/// Whether `row` has `name` equal to `value` (an absent property counts as empty; booleans
/// compare as booleans, so `disabled=no` finds `disabled=false`).
fn has(row: &Row, name: &str, value: &str) -> bool {
    let have = row.get(name).unwrap_or("");
    match (parse_bool(have), parse_bool(value)) {
        (Some(a), Some(b)) => a == b,
        _ => have == value,
    }
}
