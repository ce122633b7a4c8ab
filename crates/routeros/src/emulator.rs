//! An emulated RouterOS router for tests: the real API wire protocol on loopback, in-memory
//! menus (hotspot users and profiles, PPP secrets and profiles, active sessions, identity,
//! resource, clock, scheduler, log), RouterOS's trap wording, optional api-ssl, and injected
//! latency (round trip), service time (a CPU that answers a connection's commands one after
//! another) and faults.
//!
//! The router keeps its own time: a clock that stands still until a test moves it
//! ([`Emulator::set_clock`], [`Emulator::advance_clock`], [`Emulator::sync_clock`], or
//! `/system/clock/set` over the API). Moving it forward lets that time pass: whatever falls
//! due on the way happens at its own moment, in time order. Scheduler entries run (one-shot
//! ones at their start, repeating ones at start + k·interval) through a small interpreter of
//! the console scripts tikbill writes (`/ip hotspot user disable [find where name="alice"]`,
//! `:if ([:len [/system scheduler find where name="tikbill-card-$user"]] = 0) do={…}`, …; see
//! [`ScriptError`] for what a script that does not run leaves behind). Hotspot users log in
//! ([`Emulator::hotspot_login`]) as the hotspot server lets them: checked against password,
//! `disabled`, `limit-uptime`, traffic limits and `shared-users`, with the profile's
//! `on-login` script run with `$user`; their sessions gain uptime as the clock moves and end
//! at `limit-uptime` or `session-timeout`. So a test can show the router itself disabling an
//! expired customer or a used-up voucher with no billing process running.
//!
//! ```no_run
//! use tikbill_routeros::emulator::{Emulator, EmulatorConfig};
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let router = Emulator::start(EmulatorConfig::new("admin", "secret")).await?;
//! let address = router.address(); // 127.0.0.1:<free port>
//! # let _ = address;
//! router.stop().await;
//! # Ok(())
//! # }
//! ```

mod clock;
mod hotspot;
mod query;
mod request;
mod scheduler;
mod schema;
mod script;
mod session;
mod state;
mod table;
mod timeline;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;

use crate::row::Row;
use clock::Moment;
pub use hotspot::HotspotLoginRefused;
pub use scheduler::ScheduledRun;
pub use script::ScriptError;
use state::RouterState;

/// A misbehaviour to inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Accept connections, read everything, never answer (not even the login).
    Silent,
    /// After login, send the first half of the next reply and drop the connection.
    DropMidReply,
    /// After login, answer the next command with one sentence that never ends: a `!re` and
    /// then 1 KiB words, written as fast as the socket takes them, until the client leaves.
    EndlessSentence,
}

/// A certificate and its PKCS#8 private key (DER) for the api-ssl listener.
#[derive(Clone)]
pub struct TlsIdentity {
    /// The certificate, DER-encoded.
    pub certificate_der: Vec<u8>,
    /// The private key, PKCS#8 DER.
    pub private_key_der: Vec<u8>,
}

/// How to start an emulator.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// The plain API listener (default `127.0.0.1:0`, a free port).
    pub listen: SocketAddr,
    /// The api-ssl listener, used when `tls` is set (default `127.0.0.1:0`).
    pub tls_listen: SocketAddr,
    /// The certificate for api-ssl; `None` runs no api-ssl listener.
    pub tls: Option<TlsIdentity>,
    /// The API user's name.
    pub user: String,
    /// The API user's password.
    pub password: String,
    /// `/system/identity`.
    pub identity: String,
    /// Delay before each command's reply (each command waits on its own): the round trip to a
    /// router across a network.
    pub latency: Duration,
    /// How long the router's CPU works on each command. A connection's commands are served one
    /// after another, so with service time S the k-th of commands that arrived together is
    /// answered no earlier than k·S after they arrived (and then `latency` later). Zero (the
    /// default) serves every command at once.
    pub service_time: Duration,
    /// Behave like RouterOS before 6.43 (MD5 challenge login).
    pub legacy_login: bool,
    /// A fault to inject from the start.
    pub fault: Option<Fault>,
}

impl EmulatorConfig {
    /// An emulator on a free loopback port with these credentials.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        Self {
            listen: loopback,
            tls_listen: loopback,
            tls: None,
            user: user.into(),
            password: password.into(),
            identity: "MikroTik".into(),
            latency: Duration::ZERO,
            service_time: Duration::ZERO,
            legacy_login: false,
            fault: None,
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The address is taken or not local.
    #[error("the emulator cannot listen on {address}: {reason}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the operating system said.
        reason: String,
    },
    /// The TLS certificate or key was refused.
    #[error("the emulator's TLS certificate or key is not usable: {0}")]
    Tls(String),
}

/// How the router behaves right now (changeable while it runs).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Behaviour {
    pub(crate) latency: Duration,
    pub(crate) service_time: Duration,
    pub(crate) fault: Option<Fault>,
}

