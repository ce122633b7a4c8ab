//! `mpesa push` and `mpesa register-c2b`, and the reconciliation job.

use tikbill_api::MpesaPushInput;
use tikbill_core::{customer, delivery, mpesa};
use tikbill_gateway::mpesa::ResponseType;

use crate::output::{print_json, say};
use crate::{Agent, AgentError};

/// Sends an STK push for the customer's plan; prints the push.
pub async fn push(
    agent: &Agent,
    username: &str,
    phone: Option<String>,
    periods: u32,
) -> Result<(), AgentError> {
    let customer = customer::by_username(&agent.ctx, username, None).await?;
    let push = mpesa::request_push(
        &agent.ctx,
        &agent.gateways,
        &MpesaPushInput {
            customer_id: customer.id,
            periods,
            phone,
        },
    )
    .await?;
    print_json(&push)?;
    say(&format!(
        "Asked {} for {} KES; the customer confirms on the phone.",
        push.phone, push.amount
    ));
    Ok(())
}

/// Registers the relay's C2B URLs with Daraja.
pub async fn register_c2b(agent: &Agent, default_action: &str) -> Result<(), AgentError> {
    let action = match default_action.trim().to_ascii_lowercase().as_str() {
        "completed" => ResponseType::Completed,
        "cancelled" | "canceled" => ResponseType::Cancelled,
        other => {
            return Err(AgentError::Usage(format!(
                "--default-action: '{other}' is neither completed nor cancelled"
            )))
        }
    };
    let (validation, confirmation) =
        mpesa::register_c2b(&agent.ctx, &agent.gateways, action).await?;
    print_json(&serde_json::json!({ "validation": validation, "confirmation": confirmation }))?;
    say("Daraja took the C2B URLs.");
    Ok(())
}

/// Asks Daraja about pushes whose callback has not come, and marks the ones nobody answered
/// for a day expired; then processes deliveries that wait to be tried again.
#[derive(Debug, Clone)]
pub struct ReconcileJob {
    pub every: std::time::Duration,
}

impl crate::scheduler::Job for ReconcileJob {
    fn name(&self) -> &'static str {
        "reconcile"
    }

    fn every(&self) -> std::time::Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> crate::scheduler::JobFuture<'a> {
        Box::pin(async move {
            let done = mpesa::reconcile(&agent.ctx, &agent.gateways).await?;
            let processed = delivery::process_due(&agent.ctx, &agent.gateways).await?;
            let mut text = format!(
                "{} pushes asked: {} paid, {} failed, {} still processing, {} expired; \
                 {} deliveries processed, {} waiting",
                done.asked,
                done.paid,
                done.failed,
                done.still_processing,
                done.expired,
                processed.processed,
                processed.waiting
            );
            for e in &done.errors {
                text.push_str(&format!("; {e}"));
            }
            Ok(text)
        })
    }
}

/// Pulls deliveries from a relay on another server (Settings: `relay.pull_from`, its token
/// the secret store's `relay-remote-token`) and processes them.
#[derive(Debug, Clone)]
pub struct PullJob {
    pub every: std::time::Duration,
}

pub use tikbill_core::gateway::RELAY_REMOTE_TOKEN;

impl crate::scheduler::Job for PullJob {
    fn name(&self) -> &'static str {
        "pull"
    }

    fn every(&self) -> std::time::Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> crate::scheduler::JobFuture<'a> {
        Box::pin(async move {
            let Some(from) = tikbill_core::settings::relay_pull_from(agent.ctx.db()).await? else {
                return Ok("no relay to pull from".into());
            };
            let token = agent
                .ctx
                .secrets()
                .get(RELAY_REMOTE_TOKEN)
                .map_err(|e| tikbill_core::CoreError::Secrets(e.to_string()))?
                .map(|s| s.expose().to_string())
                .unwrap_or_default();
            let pulled = delivery::pull(&agent.ctx, &agent.gateways, &from, &token).await?;
            let processed = delivery::process_due(&agent.ctx, &agent.gateways).await?;
            Ok(format!(
                "{pulled} pulled from {from}; {} processed, {} waiting",
                processed.processed, processed.waiting
            ))
        })
    }
}
