//! Applying a router's queue: take the lease, read the due jobs in order, coalesce them by key,
//! read what each key should look like now, converge the router in one pipelined batch, and
//! only then mark the jobs done. A router that cannot be reached keeps its jobs (and is tried
//! again with backoff); a key the router refuses is retried with its own backoff and, after
//! [`MAX_ATTEMPTS`], marked failed with the router's words.
//!
//! Killed at any point, nothing is lost: jobs are marked done only after the router confirmed,
//! and applying them again is harmless (see [`super::apply`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tikbill_routeros::Client;

use super::apply::{self, Target};
use super::target::Kind;
use super::{desired, lease, DONE, FAILED, PENDING};
use crate::entity::{router, router_job};
use crate::secret_store::SecretStore;
use crate::{Clock, CoreError, CoreResult};

/// Refusals after which a job is marked failed.
pub const MAX_ATTEMPTS: i32 = 6;
/// Done jobs are kept this long (to show recent work), then deleted.
const KEEP_DONE_DAYS: i64 = 7;

/// How a worker works.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Who works (`app:host`, `agent:host`): the lease's owner. A restarted worker with the
    /// same name takes its queues back at once.
    pub owner: String,
    /// Limit for connecting, logging in and each command.
    pub timeout: std::time::Duration,
    /// Jobs read per batch.
    pub batch: u64,
    /// How long a lease lasts unless renewed.
    pub lease: Duration,
}

impl WorkerOptions {
    pub fn new(owner: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
            timeout: std::time::Duration::from_secs(10),
            batch: 5000,
            lease: Duration::seconds(60),
        }
    }

    /// A worker named `role:<this computer>` (`app`, `agent`), so a restarted app or agent
    /// takes its own leases back at once, while another computer's wait for them to expire.
    pub fn on_this_computer(role: &str) -> Self {
        Self::new(format!("{role}:{}", host_name()))
    }
}

/// This computer's name, as the environment or `/etc/hostname` gives it.
fn host_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "this-computer".into())
}

/// What a drain did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrainReport {
    pub router_id: i64,
    /// Jobs the router confirmed.
    pub applied: u64,
    /// Jobs the router refused this time (retried later, or failed).
    pub refused: u64,
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
    /// The router could not be reached; its jobs wait.
    Unreachable(String),
}

/// Applies `router_id`'s due jobs.
pub async fn drain_router(
    db: &DatabaseConnection,
    secrets: &dyn SecretStore,
    clock: &dyn Clock,
    router_id: i64,
    options: &WorkerOptions,
) -> CoreResult<DrainReport> {
    let mut report = DrainReport {
        router_id,
        applied: 0,
        refused: 0,
        outcome: DrainOutcome::Finished,
    };
    let now = clock.now();
    let Some(queue) = lease::acquire(db, router_id, &options.owner, now, options.lease).await?
    else {
        report.outcome = DrainOutcome::Busy;
        return Ok(report);
    };
    if queue.retry_at.is_some_and(|at| at > now) {
        lease::release(db, router_id, &options.owner).await?;
        report.outcome = DrainOutcome::NotDue;
        return Ok(report);
    }
    let worked = work(db, secrets, clock, &queue, options, &mut report).await;
    lease::release(db, router_id, &options.owner).await?;
    worked?;
    Ok(report)
}

async fn work(
    db: &DatabaseConnection,
    secrets: &dyn SecretStore,
    clock: &dyn Clock,
    queue: &crate::entity::router_job_queue::Model,
    options: &WorkerOptions,
    report: &mut DrainReport,
) -> CoreResult<()> {
    let router_id = queue.router_id;
    let mut client: Option<Client> = None;
    loop {
        let now = clock.now();
        let jobs = due(db, router_id, now, options.batch).await?;
        if jobs.is_empty() {
            break;
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
                    report.outcome = DrainOutcome::Unreachable(why);
                    return Ok(());
                }
            },
        };
        let (keys, targets) = targets(db, router_id, &jobs).await?;
        let outcomes = match apply::converge(&connected, &targets, now).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                let why = e.to_string();
                lease::unreachable(db, queue, &why, now).await?;
                report.outcome = DrainOutcome::Unreachable(why);
                connected.close();
                return Ok(());
            }
        };
        let done_at = clock.now();
        for (key, outcome) in keys.iter().zip(outcomes) {
            let ids = &key.1;
            match outcome {
                Ok(()) => {
                    mark_done(db, ids, done_at).await?;
                    report.applied += ids.len() as u64;
                }
                Err(why) => {
                    mark_refused(db, &jobs, ids, &why, done_at).await?;
                    report.refused += ids.len() as u64;
                }
            }
        }
        lease::reachable(db, router_id, done_at).await?;
        lease::acquire(db, router_id, &options.owner, done_at, options.lease).await?;
    }
    if let Some(client) = client {
        client.close();
    }
    forget_old(db, router_id, clock.now()).await
}

