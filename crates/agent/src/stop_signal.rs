//! Being told to stop: Ctrl-C, or SIGTERM (systemd, the desktop app ending its sidecar).

use crate::AgentError;

/// Stop signals, listened for from the moment this is made (so a signal that arrives while the
/// first job runs is not lost, and does not kill the process half-way).
pub struct StopSignal {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl StopSignal {
    /// Starts listening. Needs a tokio runtime.
    pub fn listen() -> Result<Self, AgentError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let terminate =
                signal(SignalKind::terminate()).map_err(|e| AgentError::Signal(e.to_string()))?;
            let interrupt =
                signal(SignalKind::interrupt()).map_err(|e| AgentError::Signal(e.to_string()))?;
            Ok(Self {
                terminate,
                interrupt,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Completes when a stop signal arrives or, if `watch_stdin`, when standard input ends (the
    /// parent that held its pipe is gone); returns what happened.
    pub async fn received_or_stdin_closed(self, watch_stdin: bool) -> &'static str {
        if !watch_stdin {
            return self.received().await;
        }
        let stdin_closed = async {
            use tokio::io::AsyncReadExt;
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 256];
            // Anything written is ignored; only the end matters.
            while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
            "the app closed its pipe"
        };
        tokio::select! {
            name = self.received() => name,
            name = stdin_closed => name,
        }
    }

    /// Completes when a stop signal arrives; returns its name.
    pub async fn received(self) -> &'static str {
        #[cfg(unix)]
        {
            let Self {
                mut terminate,
                mut interrupt,
            } = self;
            tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "Ctrl-C",
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => "Ctrl-C",
                Err(_) => std::future::pending().await,
            }
        }
    }
}
