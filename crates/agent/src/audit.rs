//! `audit verify`: the core's walk over the audit log's hash chain.

use tikbill_api::ChainState;
use tikbill_core::audit;

use crate::output::{print_json, say};
use crate::{Agent, AgentError};

/// Prints the intact chain (JSON on stdout, `N entries, chain intact` on stderr); a broken
/// chain is an error naming the first entry that does not fit and why (exit status 1, nothing
/// on stdout).
pub async fn verify(agent: &Agent) -> Result<(), AgentError> {
    let state = audit::verify(&agent.ctx).await?;
    match state {
        ChainState::Intact { .. } => {
            print_json(&state)?;
            say(&state.to_string());
            Ok(())
        }
        ChainState::Broken(broken) => Err(AgentError::ChainBroken(broken.to_string())),
    }
}
