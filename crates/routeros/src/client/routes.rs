//! Which caller waits for which tag, and why the connection closed once it has.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::mpsc;

use crate::error::Error;
use crate::reply::ReplyKind;

/// The reply sentences of one command, as they arrive.
pub(crate) type ReplySender = mpsc::UnboundedSender<ReplyKind>;
/// The receiving end for one command.
pub(crate) type ReplyReceiver = mpsc::UnboundedReceiver<ReplyKind>;

#[derive(Default)]
pub(crate) struct RouteTable {
    waiting: HashMap<u64, ReplySender>,
    closed: Option<Error>,
}

/// The routing table shared by the callers and the connection task.
#[derive(Default)]
pub(crate) struct Routes(Mutex<RouteTable>);

impl Routes {
    fn table(&self) -> MutexGuard<'_, RouteTable> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers `tag`; fails with the closing error once the connection is gone.
    pub(crate) fn register(&self, tag: u64) -> Result<ReplyReceiver, Error> {
        let mut table = self.table();
        if let Some(error) = &table.closed {
            return Err(error.clone());
        }
        let (sender, receiver) = mpsc::unbounded_channel();
        table.waiting.insert(tag, sender);
        Ok(receiver)
    }

    /// Hands a reply to whoever waits for `tag`; late replies for forgotten tags are dropped.
    pub(crate) fn deliver(&self, tag: u64, reply: ReplyKind) {
        let mut table = self.table();
        let finished = matches!(reply, ReplyKind::Done { .. });
        if let Some(sender) = table.waiting.get(&tag) {
            // The receiver may be gone (caller dropped); that is fine.
            let _ = sender.send(reply);
        }
        if finished {
            table.waiting.remove(&tag);
        }
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
