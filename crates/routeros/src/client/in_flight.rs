//! A command that has been sent and whose reply is still coming.

use tokio::time::Instant;

use super::routes::ReplyReceiver;
use super::{Client, Reply};
use crate::error::{Error, Phase};
use crate::reply::ReplyKind;

/// A sent command. Await [`InFlight::reply`] for its result; dropping it forgets the command
/// (a late reply is then dropped).
#[must_use = "a command's reply is only read through InFlight::reply"]
pub struct InFlight {
    pub(super) tag: u64,
    pub(super) replies: ReplyReceiver,
    /// When it was handed to the connection.
    pub(super) sent_at: Instant,
    /// When waiting for it stops (`run_many` moves it).
    pub(super) deadline: Instant,
    pub(super) client: Client,
}

impl InFlight {
    /// The tag this command travels with.
    pub fn tag(&self) -> u64 {
        self.tag
    }

    /// Waits for the complete reply, until the command's deadline.
    ///
    /// On timeout the command is cancelled on the router and forgotten here.
    pub async fn reply(mut self) -> Result<Reply, Error> {
        match tokio::time::timeout_at(self.deadline, collect(&mut self.replies)).await {
            Ok(Some(result)) => result,
            Ok(None) => Err(self.client.closed_reason()),
            Err(_) => {
                self.client.abandon(self.tag);
                Err(Error::TimedOut(Phase::Command))
            }
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.client.forget(self.tag);
    }
}

/// Gathers rows until `!done`; `None` if the connection closed first.
async fn collect(replies: &mut ReplyReceiver) -> Option<Result<Reply, Error>> {
    let mut rows = Vec::new();
    let mut trap = None;
    while let Some(reply) = replies.recv().await {
        match reply {
            ReplyKind::Row(row) => rows.push(row),
            ReplyKind::Trap { category, message } => {
                trap.get_or_insert(Error::Trap { category, message });
            }
            ReplyKind::Empty | ReplyKind::Fatal { .. } => {}
            ReplyKind::Done { ret } => {
                return Some(match trap {
                    Some(error) => Err(error),
                    None => Ok(Reply { rows, ret }),
                });
            }
        }
    }
    None
}
