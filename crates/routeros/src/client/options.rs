//! Where and how to connect: address, transport, credentials and time limits.

use std::time::Duration;

use crate::fingerprint::Fingerprint;
use crate::limits::ReplyLimits;
use crate::secret::Secret;

/// Plain API (port 8728) or api-ssl (port 8729).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Unencrypted API.
    Plain,
    /// api-ssl; the certificate is accepted only if its fingerprint equals `pin`. Without a pin
    /// any certificate is accepted and its fingerprint is recorded (trust on first use): read
    /// it with [`crate::Client::certificate_fingerprint`] and store it.
    Tls {
        /// The fingerprint to require.
        pin: Option<Fingerprint>,
    },
}

/// Everything needed to open a session with one router.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Host name or IP address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Plain or TLS.
    pub transport: Transport,
    /// The API user.
    pub user: String,
    /// The API user's password.
    pub password: Secret,
    /// Limit for TCP connect plus TLS handshake (default 10 s).
    pub connect_timeout: Duration,
    /// Limit for logging in (default 10 s).
    pub login_timeout: Duration,
    /// Limit for each command's complete reply (default 10 s). In [`crate::Client::run_many`]
    /// it counts from when the router could start on the command (see there).
    pub command_timeout: Duration,
    /// How much the router may send before the connection is closed as broken (default
    /// [`ReplyLimits::default`]).
    pub reply_limits: ReplyLimits,
}

impl ConnectOptions {
    /// Plain API on port 8728 with the default time limits.
    pub fn plain(host: impl Into<String>, user: impl Into<String>, password: Secret) -> Self {
        Self {
            host: host.into(),
            port: 8728,
            transport: Transport::Plain,
            user: user.into(),
            password,
            connect_timeout: Duration::from_secs(10),
            login_timeout: Duration::from_secs(10),
            command_timeout: Duration::from_secs(10),
            reply_limits: ReplyLimits::default(),
        }
    }

    /// api-ssl on port 8729, pinned to `pin` if given.
    pub fn tls(
        host: impl Into<String>,
        user: impl Into<String>,
        password: Secret,
        pin: Option<Fingerprint>,
    ) -> Self {
        Self {
            port: 8729,
            transport: Transport::Tls { pin },
            ..Self::plain(host, user, password)
        }
    }

    /// Uses another port.
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the connect time limit.
    pub fn with_connect_timeout(mut self, limit: Duration) -> Self {
        self.connect_timeout = limit;
        self
    }

    /// Sets the login time limit.
    pub fn with_login_timeout(mut self, limit: Duration) -> Self {
        self.login_timeout = limit;
        self
    }

    /// Sets the per-command time limit.
    pub fn with_command_timeout(mut self, limit: Duration) -> Self {
        self.command_timeout = limit;
        self
    }

    /// Sets the limits on what the router may send.
    pub fn with_reply_limits(mut self, limits: ReplyLimits) -> Self {
        self.reply_limits = limits;
        self
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
