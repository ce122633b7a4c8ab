//! `staff add | list | disable | reset-password`: the core's staff accounts, by user name, as
//! the command line uses them. Passwords arrive as [`Secret`]s and are only ever hashed.

use tikbill_api::{StaffId, StaffInput, StaffRole, StaffView};
use tikbill_core::staff;
use tikbill_routeros::Secret;

use crate::{Agent, AgentError};

/// The role named on the command line; anything else is one line saying what is accepted.
pub fn role(word: &str) -> Result<StaffRole, AgentError> {
    StaffRole::parse(word).ok_or_else(|| {
        let roles: Vec<&str> = StaffRole::ALL.iter().map(|r| r.as_str()).collect();
        AgentError::Usage(format!(
            "'{word}' is not a staff role: use {}.",
            roles.join(", ")
        ))
    })
}

/// Adds an account with the password in `input`.
pub async fn add(agent: &Agent, input: &StaffInput) -> Result<StaffView, AgentError> {
    Ok(staff::add(&agent.ctx, input).await?)
}

/// Every account by user name.
pub async fn list(agent: &Agent) -> Result<Vec<StaffView>, AgentError> {
    Ok(staff::list(&agent.ctx).await?)
}

/// The account that signs in as `username`.
pub async fn by_username(agent: &Agent, username: &str) -> Result<StaffView, AgentError> {
    Ok(staff::by_username(&agent.ctx, username).await?)
}

/// Disables the account called `username`.
pub async fn disable(agent: &Agent, username: &str) -> Result<StaffView, AgentError> {
    let account = by_username(agent, username).await?;
    Ok(staff::disable(&agent.ctx, account.id).await?)
}

/// Gives the account a temporary password it must change at the next sign-in.
pub async fn reset_password(
    agent: &Agent,
    id: StaffId,
    temporary: &Secret,
) -> Result<StaffView, AgentError> {
    Ok(staff::reset_password(&agent.ctx, id, temporary.expose()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_the_four_words_and_anything_else_says_which() {
        for word in ["owner", "manager", "cashier", "viewer"] {
            assert_eq!(role(word).map(StaffRole::as_str).ok(), Some(word));
        }
        let Err(refusal) = role("admin") else {
            panic!("admin is not a role")
        };
        assert_eq!(
            refusal.to_string(),
            "'admin' is not a staff role: use owner, manager, cashier, viewer."
        );
    }
}
