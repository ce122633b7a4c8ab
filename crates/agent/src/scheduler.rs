//! The agent's jobs and the loop that runs them: every job once at start (catching up on what
//! was missed while the agent was not running), then each on its own interval, one at a time,
//! until told to stop. Each successful run is recorded in the `settings` table
//! (`tikbill_core::settings::record_job_run`); each run logs one line.
//!
//! A job is anything that implements [`Job`]: health checks today; expiry enforcement, daily
//! reports, payment reconciliation and the callback relay are meant to join as more jobs.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::Duration;

use chrono::SecondsFormat;
use tokio::time::Instant;

use tikbill_core::settings;

use crate::{Agent, AgentError};

/// What a job's run returns: a one-line summary for the log, or why it failed.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AgentError>> + Send + 'a>>;

/// Work the agent does on a schedule.
pub trait Job: Send + Sync {
    /// A short stable name: in log lines and the `settings` key `agent.job.<name>.last_run`.
    fn name(&self) -> &'static str;
    /// How long from the start of one run to the start of the next.
    fn every(&self) -> Duration;
    /// Does the work once.
    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a>;
}

/// A shared job is a job (the app may keep a handle on one it scheduled).
impl<J: Job + ?Sized> Job for std::sync::Arc<J> {
    fn name(&self) -> &'static str {
        self.as_ref().name()
    }

    fn every(&self) -> Duration {
        self.as_ref().every()
    }

    fn run<'a>(&'a self, agent: &'a Agent) -> JobFuture<'a> {
        self.as_ref().run(agent)
    }
}

/// The shortest interval the scheduler keeps (a zero interval would spin).
const SHORTEST_INTERVAL: Duration = Duration::from_millis(1);

/// The jobs the agent runs.
#[derive(Default)]
pub struct Scheduler {
    jobs: Vec<Box<dyn Job>>,
}

