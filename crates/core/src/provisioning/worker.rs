//! Applying a router's queue: take the lease, read the due jobs in order, coalesce them by key,
//! read what each key should look like now, converge the router in one pipelined batch, and
//! only then mark the jobs done. A router that cannot be reached keeps its jobs (and is tried
//! again with backoff); a key the router refuses is retried with its own backoff and, after
//! [`MAX_ATTEMPTS`], marked failed with the router's words (and retried hourly, see
//! [`super::failed`]). A batch that partly fails keeps what the router confirmed. A job of a
//! kind this version does not know is parked, never spun on.
//!
//! The lease is renewed before each phase and every [`WorkerOptions::renew_every`] while one
//! runs; a worker whose renewal fails (it was paused past its lease and another took the
//! router) stops at once and writes nothing more, leaving its jobs pending.
//!
//! Killed at any point, nothing is lost: jobs are marked done only after the router confirmed,
//! and applying them again is harmless (see [`super::apply`]).

use chrono::Duration;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use tikbill_routeros::Client;

use super::apply::{Convergence, Outcome};
use super::batch;
use super::job_status::{
    due, forget_old, mark_done, mark_refused, park, settle_failed, unpark_known,
};
use super::lease::{self, HeldLease, LeaseLost};
use super::{failed, FAILED, PENDING};
use crate::entity::{router, router_job, router_job_queue};
use crate::secret_store::SecretStore;
use crate::{Clock, Context, CoreError, CoreResult};

pub use super::job_status::{refusal_delay, MAX_ATTEMPTS};

/// How a worker works.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Who works (`app:host`, `agent:host`): the lease's owner. Every taking of a lease gets
    /// its own token from it, so two tasks (or a restarted process) with one name never hold a
    /// router at once; a restarted worker waits for its predecessor's lease to expire.
    pub owner: String,
    /// Limit for connecting, logging in and each command.
    pub timeout: std::time::Duration,
    /// Jobs read per batch.
    pub batch: u64,
    /// How long a lease lasts unless renewed.
    pub lease: Duration,
    /// How often the lease is renewed while a phase runs (it is also renewed between phases).
    pub renew_every: std::time::Duration,
}

impl WorkerOptions {
    pub fn new(owner: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
            timeout: std::time::Duration::from_secs(10),
            batch: 5000,
            lease: Duration::seconds(30),
            renew_every: std::time::Duration::from_secs(10),
        }
    }

    /// A worker named `role:<this computer>` (`app`, `agent`): the name shown as the lease's
    /// owner.
    pub fn on_this_computer(role: &str) -> Self {
        Self::new(format!("{role}:{}", crate::actor::host_name()))
    }

    /// A one-off command's worker (`agent-cli`, a sync from the app): named for this computer
    /// and this process, so it never shares a name with a running worker.
    pub fn one_off(role: &str) -> Self {
        Self::new(format!(
            "{role}:{}:{}",
            crate::actor::host_name(),
            std::process::id()
        ))
    }
}

/// What a drain did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrainReport {
    pub router_id: i64,
    /// Jobs the router confirmed.
    pub applied: u64,
    /// Jobs the router refused this time (retried later, or failed).
    pub refused: u64,
    /// Jobs set aside because this version does not know their kind.
    pub parked: u64,
    pub outcome: DrainOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrainOutcome {
    /// Every due job was handled.
    Finished,
    /// Another worker holds the router's queue.
    Busy,
    /// The router was unreachable recently; the next try is not due yet.
    NotDue,
    /// The router could not be reached, or stopped answering part-way (what it confirmed is
    /// done); the rest waits.
    Unreachable(String),
    /// Another worker took the router's queue while this one worked (this one was paused past
    /// its lease): it stopped writing; its unfinished jobs wait for the other.
    LeaseLost,
}

/// Applies `router_id`'s due jobs.
pub async fn drain_router(
    ctx: &Context,
    router_id: i64,
    options: &WorkerOptions,
) -> CoreResult<DrainReport> {
    let (db, secrets, clock) = (ctx.db(), ctx.secrets(), ctx.clock());
    let mut report = DrainReport {
        router_id,
        applied: 0,
        refused: 0,
        parked: 0,
        outcome: DrainOutcome::Finished,
    };
    let now = clock.now();
    let Some((held, queue)) =
        lease::take(db, router_id, &options.owner, now, options.lease).await?
    else {
        report.outcome = DrainOutcome::Busy;
        return Ok(report);
    };
    if queue.retry_at.is_some_and(|at| at > now) {
        held.release(db).await?;
        report.outcome = DrainOutcome::NotDue;
        return Ok(report);
    }
    let worked = work(db, secrets, clock, &held, &queue, options, &mut report).await;
    held.release(db).await?;
    worked?;
    Ok(report)
}

