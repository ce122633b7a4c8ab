//! A streaming command (`listen`, `print follow`) and how to stop it.

use super::routes::ReplyReceiver;
use super::Client;
use crate::command::Command;
use crate::error::Error;
use crate::reply::{ReplyKind, TrapCategory};
use crate::row::Row;

/// Rows streamed by a long-running command, until it ends or is cancelled.
///
/// Dropping it cancels the command on the router.
pub struct Listening {
    pub(super) tag: u64,
    pub(super) replies: ReplyReceiver,
    pub(super) client: Client,
    pub(super) finished: bool,
}

impl Listening {
    /// The tag this command travels with.
    pub fn tag(&self) -> u64 {
        self.tag
    }

    /// The next row; `None` once the command has ended (also after [`Listening::cancel`]).
    ///
    /// A trap other than "interrupted", or a lost connection, is returned once as an error.
    pub async fn next(&mut self) -> Option<Result<Row, Error>> {
        if self.finished {
            return None;
        }
        let mut trap = None;
        while let Some(reply) = self.replies.recv().await {
            match reply {
                ReplyKind::Row(row) => return Some(Ok(row)),
                ReplyKind::Trap {
                    category: Some(TrapCategory::Interrupted),
                    ..
                }
                | ReplyKind::Empty
                | ReplyKind::Fatal { .. } => {}
                ReplyKind::Trap { category, message } => {
                    trap.get_or_insert(Error::Trap { category, message });
                }
                ReplyKind::Done { .. } => {
                    self.finished = true;
                    return trap.map(Err);
                }
            }
        }
        self.finished = true;
        Some(Err(self.client.closed_reason()))
    }

    /// Asks the router to stop (`/cancel =tag=N`) and waits for it to acknowledge. The stream
    /// then ends: [`Listening::next`] drains any rows already sent and returns `None`.
    pub async fn cancel(&self) -> Result<(), Error> {
        self.client
            .run(Command::new("/cancel").attr("tag", self.tag.to_string()))
            .await
            .map(drop)
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        if !self.finished {
            self.client.abandon(self.tag);
        }
    }
}
