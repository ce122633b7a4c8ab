//! Expiry reminders: the `reminders` job sends the SMS reminders that are due
//! (`tikbill_core::reminder::send_due`: once per customer and expiry, missed ones caught up
//! while the plan has not ended). While reminders are off in Settings it says so and sends
//! nothing.

use std::time::Duration;

use tikbill_core::reminder::{self, SendOptions};

use crate::agent::Agent;
use crate::scheduler::{Job, JobFuture};

/// Sends the expiry reminders that are due.
#[derive(Debug, Clone)]
pub struct RemindersJob {
    pub every: Duration,
}

impl Job for RemindersJob {
    fn name(&self) -> &'static str {
        "reminders"
    }

    fn every(&self) -> Duration {
        self.every
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        Box::pin(async move {
            let options = SendOptions {
                gateways: &agent.gateways,
                api_base: None,
            };
            Ok(reminder::send_due(&agent.ctx, &options).await?.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use tikbill_core::test_context::context;
    use tikbill_core::{db, FixedClock};

    use super::*;

    #[tokio::test]
    async fn while_reminders_are_off_the_job_says_so() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = db::open(&db::sqlite_url(dir.path()))
            .await
            .expect("SQLite opens");
        let clock = FixedClock::at(chrono::DateTime::UNIX_EPOCH);
        let agent = Agent::new(context(&db, &clock)).expect("an agent");
        let job = RemindersJob {
            every: Duration::from_secs(300),
        };
        let line = job.run(&agent).await.expect("the job runs");
        assert_eq!(line, "SMS reminders are off (Settings → SMS reminders)");
    }
}
