//! What the SMS fakes share: the server and what it received, and the failure knob. Each
//! gateway's own file says what it accepts and answers.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::MethodRouter;
use axum::Router;

use crate::server::{lock, FakeError, Server};

/// One SMS as the gateway received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedSms {
    pub to: String,
    pub message: String,
    /// The sender id or number asked for, if any.
    pub from: Option<String>,
}

#[derive(Default)]
pub(crate) struct Received {
    pub messages: Vec<ReceivedSms>,
    pub requests: usize,
    /// Answer every request with this HTTP status (a gateway in trouble).
    pub failing: Option<u16>,
}

pub(crate) struct Shared<C> {
    pub config: C,
    state: Mutex<Received>,
}

impl<C> Shared<C> {
    /// What it received, counting one more request.
    pub(crate) fn arrived(&self) -> MutexGuard<'_, Received> {
        let mut state = lock(&self.state);
        state.requests += 1;
        state
    }
}

/// A loopback SMS gateway configured by `C` (`FakeAfricasTalking`, `FakeTwilio`). Dropping it
/// stops the server.
pub struct FakeSms<C> {
    shared: Arc<Shared<C>>,
    server: Server,
}

impl<C: Send + Sync + 'static> FakeSms<C> {
    /// Serves `handler` at `path` with `config`.
    pub(crate) async fn serve(
        config: C,
        path: &str,
        handler: MethodRouter<Arc<Shared<C>>>,
    ) -> Result<Self, FakeError> {
        let shared = Arc::new(Shared {
            config,
            state: Mutex::new(Received::default()),
        });
        let router = Router::new()
            .route(path, handler)
            .with_state(shared.clone());
        let server = Server::start(router).await?;
        Ok(Self { shared, server })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The messages it accepted, in order.
    pub fn received(&self) -> Vec<ReceivedSms> {
        lock(&self.shared.state).messages.clone()
    }

    /// Every request that reached it, accepted or not.
    pub fn requests(&self) -> usize {
        lock(&self.shared.state).requests
    }

    /// From now on answers every request with `status` (`None`: works again).
    pub fn fail_with(&self, status: Option<u16>) {
        lock(&self.shared.state).failing = status;
    }
}
