//! The async client: one connection, many tagged commands in flight.
//!
//! Callers queue encoded sentences for the connection task (`connection`), which writes them
//! and routes each reply by its `.tag` to the caller waiting for it (`routes`).

mod batch;
mod connection;
mod in_flight;
mod listening;
mod login;
mod options;
mod routes;
mod window;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tokio::time::Instant;

pub use in_flight::InFlight;
pub use listening::Listening;
pub use login::legacy_response;
pub use options::{ConnectOptions, Transport};

use crate::codec::encode_sentence;
use crate::command::Command;
use crate::error::{Error, Phase, ProtocolError};
use crate::fingerprint::Fingerprint;
use crate::limits::ReplyLimits;
use crate::row::Row;
use routes::Routes;

/// A command's complete result: its rows and the `ret` value of its `!done`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// The `!re` rows, in order.
    pub rows: Vec<Row>,
    /// `=ret=` from `!done` (a new item's `.id`, a count).
    pub ret: Option<String>,
}

/// A logged-in session with one router. Cheap to clone; all clones share the connection.
///
/// When the connection drops, every pending command fails at once and [`Client::is_closed`]
/// turns true; open a new client (or use [`crate::RouterLink`], which does it for you).
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

struct Shared {
    routes: Arc<Routes>,
    outgoing: mpsc::UnboundedSender<Vec<u8>>,
    next_tag: AtomicU64,
    command_timeout: Duration,
    fingerprint: Option<Fingerprint>,
    connection: AbortHandle,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.connection.abort();
    }
}

impl Client {
    /// Connects, runs the TLS handshake if asked, and logs in.
    pub async fn connect(options: &ConnectOptions) -> Result<Client, Error> {
        let address = options.address();
        let client = tokio::time::timeout(options.connect_timeout, open(options, &address))
            .await
            .map_err(|_| Error::TimedOut(Phase::Connect))??;
        let login = login::login(&client, &options.user, &options.password);
        let outcome = match tokio::time::timeout(options.login_timeout, login).await {
            Ok(Err(Error::TimedOut(_))) | Err(_) => Err(Error::TimedOut(Phase::Login)),
            Ok(outcome) => outcome,
        };
        if let Err(error) = outcome {
            client.close();
            return Err(error);
        }
        Ok(client)
    }

