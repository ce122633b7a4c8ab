//! What the typed menus need from a connection: a way to run one command.

use std::future::Future;

use crate::client::{Client, Reply};
use crate::command::Command;
use crate::error::Error;
use crate::link::RouterLink;

/// Something that runs RouterOS commands: a [`Client`], a [`RouterLink`], or a test double.
pub trait Router: Sync {
    /// Runs one command and returns its complete reply.
    fn run(&self, command: Command) -> impl Future<Output = Result<Reply, Error>> + Send;
}

impl Router for Client {
    fn run(&self, command: Command) -> impl Future<Output = Result<Reply, Error>> + Send {
        Client::run(self, command)
    }
}

impl Router for RouterLink {
    fn run(&self, command: Command) -> impl Future<Output = Result<Reply, Error>> + Send {
        RouterLink::run(self, command)
    }
}
