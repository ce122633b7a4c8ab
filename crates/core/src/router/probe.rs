//! Connect, log in and ask a router who and how it is, timing each step.

use std::time::{Duration, Instant};

use tikbill_api::RouterReport;
use tikbill_routeros::menu::system;
use tikbill_routeros::{Client, ConnectOptions, Error, Fingerprint, Phase};

/// One API interaction, for the router log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub command: &'static str,
    pub duration: Duration,
    pub outcome: &'static str,
    pub message: Option<String>,
}

/// Why a probe found nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeFailure {
    /// The router (or the way to it) failed; RouterOS client's own words.
    #[error(transparent)]
    Router(#[from] Error),
    /// The probe could not even start (e.g. no password stored).
    #[error("{0}")]
    Setup(String),
}

/// What a probe found.
#[derive(Debug)]
pub struct Probe {
    pub steps: Vec<Step>,
    pub result: Result<RouterReport, ProbeFailure>,
    /// The certificate fingerprint seen on a TLS connection.
    pub fingerprint: Option<Fingerprint>,
}

/// A short word for an error, stored in the router log's `outcome`.
pub fn outcome_of(error: &Error) -> &'static str {
    match error {
        Error::Unreachable { .. } => "unreachable",
        Error::Refused { .. } => "refused",
        Error::TimedOut(_) => "timeout",
        Error::BadCredentials => "bad_credentials",
        Error::Trap { .. } => "trap",
        Error::Fatal(_) => "fatal",
        Error::ConnectionClosed => "closed",
        Error::Protocol(_) => "protocol",
        Error::Tls(_) => "tls",
        Error::CertificateMismatch { .. } => "certificate",
    }
}

fn step<T>(command: &'static str, started: Instant, result: &Result<T, Error>) -> Step {
    Step {
        command,
        duration: started.elapsed(),
        outcome: match result {
            Ok(_) => "ok",
            Err(e) => outcome_of(e),
        },
        message: result.as_ref().err().map(ToString::to_string),
    }
}

/// Connects, logs in, reads identity and resources; the whole probe is limited to `limit`.
pub async fn probe(options: &ConnectOptions, limit: Duration) -> Probe {
    let mut steps = Vec::new();
    let mut fingerprint = None;
    let work = async {
        let started = Instant::now();
        let connected = Client::connect(options).await;
        steps.push(step("/login", started, &connected));
        let client = connected?;
        fingerprint = client.certificate_fingerprint();
        let started = Instant::now();
        let identity = system::identity(&client).await;
        steps.push(step("/system/identity/print", started, &identity));
        let latency = started.elapsed();
        let identity = identity?;
        let started = Instant::now();
        let resource = system::resource(&client).await;
        steps.push(step("/system/resource/print", started, &resource));
        client.close();
        let resource = resource?;
        Ok(RouterReport {
            identity,
            routeros_version: resource.version,
            board_name: resource.board_name.unwrap_or_default(),
            uptime_secs: resource.uptime.map(|d| d.as_secs()).unwrap_or(0),
            cpu_load: resource
                .cpu_load
                .and_then(|c| u32::try_from(c).ok())
                .unwrap_or(0),
            free_memory: resource.free_memory.unwrap_or(0),
            total_memory: resource.total_memory.unwrap_or(0),
            latency_ms: u32::try_from(latency.as_millis()).unwrap_or(u32::MAX),
        })
    };
    let result = match tokio::time::timeout(limit, work).await {
        Ok(result) => result.map_err(ProbeFailure::Router),
        Err(_) => {
            let phase = if steps.is_empty() {
                Phase::Login
            } else {
                Phase::Command
            };
            let err = Error::TimedOut(phase);
            steps.push(Step {
                command: if steps.is_empty() {
                    "/login"
                } else {
                    "/system/resource/print"
                },
                duration: limit,
                outcome: "timeout",
                message: Some(err.to_string()),
            });
            Err(ProbeFailure::Router(err))
        }
    };
    Probe {
        steps,
        result,
        fingerprint,
    }
}
