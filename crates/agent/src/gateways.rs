//! `gateways set NAME` and `gateways list`: gateway settings and secrets in the secret store.

use std::io::Read;

use tikbill_gateway::GatewayName;

use crate::output::{print_json, say};
use crate::{Agent, AgentError};

fn name_of(text: &str) -> Result<GatewayName, AgentError> {
    text.trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|e: tikbill_gateway::UnknownGateway| AgentError::Usage(e.to_string()))
}

/// Reads one JSON object on standard input, checks it and keeps it; prints it without secrets.
pub async fn set(agent: &Agent, name: &str) -> Result<(), AgentError> {
    let name = name_of(name)?;
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| AgentError::Io(format!("standard input could not be read: {e}")))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        AgentError::Usage(format!(
            "standard input is not a JSON object of {} settings: {e}",
            name.as_str()
        ))
    })?;
    let saved = tikbill_core::gateway::set_gateway(&agent.ctx, name, &json)?;
    print_json(&saved)?;
    say(&format!(
        "Saved the {} settings in the secret store.",
        name.as_str()
    ));
    Ok(())
}

/// Prints every configured gateway without its secrets.
pub async fn list(agent: &Agent) -> Result<(), AgentError> {
    let all = tikbill_core::gateway::list_gateways(&agent.ctx)?;
    print_json(&all)?;
    say(&match all.len() {
        1 => "1 gateway.".to_string(),
        n => format!("{n} gateways."),
    });
    Ok(())
}