async fn work(
    db: &DatabaseConnection,
    secrets: &dyn SecretStore,
    clock: &dyn Clock,
    held: &HeldLease,
    queue: &router_job_queue::Model,
    options: &WorkerOptions,
    report: &mut DrainReport,
) -> CoreResult<()> {
    let router_id = queue.router_id;
    unpark_known(db, Some(router_id)).await?;
    let mut client: Option<Client> = None;
    let stopped = loop {
        let now = clock.now();
        let jobs = due(db, router_id, now, options.batch).await?;
        if jobs.is_empty() {
            break None;
        }
        let batch = batch::read(db, router_id, &jobs).await?;
        if !batch.unknown.is_empty() {
            park(db, &batch.unknown).await?;
            report.parked += batch.unknown.len() as u64;
        }
        if batch.keys.is_empty() {
            continue;
        }
        let connected = match &client {
            Some(client) => client.clone(),
            None => match connect(db, secrets, router_id, options.timeout).await? {
                Ok(c) => {
                    client = Some(c.clone());
                    c
                }
                Err(why) => {
                    lease::unreachable(db, queue, &why, now).await?;
                    break Some(DrainOutcome::Unreachable(why));
                }
            },
        };
        let every = options.renew_every;
        let read = Convergence::read(&connected, &batch.targets, now);
        let mut convergence = match held.renewing(db, clock, every, read).await? {
            Err(LeaseLost) => break Some(DrainOutcome::LeaseLost),
            Ok(Err(e)) => {
                let why = e.to_string();
                lease::unreachable(db, queue, &why, now).await?;
                break Some(DrainOutcome::Unreachable(why));
            }
            Ok(Ok(convergence)) => convergence,
        };
        let mut lost = false;
        while convergence.has_phase() {
            let phase = convergence.run_next_phase(&connected);
            if held.renewing(db, clock, every, phase).await?.is_err() {
                lost = true;
                break;
            }
        }
        let done_at = clock.now();
        if lost {
            break Some(DrainOutcome::LeaseLost);
        }
        // Whatever the router confirmed is marked in one transaction that first renews the
        // lease: if another worker took the router meanwhile, nothing is marked (PostgreSQL
        // holds the queue row until the commit, so a taker waits for it).
        let txn = crate::db::begin_write(db).await?;
        if !held.renew(&txn, done_at).await? {
            txn.rollback().await?;
            break Some(DrainOutcome::LeaseLost);
        }
        let outcomes = convergence.into_outcomes();
        let mut unconfirmed = None;
        let mut tally = (0, 0);
        let (mut done, mut confirmed) = (Vec::new(), Vec::new());
        for ((key, target), outcome) in batch.keys.iter().zip(&batch.targets).zip(outcomes) {
            let (kind_name, ids) = key;
            match outcome {
                Outcome::Confirmed => {
                    done.extend_from_slice(ids);
                    confirmed.push((kind_name, ids.as_slice()));
                    tally.0 += ids.len() as u64;
                }
                Outcome::Refused(why) => {
                    if let Some(attempts) = mark_refused(&txn, &jobs, ids, &why, done_at).await? {
                        failed::notify(&txn, router_id, target, attempts, &why, done_at).await?;
                    }
                    tally.1 += ids.len() as u64;
                }
                Outcome::Unconfirmed(why) => {
                    unconfirmed.get_or_insert(why);
                }
            }
        }
        // The confirmed keys' jobs are done, in as few statements as their ids allow; an older
        // change of such a key that had failed for good is settled too.
        mark_done(&txn, &done, done_at).await?;
        settle_failed(&txn, router_id, &confirmed, done_at).await?;
        txn.commit().await?;
        report.applied += tally.0;
        report.refused += tally.1;
        if let Some(why) = unconfirmed {
            // Not a refusal: the router stopped answering. Its jobs wait (not counting as
            // attempts), and the router is tried again after its backoff.
            lease::unreachable(db, queue, &why, done_at).await?;
            break Some(DrainOutcome::Unreachable(why));
        }
        lease::reachable(db, router_id, done_at).await?;
    };
    if let Some(client) = client {
        client.close();
    }
    match stopped {
        Some(outcome) => report.outcome = outcome,
        None => forget_old(db, router_id, clock.now()).await?,
    }
    Ok(())
}

/// Logs in to the router, or says why not.
pub(crate) async fn connect(
    db: &impl ConnectionTrait,
    secrets: &dyn SecretStore,
    router_id: i64,
    timeout: std::time::Duration,
) -> CoreResult<Result<Client, String>> {
    let Some(row) = router::Entity::find_by_id(router_id).one(db).await? else {
        return Ok(Err(format!("router #{router_id} no longer exists")));
    };
    // The one path every connection takes: it pins the certificate on first use.
    match crate::router::connect(db, secrets, &row, timeout).await {
        Ok(client) => Ok(Ok(client)),
        Err(CoreError::Database(e)) => Err(CoreError::Database(e)),
        Err(e) => Ok(Err(e.to_string())),
    }
}

/// Drains every router that has due jobs, each on its own task (one router's outage never holds
/// up another). Reports come back by router id.
pub async fn drain_all(ctx: &Context, options: &WorkerOptions) -> CoreResult<Vec<DrainReport>> {
    ctx.actor().require_system()?;
    let (db, now) = (ctx.db(), ctx.now());
    unpark_known(db, None).await?;
    let routers: Vec<i64> = router_job::Entity::find()
        .select_only()
        .column(router_job::Column::RouterId)
        .filter(router_job::Column::Status.is_in([PENDING, FAILED]))
        .filter(router_job::Column::NextAttemptAt.lte(now))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut tasks = tokio::task::JoinSet::new();
    for router_id in routers {
        let (ctx, options) = (ctx.clone(), options.clone());
        tasks.spawn(async move { drain_router(&ctx, router_id, &options).await });
    }
    // Every router's drain runs to its end: one router's error is reported after the others
    // finished, never by cancelling them mid-batch.
    let (mut reports, mut first_error) = (Vec::new(), None);
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(report)) => reports.push(report),
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(CoreError::Conflict(format!(
                    "a router's worker stopped unexpectedly: {e}"
                )));
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    reports.sort_by_key(|r| r.router_id);
    Ok(reports)
}
