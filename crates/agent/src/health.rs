//! Checking every router at once and summing the outcome up, on demand or as a scheduled job.

use std::fmt;
use std::time::Duration;

use tikbill_api::RouterCheck;
use tikbill_core::router::health::{self, HealthOptions};

use crate::scheduler::{Job, JobFuture};
use crate::{Agent, AgentError};

/// Checks every router concurrently and stores the results (status, latency, resources, log).
/// A router that is offline is a result, not an error.
pub async fn check_all(
    agent: &Agent,
    options: HealthOptions,
) -> Result<Vec<RouterCheck>, AgentError> {
    Ok(health::check_all(&agent.ctx, options).await?)
}

/// How many routers answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthSummary {
    pub routers: usize,
    pub online: usize,
    pub offline: usize,
}

impl HealthSummary {
    pub fn of(checks: &[RouterCheck]) -> Self {
        let online = checks.iter().filter(|c| c.report.is_some()).count();
        Self {
            routers: checks.len(),
            online,
            offline: checks.len() - online,
        }
    }
}

impl fmt::Display for HealthSummary {
    /// `3 routers: 2 online, 1 offline`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.routers == 1 {
            "router"
        } else {
            "routers"
        };
        write!(
            f,
            "{} {noun}: {} online, {} offline",
            self.routers, self.online, self.offline
        )
    }
}

/// The scheduled health check of every router.
#[derive(Debug, Clone, Copy)]
pub struct HealthJob {
    pub every: Duration,
    pub options: HealthOptions,
}

impl HealthJob {
    /// The job's name in logs and in its `settings` key.
    pub const NAME: &'static str = "health";
}

impl Job for HealthJob {
    fn name(&self) -> &'static str {
        Self::NAME
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            let checks = check_all(agent, self.options).await?;
            Ok(HealthSummary::of(&checks).to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, online: bool) -> RouterCheck {
        RouterCheck {
            router_id: 1,
            name: name.into(),
            report: online.then(|| tikbill_api::RouterReport {
                identity: name.into(),
                routeros_version: "7.16".into(),
                board_name: String::new(),
                uptime_secs: 0,
                cpu_load: 0,
                free_memory: 0,
                total_memory: 0,
                latency_ms: 1,
            }),
            error: (!online).then(|| "The router did not answer in time".into()),
            certificate_change: None,
        }
    }

    #[test]
    fn the_summary_counts_routers_that_answered() {
        let three = [check("a", true), check("b", false), check("c", true)];
        assert_eq!(
            HealthSummary::of(&three).to_string(),
            "3 routers: 2 online, 1 offline"
        );
        assert_eq!(
            HealthSummary::of(&three[1..2]).to_string(),
            "1 router: 0 online, 1 offline",
            "one router, singular"
        );
        assert_eq!(
            HealthSummary::of(&[]).to_string(),
            "0 routers: 0 online, 0 offline",
            "no routers is not an error"
        );
    }
}