impl Scheduler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a job.
    pub fn with(mut self, job: impl Job + 'static) -> Self {
        self.jobs.push(Box::new(job));
        self
    }

    /// The jobs, in the order they were added.
    pub fn jobs(&self) -> impl Iterator<Item = &dyn Job> {
        self.jobs.iter().map(|j| j.as_ref())
    }

    /// Runs every job now, then each whenever its interval has passed, until `stop` completes;
    /// a job running then is abandoned (the next start catches up). A run that overruns its
    /// interval skips the turns it missed. One line per run goes to `log`.
    pub async fn run_until(
        &self,
        agent: &Agent,
        stop: impl Future<Output = ()>,
        log: &mut impl Write,
    ) {
        tokio::pin!(stop);
        let start = Instant::now();
        let mut due = vec![start; self.jobs.len()];
        loop {
            let Some((index, at)) = due.iter().copied().enumerate().min_by_key(|&(_, at)| at)
            else {
                // Nothing to do but wait to be stopped.
                stop.await;
                return;
            };
            tokio::select! {
                biased;
                () = &mut stop => return,
                () = tokio::time::sleep_until(at) => {}
            }
            let job = self.jobs[index].as_ref();
            let began = agent.ctx.now();
            let stamp = began.to_rfc3339_opts(SecondsFormat::Secs, true);
            let timer = Instant::now();
            let outcome = tokio::select! {
                biased;
                () = &mut stop => {
                    let _ = writeln!(log, "{stamp} {}: stopped before it finished; it runs again at the next start", job.name());
                    return;
                }
                outcome = job.run(agent) => outcome,
            };
            let took = timer.elapsed().as_secs_f64();
            let line = match outcome {
                Ok(summary) => match settings::record_job_run(&agent.ctx, job.name(), began).await {
                    Ok(()) => format!("{stamp} {}: {summary} (in {took:.1} s)", job.name()),
                    Err(e) => format!("{stamp} {}: {summary} (in {took:.1} s); the run could not be recorded: {e}", job.name()),
                },
                Err(e) => format!("{stamp} {} failed: {e}", job.name()),
            };
            let _ = writeln!(log, "{line}");
            let every = job.every().max(SHORTEST_INTERVAL);
            let now = Instant::now();
            due[index] = if at + every > now {
                at + every
            } else {
                now + every
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use chrono::{TimeZone, Utc};
    use tikbill_core::secret_store::{self, SecretStoreKind};
    use tikbill_core::{db, Context, CoreError, FixedClock, Randomness};
    use tokio::sync::Notify;

    use super::*;

    /// Counts its runs, remembers when they started, and asks to stop after `stop_after`.
    struct Counting {
        every: Duration,
        runs: Mutex<Vec<Instant>>,
        stop_after: usize,
        stop: Arc<Notify>,
    }

    impl Job for Counting {
        fn name(&self) -> &'static str {
            "counting"
        }
        fn every(&self) -> Duration {
            self.every
        }
        fn run<'a>(&'a self, _: &'a Agent) -> JobFuture<'a> {
            Box::pin(async move {
                let mut runs = self.runs.lock().unwrap();
                runs.push(Instant::now());
                if runs.len() == self.stop_after {
                    self.stop.notify_one();
                }
                Ok(format!("run {}", runs.len()))
            })
        }
    }

    /// Always fails; counts its attempts.
    struct Failing(Arc<AtomicUsize>);

    impl Job for Failing {
        fn name(&self) -> &'static str {
            "failing"
        }
        fn every(&self) -> Duration {
            Duration::from_secs(3600)
        }
        fn run<'a>(&'a self, _: &'a Agent) -> JobFuture<'a> {
            Box::pin(async move {
                self.0.fetch_add(1, Ordering::SeqCst);
                Err(AgentError::Core(CoreError::NotFound(
                    "the thing is gone".into(),
                )))
            })
        }
    }

    #[tokio::test]
    async fn jobs_run_at_start_then_on_their_own_intervals_until_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap();
        let agent = Agent::new(
            Context::new(
                db::open(&db::sqlite_url(dir.path())).await.unwrap(),
                Arc::new(FixedClock::at(at)),
                secret_store::open(SecretStoreKind::File, dir.path()),
                Arc::new(Randomness::seeded(1)),
            )
            .acting_as(tikbill_core::Actor::agent()),
        )
        .unwrap();
        let stop = Arc::new(Notify::new());
        let every = Duration::from_millis(30);
        let counting = Arc::new(Counting {
            every,
            runs: Mutex::new(Vec::new()),
            stop_after: 3,
            stop: stop.clone(),
        });
        let failures = Arc::new(AtomicUsize::new(0));

        let scheduler = Scheduler::new()
            .with(Failing(failures.clone()))
            .with(counting.clone());
        let mut log = Vec::new();
        let began = Instant::now();
        let waiting = stop.clone();
        tokio::time::timeout(
            Duration::from_secs(10),
            scheduler.run_until(&agent, waiting.notified(), &mut log),
        )
        .await
        .expect("the scheduler stops when asked");

        let runs = counting.runs.lock().unwrap().clone();
        assert_eq!(
            runs.len(),
            3,
            "the fast job ran at start and twice more, then the loop stopped"
        );
        for (k, run) in runs.iter().enumerate() {
            let since_start = *run - began;
            assert!(
                since_start >= every * u32::try_from(k).unwrap(),
                "run {k} is due {k} intervals after the start, not sooner: it came after {since_start:?}"
            );
        }
        assert_eq!(
            failures.load(Ordering::SeqCst),
            1,
            "the hourly job ran once, at start, as a catch-up"
        );
        let log = String::from_utf8(log).unwrap();
        assert_eq!(log.lines().count(), 4, "one line per run:\n{log}");
        assert!(
            log.lines()
                .next()
                .unwrap()
                .starts_with("2026-11-24T08:00:00Z failing failed: the thing is gone"),
            "a failure is logged with the clock's time and the error, and the loop goes on:\n{log}"
        );
        assert!(
            log.contains("2026-11-24T08:00:00Z counting: run 3 (in "),
            "a success logs the job's summary:\n{log}"
        );
        assert_eq!(
            settings::last_job_run(&agent.ctx, "counting")
                .await
                .unwrap(),
            Some(at),
            "a successful run is recorded at the clock's time"
        );
        assert_eq!(
            settings::last_job_run(&agent.ctx, "failing").await.unwrap(),
            None,
            "a failed run is not recorded as a run"
        );
    }
}