/// What every connection shares.
pub(crate) struct Shared {
    state: Mutex<RouterState>,
    behaviour: Mutex<Behaviour>,
    pub(crate) user: String,
    pub(crate) password: String,
    pub(crate) legacy_login: bool,
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, RouterState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn behaviour(&self) -> Behaviour {
        *self
            .behaviour
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn set_behaviour(&self, change: impl FnOnce(&mut Behaviour)) {
        change(
            &mut self
                .behaviour
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

/// A running emulated router. Dropping it stops it too; [`Emulator::stop`] waits until every
/// connection is closed.
pub struct Emulator {
    shared: Arc<Shared>,
    address: SocketAddr,
    tls_address: Option<SocketAddr>,
    shutdown: watch::Sender<bool>,
    listeners: Vec<JoinHandle<()>>,
}

impl Emulator {
    /// Starts listening. Needs a tokio runtime.
    pub async fn start(config: EmulatorConfig) -> Result<Emulator, EmulatorError> {
        let shared = Arc::new(Shared {
            state: Mutex::new(RouterState::new(config.identity.clone())),
            behaviour: Mutex::new(Behaviour {
                latency: config.latency,
                service_time: config.service_time,
                fault: config.fault,
            }),
            user: config.user,
            password: config.password,
            legacy_login: config.legacy_login,
        });
        let (shutdown, _) = watch::channel(false);
        let plain = bind(config.listen).await?;
        let address = local_address(&plain, config.listen)?;
        let mut listeners = vec![tokio::spawn(accept(
            plain,
            None,
            shared.clone(),
            shutdown.subscribe(),
        ))];
        let mut tls_address = None;
        if let Some(identity) = config.tls {
            let acceptor = tls_acceptor(identity)?;
            let secure = bind(config.tls_listen).await?;
            tls_address = Some(local_address(&secure, config.tls_listen)?);
            listeners.push(tokio::spawn(accept(
                secure,
                Some(acceptor),
                shared.clone(),
                shutdown.subscribe(),
            )));
        }
        Ok(Emulator {
            shared,
            address,
            tls_address,
            shutdown,
            listeners,
        })
    }

    /// The plain API address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The api-ssl address, if TLS was configured.
    pub fn tls_address(&self) -> Option<SocketAddr> {
        self.tls_address
    }

    /// Changes the delay before each reply.
    pub fn set_latency(&self, latency: Duration) {
        self.shared.set_behaviour(|b| b.latency = latency);
    }

    /// Changes how long each command takes the router's CPU (see
    /// [`EmulatorConfig::service_time`]); applies to commands that arrive from now on.
    pub fn set_service_time(&self, service_time: Duration) {
        self.shared.set_behaviour(|b| b.service_time = service_time);
    }

    /// Injects a fault (or `None` to behave again), for new and open connections alike.
    pub fn set_fault(&self, fault: Option<Fault>) {
        self.shared.set_behaviour(|b| b.fault = fault);
    }

    /// Every item of a menu (`/ip/hotspot/user`, …), `.id` first; empty for an unknown menu.
    pub fn rows(&self, menu: &str) -> Vec<Row> {
        self.shared
            .state()
            .table(menu)
            .map(|t| t.rows())
            .unwrap_or_default()
    }

    /// Adds an item to a menu without the API's checks; returns its `.id`, or `None` for an
    /// unknown menu.
    pub fn insert(&self, menu: &str, attributes: &Row) -> Option<String> {
        let mut state = self.shared.state();
        let table = state.table_mut(menu)?;
        let id = table.insert(attributes.iter().map(|(k, v)| (k.to_owned(), v.to_owned())));
        if menu == schema::SCHEDULER {
            // A repeating entry gets its `next-run`, as one added over the API does.
            state.reschedule();
        }
        Some(id)
    }

    /// Pretends hotspot user `user` logged in from `address`, without any check or script;
    /// returns the session's `.id`. [`Emulator::hotspot_login`] logs in as a router would.
    pub fn add_hotspot_session(&self, user: &str, address: &str) -> String {
        let row: Row = [("user", user), ("address", address)].into_iter().collect();
        self.insert(schema::HOTSPOT_ACTIVE, &row)
            .unwrap_or_default()
    }

    /// Logs hotspot user `user` in from `address` (and `mac`, `AA:BB:CC:DD:EE:FF`) as the
    /// router's hotspot server would; returns the `/ip/hotspot/active` row's `.id`.
    ///
    /// Refused (and logged, `alice (10.5.50.7): login failed: …`) for an unknown user or a
    /// wrong password, a disabled user, a user whose `uptime` reached `limit-uptime` or whose
    /// traffic reached `limit-bytes-total` (or `limit-bytes-in`/`-out`), or when the profile's
    /// `shared-users` sessions are open already. Once in, the user's profile's `on-login`
    /// script runs with `$user`, `$username`, `$address`, `$"mac-address"` and `$interface`;
    /// a script that fails is logged (`script,error`) and the login stands, as on a router.
    pub fn hotspot_login(
        &self,
        user: &str,
        password: &str,
        address: &str,
        mac: &str,
    ) -> Result<String, HotspotLoginRefused> {
        let client = hotspot::Client { address, mac };
        self.shared.state().hotspot_login(user, password, client)
    }

    /// Logs every session of hotspot user `user` out (running the profile's `on-logout`);
    /// returns how many there were.
    pub fn hotspot_logout(&self, user: &str) -> usize {
        self.shared.state().hotspot_logout(user)
    }

    /// Counts traffic on `user`'s session and on the user's `bytes-in`/`bytes-out`; reaching
    /// a traffic limit logs them out. `false` if `user` has no session.
    pub fn hotspot_traffic(&self, user: &str, bytes_in: u64, bytes_out: u64) -> bool {
        self.shared
            .state()
            .hotspot_traffic(user, bytes_in, bytes_out)
    }

    /// Pretends PPP secret `name` connected and got `address`; returns the session's `.id`.
    pub fn add_ppp_session(&self, name: &str, address: &str) -> String {
        let row: Row = [("name", name), ("address", address)].into_iter().collect();
        self.insert(schema::PPP_ACTIVE, &row).unwrap_or_default()
    }

    /// `/system/identity`.
    pub fn identity(&self) -> String {
        self.shared.state().identity.clone()
    }

    /// Sets the router's clock (`date` like `2025-01-31`, or `jan/31/2025` to act as a router
    /// before RouterOS 7.10, which prints dates that way; `time` like `13:45:00`). Forward,
    /// that time passes: the scheduler runs and session limits that fall due on the way happen
    /// in time order, each at its own moment; back, nothing passes and the one-shot entries
    /// whose start it reached run. Returns the scheduler runs. A date or time the emulator
    /// cannot read is kept as given (the clock prints it) and runs nothing.
    pub fn set_clock(&self, date: &str, time: &str) -> Vec<ScheduledRun> {
        self.shared.state().move_clock(Some(date), Some(time))
    }

    /// Names the router's time zone (`time-zone-name`, as `/system/clock/set` does). The
    /// emulator's clock does not follow it: set the clock to that zone's time as well.
    pub fn set_time_zone(&self, name: &str) {
        self.shared.state().time_zone = name.to_owned();
    }

    /// Moves the clock `by` later (whole seconds) and runs what became due, like
    /// [`Emulator::set_clock`]. Does nothing if the clock holds something unreadable.
    pub fn advance_clock(&self, by: Duration) -> Vec<ScheduledRun> {
        let mut state = self.shared.state();
        match state.clock() {
            Some(now) => state.set_moment(now.plus(by)),
            None => Vec::new(),
        }
    }

    /// Sets the clock to `now` in UTC, as the router's NTP client would, and runs what became
    /// due, like [`Emulator::set_clock`]. Times before 1970 are ignored.
    pub fn sync_clock(&self, now: SystemTime) -> Vec<ScheduledRun> {
        match Moment::from_system(now) {
            Some(now) => self.shared.state().set_moment(now),
            None => Vec::new(),
        }
    }

    /// Runs a script as a scheduler entry would, with the interpreter's grammar and its
    /// all-or-nothing reading (see [`ScriptError`]). Failures are returned, not logged.
    pub fn run_script(&self, source: &str) -> Result<(), ScriptError> {
        self.run_script_with(source, &[])
    }

    /// Runs a script with variables, as the router runs a profile's `on-login` with
    /// `[("user", "alice"), …]`; like [`Emulator::run_script`] otherwise.
    pub fn run_script_with(
        &self,
        source: &str,
        variables: &[(&str, &str)],
    ) -> Result<(), ScriptError> {
        let variables: Vec<(String, String)> = variables
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        script::run(&mut self.shared.state(), source, &variables)
    }

    /// Stops listening and closes every connection; returns once they are closed.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        for listener in std::mem::take(&mut self.listeners) {
            let _ = listener.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        for listener in &self.listeners {
            listener.abort();
        }
    }
}

async fn bind(address: SocketAddr) -> Result<TcpListener, EmulatorError> {
    TcpListener::bind(address)
        .await
        .map_err(|e| EmulatorError::Bind {
            address,
            reason: e.to_string(),
        })
}

fn local_address(listener: &TcpListener, asked: SocketAddr) -> Result<SocketAddr, EmulatorError> {
    listener.local_addr().map_err(|e| EmulatorError::Bind {
        address: asked,
        reason: e.to_string(),
    })
}

fn tls_acceptor(identity: TlsIdentity) -> Result<TlsAcceptor, EmulatorError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.private_key_der));
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| EmulatorError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(identity.certificate_der)], key)
        .map_err(|e| EmulatorError::Tls(e.to_string()))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Accepts connections until shutdown, then closes them all.
async fn accept(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let _ = tcp.set_nodelay(true);
                let shared = shared.clone();
                match tls.clone() {
                    None => sessions.spawn(session::serve(tcp, shared)),
                    Some(acceptor) => sessions.spawn(async move {
                        if let Ok(stream) = acceptor.accept(tcp).await {
                            session::serve(stream, shared).await;
                        }
                    }),
                };
            }
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
    drop(listener);
    sessions.shutdown().await;
}
