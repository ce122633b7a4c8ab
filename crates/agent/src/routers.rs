//! The routers the office manages, by name: the core's router service, as the command line
//! uses it. Passwords go to the password store, never the database.

use tikbill_api::{RouterInput, RouterView};
use tikbill_core::router;

use crate::{Agent, AgentError};

/// Saves a router (the password in `input` goes to the password store).
pub async fn add(agent: &Agent, input: &RouterInput) -> Result<RouterView, AgentError> {
    Ok(router::create(&agent.ctx, input).await?)
}

/// Every router by name.
pub async fn list(agent: &Agent) -> Result<Vec<RouterView>, AgentError> {
    Ok(router::list(&agent.ctx).await?)
}

/// Removes the router called `name` and its stored password; refused while it has customers.
pub async fn remove(agent: &Agent, name: &str) -> Result<(), AgentError> {
    let found = router::by_name(&agent.ctx, name).await?;
    Ok(router::delete(&agent.ctx, found.id).await?)
}
