use tikbill_core::CoreError;

/// What can go wrong in the agent. Every message is one line a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// A core service refused or failed; its message is already worded for people.
    #[error("{}", describe_core(.0))]
    Core(#[from] CoreError),
    /// A router address on the command line is not `HOST:PORT`.
    #[error("{0}")]
    Address(String),
    /// A value on the command line is not one the command takes.
    #[error("{0}")]
    Usage(String),
    /// No password could be read.
    #[error("{0}")]
    Password(String),
    /// A router could not be probed; the RouterOS client's own words.
    #[error("{0}")]
    Router(#[from] tikbill_core::router::probe::ProbeFailure),
    /// The Ctrl-C or SIGTERM handler could not be installed.
    #[error("cannot listen for stop signals: {0}")]
    Signal(String),
    /// Standard output or the data directory could not be written.
    #[error("{0}")]
    Io(String),
    /// A command on routers fell short: a router could not be worked on (the others were),
    /// or a difference could not be fixed.
    #[error("{0}")]
    RoutersFailed(String),
    /// The audit log's hash chain is broken: the first entry that does not fit, and why.
    #[error("{0}")]
    ChainBroken(String),
    /// An archived webhook's signature does not hold.
    #[error("the signature does not hold: {0}")]
    NotGenuine(String),
}

/// A core error on one line; a refused form names each field that needs attention.
fn describe_core(err: &CoreError) -> String {
    match err {
        CoreError::Validation { summary, fields } if fields.len() > 1 => {
            let each: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            format!("{summary} ({})", each.join("; "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use tikbill_api::FieldError;

    use super::*;

    #[test]
    fn a_refused_form_lists_every_field_on_one_line() {
        let fields = vec![
            FieldError {
                field: "port".into(),
                message: "'x' is not a port".into(),
            },
            FieldError {
                field: "host".into(),
                message: "Give the router's address".into(),
            },
        ];
        let message = AgentError::from(CoreError::invalid("router", fields)).to_string();
        assert_eq!(
            message,
            "The router was not saved: 2 fields need attention. (port: 'x' is not a port; host: Give the router's address)",
            "the person must learn which fields to fix without a form to look at"
        );
        assert!(!message.contains('\n'), "one line");
    }
}
