//! Which caller waits for which tag, how much each command's reply has accumulated, and why the
//! connection closed once it has.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::mpsc;

use crate::error::Error;
use crate::limits::{Oversize, ReplyLimits};
use crate::reply::ReplyKind;

/// The reply sentences of one command, as they arrive.
pub(crate) type ReplySender = mpsc::UnboundedSender<ReplyKind>;
/// The receiving end for one command.
pub(crate) type ReplyReceiver = mpsc::UnboundedReceiver<ReplyKind>;

/// One waiting command.
struct Route {
    sender: ReplySender,
    /// Whether its rows pile up until `!done` (a command) and so count against the limits, or
    /// are handed over one by one (a stream).
    accumulates: bool,
    rows: usize,
    bytes: usize,
}

#[derive(Default)]
struct RouteTable {
    waiting: HashMap<u64, Route>,
    closed: Option<Error>,
}

/// The routing table shared by the callers and the connection task.
pub(crate) struct Routes {
    table: Mutex<RouteTable>,
    limits: ReplyLimits,
}

impl Routes {
    /// An empty table whose commands may accumulate up to `limits`' rows and bytes.
    pub(crate) fn new(limits: ReplyLimits) -> Self {
        Self {
            table: Mutex::default(),
            limits,
        }
    }

    fn table(&self) -> MutexGuard<'_, RouteTable> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `tag` for a command whose rows accumulate until `!done` (counted against the
    /// reply limits); fails with the closing error once the connection is gone.
    pub(crate) fn register(&self, tag: u64) -> Result<ReplyReceiver, Error> {
        self.insert(tag, true)
    }

    /// Registers `tag` for a stream, whose rows are handed over one by one (not counted).
    pub(crate) fn register_stream(&self, tag: u64) -> Result<ReplyReceiver, Error> {
        self.insert(tag, false)
    }

    fn insert(&self, tag: u64, accumulates: bool) -> Result<ReplyReceiver, Error> {
        let mut table = self.table();
        if let Some(error) = &table.closed {
            return Err(error.clone());
        }
        let (sender, receiver) = mpsc::unbounded_channel();
        let route = Route {
            sender,
            accumulates,
            rows: 0,
            bytes: 0,
        };
        table.waiting.insert(tag, route);
        Ok(receiver)
    }

    /// Hands a reply to whoever waits for `tag`; late replies for forgotten tags are dropped.
    /// A row that takes a command's reply past the limits is refused: the connection must close.
    pub(crate) fn deliver(&self, tag: u64, reply: ReplyKind) -> Result<(), Oversize> {
        let mut table = self.table();
        let finished = matches!(reply, ReplyKind::Done { .. });
        if let Some(route) = table.waiting.get_mut(&tag) {
            if let (ReplyKind::Row(row), true) = (&reply, route.accumulates) {
                route.rows += 1;
                route.bytes += row.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
                if route.rows > self.limits.max_reply_rows {
                    return Err(Oversize::ReplyRows {
                        max: self.limits.max_reply_rows,
                    });
                }
                if route.bytes > self.limits.max_reply_bytes {
                    return Err(Oversize::ReplyBytes {
                        max: self.limits.max_reply_bytes,
                    });
                }
            }
            // The receiver may be gone (caller dropped); that is fine.
            let _ = route.sender.send(reply);
        }
        if finished {
            table.waiting.remove(&tag);
        }
        Ok(())
    }

    /// Stops waiting for `tag`.
    pub(crate) fn forget(&self, tag: u64) {
        self.table().waiting.remove(&tag);
    }

    /// Marks the connection closed (keeping the first reason) and ends every waiting command:
    /// their receivers see the channel close and read the reason from [`Routes::closed`].
    pub(crate) fn close(&self, reason: Error) {
        let waiting = {
            let mut table = self.table();
            table.closed.get_or_insert(reason);
            std::mem::take(&mut table.waiting)
        };
        drop(waiting);
    }

    /// Why the connection closed, if it has.
    pub(crate) fn closed(&self) -> Option<Error> {
        self.table().closed.clone()
    }
}
