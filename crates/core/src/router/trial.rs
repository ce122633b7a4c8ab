//! "Test" on the router form: tries a router that is not saved yet. When the person did not say
//! how to reach it (no port, api-ssl not ticked), api-ssl (8729) is tried first and plain API
//! (8728) only if api-ssl does not answer, and the result says which worked and why it matters:
//! over plain API the router's password and every customer's password travel unencrypted.

use std::time::Duration;

use tikbill_api::{RouterInput, RouterTrial};
use tikbill_routeros::{ConnectOptions, Secret, Transport};

use super::exposure::plain_api_warning;
use super::probe::probe;
use super::RouterDraft;
use crate::CoreResult;
use tikbill_api::Permission;

use crate::Context;

/// The ports tried when the form leaves the port empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiPorts {
    pub plain: u16,
    pub tls: u16,
}

impl Default for ApiPorts {
    fn default() -> Self {
        Self {
            plain: 8728,
            tls: 8729,
        }
    }
}

/// Tries the router in `input` (its name may still be empty), each attempt limited to `limit`.
/// A form that cannot be read is a validation error; a router that does not answer is a trial
/// with `error` set.
pub async fn try_router(
    ctx: &Context,
    input: &RouterInput,
    ports: ApiPorts,
    limit: Duration,
) -> CoreResult<RouterTrial> {
    // It sends the form's password to the form's host: only for those who may edit routers.
    ctx.require(Permission::EditRouters)?;
    let mut named = input.clone();
    if named.name.trim().is_empty() {
        named.name = "new router".into();
    }
    let draft = RouterDraft::parse(&named)?;
    let password = Secret::new(draft.password.clone().unwrap_or_default());
    let attempt = |use_tls: bool, port: u16| {
        let mut options =
            ConnectOptions::plain(draft.host.clone(), draft.username.clone(), password.clone())
                .with_port(port)
                .with_connect_timeout(limit)
                .with_login_timeout(limit)
                .with_command_timeout(limit);
        if use_tls {
            options.transport = Transport::Tls { pin: None };
        }
        async move { (use_tls, port, probe(&options, limit).await) }
    };
    let undecided = input.port.trim().is_empty() && !input.use_tls;
    let (use_tls, port, found, tls_failure) = if undecided {
        let (use_tls, port, found) = attempt(true, ports.tls).await;
        match &found.result {
            Ok(_) => (use_tls, port, found, None),
            Err(why) => {
                let why = why.to_string();
                let (use_tls, port, found) = attempt(false, ports.plain).await;
                (use_tls, port, found, Some(why))
            }
        }
    } else {
        let (use_tls, port, found) = attempt(draft.use_tls, draft.port).await;
        (use_tls, port, found, None)
    };
    let answered = found.result.is_ok();
    let note = match (use_tls, answered, &tls_failure) {
        (true, true, _) => format!(
            "api-ssl answered on port {port}, so tikbill uses it: the router's password and your \
             customers' passwords travel encrypted, and the router's certificate is pinned."
        ),
        (false, true, Some(why)) => format!(
            "api-ssl did not answer on port {} ({}). Plain API on port {port} works, but the \
             router's password and every customer's password then cross the network \
             unencrypted: enable api-ssl under IP > Services and test again.",
            ports.tls,
            why.trim_end_matches('.')
        ),
        (false, true, None) => format!(
            "Plain API on port {port} works, but the router's password and every customer's \
             password cross the network unencrypted; api-ssl (port {}) keeps them private.",
            ports.tls
        ),
        (_, false, Some(why)) => format!(
            "Neither api-ssl on port {} ({}) nor plain API on port {port} answered.",
            ports.tls,
            why.trim_end_matches('.')
        ),
        (_, false, None) => String::new(),
    };
    let (report, error) = match found.result {
        Ok(report) => (Some(report), None),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(RouterTrial {
        use_tls,
        port,
        report,
        error,
        tls_fingerprint: found.fingerprint.map(|f| f.to_string()),
        note,
        warning: answered
            .then(|| plain_api_warning(&draft.host, use_tls))
            .flatten(),
    })
}
