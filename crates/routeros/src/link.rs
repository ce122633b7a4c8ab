//! A connection that reopens itself: [`RouterLink`] reconnects on the next command after the
//! old connection dropped, backing off exponentially and giving up after a bounded number of tries.

use std::time::Duration;

use tokio::sync::Mutex;

use crate::client::{Client, ConnectOptions, Reply, Transport};
use crate::command::Command;
use crate::error::Error;
use crate::fingerprint::Fingerprint;

/// How long to wait between connection attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failed attempt; it doubles after each further failure.
    pub base: Duration,
    /// The longest wait.
    pub max: Duration,
    /// How many attempts in all before giving up with the last error (at least one).
    pub attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(250),
            max: Duration::from_secs(5),
            attempts: 5,
        }
    }
}

impl Backoff {
    /// The wait after failed attempt number `failure` (0-based): `base · 2^failure`, at most `max`.
    pub fn delay(&self, failure: u32) -> Duration {
        let factor = 1u32.checked_shl(failure.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }
}

struct LinkState {
    options: ConnectOptions,
    client: Option<Client>,
}

/// One router, kept connected on demand.
///
/// With api-ssl and no pin, the fingerprint seen on the first connection is pinned for every
/// reconnect (trust on first use); read it with [`RouterLink::fingerprint`] to store it.
pub struct RouterLink {
    state: Mutex<LinkState>,
    backoff: Backoff,
}

impl RouterLink {
    /// A link that connects on first use.
    pub fn new(options: ConnectOptions, backoff: Backoff) -> Self {
        Self {
            state: Mutex::new(LinkState {
                options,
                client: None,
            }),
            backoff,
        }
    }

    /// The current connection, opening a new one if there is none or it has dropped.
    pub async fn client(&self) -> Result<Client, Error> {
        let mut state = self.state.lock().await;
        if let Some(client) = state.client.as_ref().filter(|c| !c.is_closed()) {
            return Ok(client.clone());
        }
        state.client = None;
        let client = self.connect_with_backoff(&state.options).await?;
        if let (Transport::Tls { pin: pin @ None }, Some(seen)) = (
            &mut state.options.transport,
            client.certificate_fingerprint(),
        ) {
            *pin = Some(seen);
        }
        state.client = Some(client.clone());
        Ok(client)
    }

    /// Runs one command on the current connection (reconnecting first if needed). A command
    /// that fails because the connection dropped is not retried: it may have run on the router.
    pub async fn run(&self, command: Command) -> Result<Reply, Error> {
        self.client().await?.run(command).await
    }

    /// Pipelines `commands` with at most `window` in flight; results come back in order (see
    /// [`Client::run_many`] for how the window adapts and when a command times out).
    pub async fn run_many<I>(&self, commands: I, window: usize) -> Vec<Result<Reply, Error>>
    where
        I: IntoIterator<Item = Command>,
    {
        match self.client().await {
            Ok(client) => client.run_many(commands, window).await,
            Err(error) => commands.into_iter().map(|_| Err(error.clone())).collect(),
        }
    }

    /// The pinned certificate fingerprint (api-ssl), once known.
    pub async fn fingerprint(&self) -> Option<Fingerprint> {
        match self.state.lock().await.options.transport {
            Transport::Tls { pin } => pin,
            Transport::Plain => None,
        }
    }

    async fn connect_with_backoff(&self, options: &ConnectOptions) -> Result<Client, Error> {
        let attempts = self.backoff.attempts.max(1);
        let mut failure = 0;
        loop {
            match Client::connect(options).await {
                Ok(client) => return Ok(client),
                Err(error) if !error.is_transient() || failure + 1 >= attempts => {
                    return Err(error)
                }
                Err(_) => {
                    tokio::time::sleep(self.backoff.delay(failure)).await;
                    failure += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Backoff;
    use std::time::Duration;

    #[test]
    fn delays_double_up_to_the_cap() {
        let backoff = Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_millis(700),
            attempts: 10,
        };
        let delays: Vec<u128> = (0..5).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 700, 700], "doubling, capped at max");
        assert_eq!(
            backoff.delay(200),
            Duration::from_millis(700),
            "huge failure counts do not overflow"
        );
    }
}
