//! What the agent prints: results as JSON on stdout, a line for people on stderr.

use std::io::Write;

use serde::Serialize;

use crate::AgentError;

/// Writes `value` as pretty JSON and a newline on stdout.
pub fn print_json(value: &impl Serialize) -> Result<(), AgentError> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush())
        .map_err(|e| {
            AgentError::Io(format!(
                "the result could not be written to standard output: {e}"
            ))
        })
}

/// A line for people on stderr (never fails: there is nowhere else to say it).
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `1 card`, `3 cards`: a count and its noun, for the lines people read.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