    /// Starts a client over an already-open stream (no login), with the default
    /// [`ReplyLimits`]. Needs a tokio runtime.
    pub fn over_stream<S>(
        stream: S,
        command_timeout: Duration,
        fingerprint: Option<Fingerprint>,
    ) -> Client
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        Self::over_stream_with_limits(stream, command_timeout, fingerprint, ReplyLimits::default())
    }

    /// [`Client::over_stream`] with other limits on what the router may send.
    pub fn over_stream_with_limits<S>(
        stream: S,
        command_timeout: Duration,
        fingerprint: Option<Fingerprint>,
        limits: ReplyLimits,
    ) -> Client
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let routes = Arc::new(Routes::new(limits));
        let (outgoing, queued) = mpsc::unbounded_channel();
        let task = tokio::spawn(connection::drive(stream, queued, routes.clone(), limits));
        Client {
            shared: Arc::new(Shared {
                routes,
                outgoing,
                next_tag: AtomicU64::new(1),
                command_timeout,
                fingerprint,
                connection: task.abort_handle(),
            }),
        }
    }

    /// Runs one command and waits for its complete reply (within the command time limit).
    pub async fn run(&self, command: Command) -> Result<Reply, Error> {
        self.send(command)?.reply().await
    }

    /// Sends one command without waiting; await [`InFlight::reply`] for the result. Its time
    /// limit starts now.
    pub fn send(&self, command: Command) -> Result<InFlight, Error> {
        let (tag, replies) = self.dispatch(&command, Gathering::Reply)?;
        let sent_at = Instant::now();
        Ok(InFlight {
            tag,
            replies,
            sent_at,
            deadline: sent_at + self.shared.command_timeout,
            client: self.clone(),
        })
    }

    /// Pipelines `commands` and returns their results in the same order, each its own: a
    /// command that fails or times out does not fail the others.
    ///
    /// `window` is the most commands awaiting a reply at once. The window in use starts at 16
    /// (or `window`, if smaller), grows while replies come back well within the command time
    /// limit (quadrupling each round trip while they come at network speed, doubling while
    /// within a quarter of the limit), shrinks past half of it and halves after a timeout, so a
    /// slow router is not handed more than it can answer in time. Each command's time limit counts from when the router could start on it: from
    /// the arrival of the reply before it in this batch, or from when it was sent if that came
    /// later. A command that times out is reported as [`Error::TimedOut`] and never retried (an
    /// add is not idempotent). If the router then answers nothing for twice the time limit, the
    /// commands not yet sent are reported as timed out too, without being sent.
    pub async fn run_many<I>(&self, commands: I, window: usize) -> Vec<Result<Reply, Error>>
    where
        I: IntoIterator<Item = Command>,
    {
        batch::run(self, commands.into_iter(), window).await
    }

    /// Starts a streaming command (`listen`, `print =follow=`); it has no time limit.
    pub fn listen(&self, command: Command) -> Result<Listening, Error> {
        let (tag, replies) = self.dispatch(&command, Gathering::Stream)?;
        Ok(Listening {
            tag,
            replies,
            client: self.clone(),
            finished: false,
        })
    }

    /// Whether the connection is gone (dropped by the router, the network, or [`Client::close`]).
    pub fn is_closed(&self) -> bool {
        self.shared.routes.closed().is_some()
    }

    /// Closes the connection; pending commands fail with [`Error::ConnectionClosed`].
    pub fn close(&self) {
        self.shared.connection.abort();
        self.shared.routes.close(Error::ConnectionClosed);
    }

    /// The SHA-256 fingerprint of the router's certificate (api-ssl only). Store it after the
    /// first connection and pass it as the pin from then on.
    pub fn certificate_fingerprint(&self) -> Option<Fingerprint> {
        self.shared.fingerprint
    }

    /// The per-command time limit from the connect options.
    pub(crate) fn command_timeout(&self) -> Duration {
        self.shared.command_timeout
    }

    fn dispatch(
        &self,
        command: &Command,
        gathering: Gathering,
    ) -> Result<(u64, routes::ReplyReceiver), Error> {
        let tag = self.shared.next_tag.fetch_add(1, Ordering::Relaxed);
        let bytes = encode_sentence(&command.sentence(Some(tag)))
            .map_err(|e| Error::Protocol(ProtocolError::Codec(e)))?;
        let replies = match gathering {
            Gathering::Reply => self.shared.routes.register(tag)?,
            Gathering::Stream => self.shared.routes.register_stream(tag)?,
        };
        if self.shared.outgoing.send(bytes).is_err() {
            self.forget(tag);
            return Err(self.closed_reason());
        }
        Ok((tag, replies))
    }

    /// Stops waiting for `tag` and asks the router to cancel it (best effort; the answer to the
    /// cancel itself is never read).
    pub(crate) fn abandon(&self, tag: u64) {
        self.forget(tag);
        let cancel = Command::new("/cancel").attr("tag", tag.to_string());
        let cancel_tag = self.shared.next_tag.fetch_add(1, Ordering::Relaxed);
        if let Ok(bytes) = encode_sentence(&cancel.sentence(Some(cancel_tag))) {
            let _ = self.shared.outgoing.send(bytes);
        }
    }

    pub(crate) fn forget(&self, tag: u64) {
        self.shared.routes.forget(tag);
    }

    pub(crate) fn closed_reason(&self) -> Error {
        self.shared
            .routes
            .closed()
            .unwrap_or(Error::ConnectionClosed)
    }
}

/// How a command's rows reach its caller.
#[derive(Clone, Copy)]
enum Gathering {
    /// Gathered until `!done` (counted against the reply limits).
    Reply,
    /// Handed over one by one.
    Stream,
}

/// TCP connect and, for api-ssl, the TLS handshake.
async fn open(options: &ConnectOptions, address: &str) -> Result<Client, Error> {
    let tcp = TcpStream::connect((options.host.as_str(), options.port))
        .await
        .map_err(|e| Error::from_connect_io(address, &e))?;
    // Small sentences go out at once; the connection task batches what it can.
    let _ = tcp.set_nodelay(true);
    let (timeout, limits) = (options.command_timeout, options.reply_limits);
    Ok(match options.transport {
        Transport::Plain => Client::over_stream_with_limits(tcp, timeout, None, limits),
        Transport::Tls { pin } => {
            let (stream, found) = crate::tls::handshake(tcp, &options.host, pin).await?;
            Client::over_stream_with_limits(stream, timeout, Some(found), limits)
        }
    })
}
