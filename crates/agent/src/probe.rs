//! Testing a router that need not be saved: connect, log in, ask who and how it is.

use std::time::Duration;

use serde::Serialize;
use tikbill_api::RouterReport;
use tikbill_core::router::probe;
use tikbill_routeros::{ConnectOptions, Secret, Transport};

use crate::address::ApiAddress;
use crate::AgentError;

/// How to reach the router being probed.
#[derive(Debug, Clone)]
pub struct ProbeTarget {
    pub address: ApiAddress,
    pub user: String,
    pub password: Secret,
    /// api-ssl; any certificate is accepted and its fingerprint reported.
    pub tls: bool,
    /// The limit for the whole probe (and for each step in it).
    pub timeout: Duration,
}

/// What a probe found: the router's report, plus the certificate fingerprint over api-ssl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeOutput {
    #[serde(flatten)]
    pub report: RouterReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_fingerprint: Option<String>,
}

/// Probes the router; a router that cannot be reached or refuses the login is an error whose
/// message says what to check.
pub async fn run(target: ProbeTarget) -> Result<ProbeOutput, AgentError> {
    let mut options = ConnectOptions::plain(target.address.host, target.user, target.password)
        .with_port(target.address.port)
        .with_connect_timeout(target.timeout)
        .with_login_timeout(target.timeout)
        .with_command_timeout(target.timeout);
    if target.tls {
        options.transport = Transport::Tls { pin: None };
    }
    let found = probe::probe(&options, target.timeout).await;
    let report = found.result?;
    Ok(ProbeOutput {
        report,
        tls_fingerprint: found.fingerprint.map(|f| f.to_string()),
    })
}
