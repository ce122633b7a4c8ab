//! `run_many`: commands pipelined through an adaptive [`Window`], each with a time limit that
//! counts from when the router could start on it, results in the commands' order.

use std::collections::VecDeque;

use tokio::time::Instant;

use super::window::Window;
use super::{Client, Reply};
use crate::command::Command;
use crate::error::{Error, Phase};

/// Runs `commands` with at most `limit` awaiting a reply at once (see [`Client::run_many`]).
pub(super) async fn run<I>(
    client: &Client,
    mut commands: I,
    limit: usize,
) -> Vec<Result<Reply, Error>>
where
    I: Iterator<Item = Command>,
{
    let timeout = client.command_timeout();
    let mut window = Window::new(limit, timeout);
    let mut results = Vec::with_capacity(commands.size_hint().0);
    let mut in_flight = VecDeque::new();
    let started = Instant::now();
    // When the latest reply to this batch arrived (as we saw it, in order).
    let mut last_reply: Option<Instant> = None;
    // From when the router could start on the next command: the latest reply, or the latest
    // time limit that ran out (a command behind one that timed out still gets its own).
    let mut served_from: Option<Instant> = None;
    let mut unresponsive = false;
    loop {
        while !unresponsive && in_flight.len() < window.size() {
            let Some(command) = commands.next() else {
                break;
            };
            in_flight.push_back(client.send(command));
        }
        let Some(next) = in_flight.pop_front() else {
            break;
        };
        let mut pending = match next {
            Ok(pending) => pending,
            Err(error) => {
                results.push(Err(error));
                continue;
            }
        };
        // The router works through a connection's commands in order: this one could not start
        // before the reply ahead of it arrived.
        let sent_at = pending.sent_at;
        pending.deadline = served_from.map_or(sent_at, |at| at.max(sent_at)) + timeout;
        let result = pending.reply().await;
        let now = Instant::now();
        match &result {
            Ok(_) | Err(Error::Trap { .. }) => {
                last_reply = Some(now);
                served_from = Some(now);
                unresponsive = false;
                window.answered(now.duration_since(sent_at));
            }
            Err(Error::TimedOut(_)) => {
                window.timed_out(sent_at, now);
                let quiet_since = last_reply.unwrap_or(started);
                unresponsive = now.duration_since(quiet_since) >= timeout * 2;
                // A slow command does not take the time of those behind it; a router silent for
                // twice the limit gets no more time for any of them.
                if !unresponsive {
                    served_from = Some(now);
                }
            }
            Err(_) => {}
        }
        results.push(result);
    }
    // Left only when the router stopped answering: these were never sent.
    results.extend(commands.map(|_| Err(Error::TimedOut(Phase::Command))));
    results
}
