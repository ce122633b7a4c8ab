//! The router job queue and the expiry pass as scheduled jobs: routers follow the database even
//! when the app is closed, and a customer whose plan ran out is switched off and kicked within a
//! minute (the router's own expiry entry usually did it already, on the second).

use crate::output::plural;
use std::time::Duration;

use tikbill_core::customer;
use tikbill_core::provisioning::{self, DrainOutcome, DrainReport, WorkerOptions};

use crate::scheduler::{Job, JobFuture};
use crate::{Agent, AgentError};

/// Applies every router's waiting changes.
#[derive(Debug, Clone)]
pub struct ProvisioningJob {
    pub every: Duration,
    pub worker: WorkerOptions,
}

impl Job for ProvisioningJob {
    fn name(&self) -> &'static str {
        "provisioning"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move { Ok(summary(&drain(agent, &self.worker).await?)) })
    }
}

/// Marks customers whose plan ran out as expired (their router jobs switch them off and kick
/// them) and applies those jobs at once.
#[derive(Debug, Clone)]
pub struct ExpiryJob {
    pub every: Duration,
    pub worker: WorkerOptions,
}

impl Job for ExpiryJob {
    fn name(&self) -> &'static str {
        "expiry"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            let expired = customer::expire_due(&agent.ctx).await?;
            let reports = drain(agent, &self.worker).await?;
            Ok(format!(
                "{} expired; {}",
                plural(expired.len() as u64, "customer"),
                summary(&reports)
            ))
        })
    }
}

async fn drain(agent: &Agent, worker: &WorkerOptions) -> Result<Vec<DrainReport>, AgentError> {
    Ok(provisioning::drain_all(&agent.ctx, worker).await?)
}

/// `3 changes applied on 2 routers; router #4 unreachable: …`.
pub fn summary(reports: &[DrainReport]) -> String {
    let applied: u64 = reports.iter().map(|r| r.applied).sum();
    let refused: u64 = reports.iter().map(|r| r.refused).sum();
    let mut text = format!(
        "{} applied on {}",
        plural(applied, "change"),
        plural(reports.len() as u64, "router")
    );
    if refused > 0 {
        text.push_str(&format!(", {} refused", plural(refused, "change")));
    }
    for report in reports {
        if let DrainOutcome::Unreachable(why) = &report.outcome {
            text.push_str(&format!(
                "; router #{} unreachable: {why}",
                report.router_id
            ));
        }
    }
    text
}

/// Reads who is online on every router and records it as connection history.
#[derive(Debug, Clone)]
pub struct SessionsJob {
    pub every: Duration,
    pub timeout: Duration,
}

impl Job for SessionsJob {
    fn name(&self) -> &'static str {
        "sessions"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            let routers = tikbill_core::router::list(&agent.ctx).await?;
            let mut tasks = tokio::task::JoinSet::new();
            for router in routers {
                let agent = agent.clone();
                let timeout = self.timeout;
                tasks.spawn(async move {
                    let online = customer::record_sessions(&agent.ctx, router.id, timeout).await;
                    (router.name, online)
                });
            }
            let (mut online, mut routers, mut failed) = (0, 0, Vec::new());
            while let Some(Ok((name, result))) = tasks.join_next().await {
                routers += 1;
                match result {
                    Ok(n) => online += n,
                    Err(e) => failed.push(format!("{name}: {e}")),
                }
            }
            let mut text = format!(
                "{} online on {}",
                plural(online, "customer"),
                plural(routers, "router")
            );
            for why in failed {
                text.push_str(&format!("; {why}"));
            }
            Ok(text)
        })
    }
}