/// Due pending jobs, oldest first.
async fn due(
    db: &impl ConnectionTrait,
    router_id: i64,
    now: DateTime<Utc>,
    limit: u64,
) -> CoreResult<Vec<router_job::Model>> {
    Ok(router_job::Entity::find()
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.eq(PENDING))
        .filter(router_job::Column::NextAttemptAt.lte(now))
        .order_by_asc(router_job::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
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

/// A key (kind and name, in order of its first job) and its job ids.
type KeyJobs = ((Kind, String), Vec<i64>);

/// The jobs coalesced by key, and each key's target as the database has it now (read after
/// the jobs, so it includes every change they were written for).
async fn targets(
    db: &impl ConnectionTrait,
    router_id: i64,
    jobs: &[router_job::Model],
) -> CoreResult<(Vec<KeyJobs>, Vec<Target>)> {
    let mut order: Vec<(Kind, String)> = Vec::new();
    let mut ids: BTreeMap<(Kind, String), Vec<i64>> = BTreeMap::new();
    for job in jobs {
        // A kind this version does not know is left pending for a newer one.
        let Some(kind) = Kind::parse(&job.kind) else {
            continue;
        };
        let key = (kind, job.name.clone());
        let slot = ids.entry(key.clone()).or_default();
        if slot.is_empty() {
            order.push(key);
        }
        slot.push(job.id);
    }
    let mut names: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for (kind, name) in &order {
        names.entry(*kind).or_default().insert(name.clone());
    }
    let mut accounts = std::collections::HashMap::new();
    let mut profiles = std::collections::HashMap::new();
    for (kind, names) in &names {
        if kind.is_account() {
            for (name, account) in desired::accounts(db, router_id, *kind, names).await? {
                accounts.insert((*kind, name), account);
            }
        } else {
            for (name, spec) in desired::profiles(db, names).await? {
                profiles.insert((*kind, name), spec);
            }
        }
    }
    let mut keyed = Vec::with_capacity(order.len());
    let mut targets = Vec::with_capacity(order.len());
    for key in order {
        let (kind, name) = key.clone();
        targets.push(if kind.is_account() {
            Target::Account {
                kind,
                want: accounts.remove(&key),
                name,
            }
        } else {
            Target::Profile {
                kind,
                want: profiles.remove(&key),
                name,
            }
        });
        let job_ids = ids.remove(&key).unwrap_or_default();
        keyed.push((key, job_ids));
    }
    Ok((keyed, targets))
}

async fn mark_done(db: &impl ConnectionTrait, ids: &[i64], at: DateTime<Utc>) -> CoreResult<()> {
    for chunk in ids.chunks(500) {
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Status, Expr::value(DONE))
            .col_expr(router_job::Column::DoneAt, Expr::value(at))
            .col_expr(
                router_job::Column::LastError,
                Expr::value(Option::<String>::None),
            )
            .filter(router_job::Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A refused key's jobs: one more attempt each, retried later or failed.
async fn mark_refused(
    db: &impl ConnectionTrait,
    jobs: &[router_job::Model],
    ids: &[i64],
    why: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    for job in jobs.iter().filter(|j| ids.contains(&j.id)) {
        let attempts = job.attempts.saturating_add(1);
        let status = if attempts >= MAX_ATTEMPTS {
            FAILED
        } else {
            PENDING
        };
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Attempts, Expr::value(attempts))
            .col_expr(router_job::Column::Status, Expr::value(status))
            .col_expr(router_job::Column::LastError, Expr::value(why))
            .col_expr(
                router_job::Column::NextAttemptAt,
                Expr::value(now + refusal_delay(attempts)),
            )
            .filter(router_job::Column::Id.eq(job.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// 5 s after the first refusal, doubling: 5, 10, 20, 40, 80 s.
pub fn refusal_delay(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(6);
    Duration::seconds(5 * 2_i64.pow(doublings))
}

async fn forget_old(
    db: &impl ConnectionTrait,
    router_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    router_job::Entity::delete_many()
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.eq(DONE))
        .filter(router_job::Column::DoneAt.lt(now - Duration::days(KEEP_DONE_DAYS)))
        .exec(db)
        .await?;
    Ok(())
}

/// Drains every router that has due jobs, each on its own task (one router's outage never holds
/// up another). Reports come back by router id.
pub async fn drain_all(
    db: &DatabaseConnection,
    secrets: Arc<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    options: &WorkerOptions,
) -> CoreResult<Vec<DrainReport>> {
    let now = clock.now();
    let routers: Vec<i64> = router_job::Entity::find()
        .select_only()
        .column(router_job::Column::RouterId)
        .filter(router_job::Column::Status.eq(PENDING))
        .filter(router_job::Column::NextAttemptAt.lte(now))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut tasks = tokio::task::JoinSet::new();
    for router_id in routers {
        let (db, secrets, clock, options) =
            (db.clone(), secrets.clone(), clock.clone(), options.clone());
        tasks.spawn(async move {
            drain_router(&db, secrets.as_ref(), clock.as_ref(), router_id, &options).await
        });
    }
    let mut reports = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(report) = joined {
            reports.push(report?);
        }
    }
    reports.sort_by_key(|r| r.router_id);
    Ok(reports)
}
