//! Sync: compare a router with the database, and (unless it is a dry run) make the router
//! match.
//!
//! The comparison reads the whole router once (`snapshot.rs`): hotspot users, PPP secrets, both
//! kinds of profile, tikbill's expiry entries (scheduler entries named
//! `tikbill-expire-…`) and the router's clock. It sets them against what the database says
//! ([`crate::provisioning::desired::all_accounts`]): every customer's account, the profiles
//! those customers use, and an expiry entry for each account that may log in now and has an
//! expiry (`compare.rs` has the rules and their wording). Passwords are not compared: RouterOS
//! does not show them reliably.
//!
//! What applying does with each difference:
//!
//! - an account or profile missing on the router, or different there: `add` / `update`;
//! - a router account marked `tikbill:<id>` that no customer has (any more): `remove`;
//! - a router account tikbill never made (no `tikbill:` comment): `none`; import it instead;
//! - an expiry entry that should not be there: `remove`; one whose time is off: `update`.
//!
//! Applying goes through the job queue like every other change: one job per key to fix,
//! written in one transaction, then the router's queue is drained at once
//! ([`crate::provisioning::drain_router`]). So a sync and a change made at the same moment
//! cannot undo each other: each job converges the router to the database as it is when the job
//! runs. The jobs' transaction records the sync in the audit log (`router.sync`, with how many
//! differences were found and how many fixes queued). A dry run writes nothing, to the router
//! or the database.

mod compare;
pub(crate) mod snapshot;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use tikbill_api::{CustomerId, RouterId, SyncFailureView, SyncReport, SyncRun};

pub use compare::{
    kind_name, ADD, DIFFERS, EXPIRY_ENTRY, MISSING_ON_ROUTER, NONE, ONLY_ON_ROUTER, REMOVE, UPDATE,
};

use crate::audit::AuditEntry;
use crate::entity::{customer, router, router_job};
use crate::provisioning::target::{customer_in_comment, Kind};
use crate::provisioning::{
    desired, drain_router, enqueue, lease, DrainOutcome, WorkerOptions, DONE,
};
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// Compares router `router_id` with the database and, unless `dry_run`, fixes what differs
/// (see the [module documentation](self)). [`SyncReport::applied`] counts the differences
/// whose fix the router confirmed (several can share one job: an account and its expiry
/// entry). A router that cannot be reached is an error ([`CoreError::Router`]); nothing was
/// changed then.
pub async fn sync_router(
    ctx: &Context,
    router_id: RouterId,
    dry_run: bool,
    options: &WorkerOptions,
) -> CoreResult<SyncReport> {
    ctx.require(Permission::SyncRouters)?;
    let db = ctx.db();
    let row = crate::router::find(db, router_id).await?;
    let now = ctx.now();
    let snapshot = snapshot::take(db, &row, ctx.secrets(), options.timeout, false, now).await?;
    let want = desired::all_accounts(db, router_id).await?;
    let named = snapshot
        .accounts
        .values()
        .filter_map(|r| r.get("comment").and_then(customer_in_comment))
        .collect();
    let customers = existing(db, named).await?;
    let found = compare::compare(&want, &snapshot, &customers, now);
    let mut fixes: BTreeMap<(Kind, String), Option<CustomerId>> = BTreeMap::new();
    for fix in found.iter().filter_map(|f| f.fix.as_ref()) {
        let slot = fixes.entry((fix.kind, fix.name.clone())).or_default();
        *slot = slot.or(fix.customer_id);
    }
    let confirmed = if dry_run || fixes.is_empty() {
        BTreeSet::new()
    } else {
        let counts = json!({
            "router_name": row.name,
            "differences": found.len(),
            "fixes_queued": fixes.len(),
        });
        apply(ctx, router_id, &fixes, counts, options).await?
    };
    let fixed = found
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| confirmed.contains(&(fix.kind, fix.name.clone())))
        .count();
    Ok(SyncReport {
        router_id,
        router_name: row.name,
        dry_run,
        differences: found.into_iter().map(|f| f.difference).collect(),
        applied: u64::try_from(fixed).unwrap_or(u64::MAX),
    })
}

/// Syncs router `router_id`, or every router with `None` (see [`sync_router`] and
/// [`sync_all`]), and says what fell short: the one rule the app and the command line share.
/// One router that cannot be reached is an error, as it is for [`sync_router`]; with every
/// router, those that could not be synced are listed in the run beside the others' reports.
/// [`SyncRun::problem`] is set when a router failed or, unless a dry run, a difference that
/// has a fix was not fixed.
pub async fn run(
    ctx: &Context,
    router_id: Option<RouterId>,
    dry_run: bool,
    options: &WorkerOptions,
) -> CoreResult<SyncRun> {
    ctx.require(Permission::SyncRouters)?;
    let all = match router_id {
        Some(id) => SyncAll {
            reports: vec![sync_router(ctx, id, dry_run, options).await?],
            failures: Vec::new(),
        },
        None => sync_all(ctx, dry_run, options).await?,
    };
    Ok(all.into_run())
}

/// Every router's sync: a report for each router that answered, and each one that did not
/// with why.
#[derive(Debug)]
pub struct SyncAll {
    /// By router name.
    pub reports: Vec<SyncReport>,
    /// By router name.
    pub failures: Vec<SyncFailure>,
}

/// A router that could not be compared (or fixed).
#[derive(Debug)]
pub struct SyncFailure {
    pub router_id: RouterId,
    pub router_name: String,
    pub error: CoreError,
}

impl fmt::Display for SyncFailure {
    /// `Tower 2: Cannot reach the router at …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.router_name, self.error)
    }
}

impl SyncAll {
    /// The run as the app and the command line show it, with what fell short.
    pub fn into_run(self) -> SyncRun {
        let mut problems: Vec<String> = self.failure_text().into_iter().collect();
        problems.extend(self.reports.iter().filter_map(unfixed));
        SyncRun {
            reports: self.reports,
            failures: self
                .failures
                .into_iter()
                .map(|f| SyncFailureView {
                    router_id: f.router_id,
                    router_name: f.router_name,
                    message: f.error.to_string(),
                })
                .collect(),
            problem: (!problems.is_empty()).then(|| problems.join(" ")),
        }
    }

    /// One line naming every router that failed and why; `None` when all answered.
    pub fn failure_text(&self) -> Option<String> {
        if self.failures.is_empty() {
            return None;
        }
        let each: Vec<String> = self.failures.iter().map(ToString::to_string).collect();
        let routers = self.reports.len() + self.failures.len();
        Some(format!(
            "{} of {routers} routers could not be synced: {}",
            self.failures.len(),
            each.join("; ")
        ))
    }
}

/// [`sync_router`] for every router, each on its own task: one router's outage never holds up
/// or fails another. Only a failure to list the routers is an error.
pub async fn sync_all(
    ctx: &Context,
    dry_run: bool,
    options: &WorkerOptions,
) -> CoreResult<SyncAll> {
    ctx.require(Permission::SyncRouters)?;
    let db = ctx.db();
    let routers: Vec<(RouterId, String)> = router::Entity::find()
        .select_only()
        .columns([router::Column::Id, router::Column::Name])
        .order_by_asc(router::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let mut tasks = tokio::task::JoinSet::new();
    for (router_id, _) in &routers {
        let (ctx, options, router_id) = (ctx.clone(), options.clone(), *router_id);
        tasks.spawn(async move {
            let result = sync_router(&ctx, router_id, dry_run, &options).await;
            (router_id, result)
        });
    }
    let mut results = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((router_id, result)) = joined {
            results.insert(router_id, result);
        }
    }
    let mut all = SyncAll {
        reports: Vec::new(),
        failures: Vec::new(),
    };
    for (router_id, router_name) in routers {
        let error = match results.remove(&router_id) {
            Some(Ok(report)) => {
                all.reports.push(report);
                continue;
            }
            Some(Err(error)) => error,
            None => CoreError::Conflict("the sync of this router stopped unexpectedly".into()),
        };
        all.failures.push(SyncFailure {
            router_id,
            router_name,
            error,
        });
    }
    Ok(all)
}

/// How often a sync asks again for a router another worker holds.
const BUSY_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// `Tower 1: 1 of 3 differences could not be fixed.` for a report (not a dry run) whose
/// fixable differences were not all fixed.
fn unfixed(report: &SyncReport) -> Option<String> {
    if report.dry_run {
        return None;
    }
    let fixable = report
        .differences
        .iter()
        .filter(|d| d.action != NONE)
        .count();
    let fixable = u64::try_from(fixable).unwrap_or(u64::MAX);
    let left = fixable.saturating_sub(report.applied);
    (left > 0).then(|| {
        format!(
            "{}: {left} of {fixable} differences could not be fixed.",
            report.router_name
        )
    })
}

/// Which of `ids` are customers.
async fn existing(
    db: &DatabaseConnection,
    ids: BTreeSet<CustomerId>,
) -> CoreResult<BTreeSet<CustomerId>> {
    let ids: Vec<CustomerId> = ids.into_iter().collect();
    let mut found = BTreeSet::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<CustomerId> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Writes a job per key in one transaction, with the sync's `router.sync` audit entry (after:
/// `counts`, what was found and queued; what the router then confirmed is the report's), drains
/// the router's queue, and returns the keys the router confirmed.
async fn apply(
    ctx: &Context,
    router_id: RouterId,
    fixes: &BTreeMap<(Kind, String), Option<CustomerId>>,
    counts: serde_json::Value,
    options: &WorkerOptions,
) -> CoreResult<BTreeSet<(Kind, String)>> {
    // Here only: its `max` would shadow the integers' elsewhere.
    use sea_orm::sea_query::ExprTrait as _;
    let db = ctx.db();
    let now = ctx.now();
    let txn = crate::db::begin_write(db).await?;
    let before: Option<i64> = router_job::Entity::find()
        .select_only()
        .column_as(Expr::col(router_job::Column::Id).max(), "last")
        .into_tuple()
        .one(&txn)
        .await?
        .flatten();
    for ((kind, name), customer_id) in fixes {
        enqueue::key(&txn, router_id, *kind, name, *customer_id, now).await?;
    }
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "router.sync", "router", Some(router_id)).after(&counts),
    )
    .await?;
    txn.commit().await?;
    // The router was just read: whatever backoff an earlier outage set no longer applies.
    lease::reachable(db, router_id, now).await?;
    // Another worker (the app's, the agent's) may hold the router: it applies these jobs too,
    // since they are due. Wait for it (a lease at most, twice) rather than count them unfixed.
    let patience = options.lease.to_std().unwrap_or_default() * 2;
    let started = std::time::Instant::now();
    loop {
        let report = drain_router(ctx, router_id, options).await?;
        if report.outcome != DrainOutcome::Busy || started.elapsed() >= patience {
            break;
        }
        tokio::time::sleep(BUSY_POLL).await;
    }
    let done: Vec<(String, String)> = router_job::Entity::find()
        .select_only()
        .columns([router_job::Column::Kind, router_job::Column::Name])
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Id.gt(before.unwrap_or(0)))
        .filter(router_job::Column::Status.eq(DONE))
        .into_tuple()
        .all(db)
        .await?;
    Ok(done
        .into_iter()
        .filter_map(|(kind, name)| Some((Kind::parse(&kind)?, name)))
        .filter(|key| fixes.contains_key(key))
        .collect())
}

#[cfg(test)]
mod tests {
    use tikbill_api::SyncDifference;

    use super::*;

    fn report(name: &str, dry_run: bool, actions: &[&str], applied: u64) -> SyncReport {
        SyncReport {
            router_id: 1,
            router_name: name.into(),
            dry_run,
            differences: actions
                .iter()
                .map(|action| SyncDifference {
                    kind: "user".into(),
                    name: "ayu".into(),
                    problem: MISSING_ON_ROUTER.into(),
                    detail: String::new(),
                    action: (*action).into(),
                })
                .collect(),
            applied,
        }
    }

    fn problem(reports: Vec<SyncReport>, failures: Vec<SyncFailure>) -> Option<String> {
        SyncAll { reports, failures }.into_run().problem
    }

    #[test]
    fn a_sync_falls_short_when_a_fix_was_not_made_or_a_router_failed() {
        let check = |reports: Vec<SyncReport>, failures, expect: Option<&str>, why: &str| {
            assert_eq!(problem(reports, failures).as_deref(), expect, "{why}");
        };
        check(
            vec![report("Tower 1", false, &[ADD, UPDATE], 2)],
            Vec::new(),
            None,
            "every fixable difference was fixed",
        );
        check(
            vec![report("Tower 1", false, &[ADD, UPDATE], 0)],
            Vec::new(),
            Some("Tower 1: 2 of 2 differences could not be fixed."),
            "2 differences, 0 of 2 fixed is a failure a script can see",
        );
        check(
            vec![report("Tower 1", false, &[ADD, NONE], 1)],
            Vec::new(),
            None,
            "a difference with no fix (a router user tikbill did not make) is not a failure",
        );
        check(
            vec![report("Tower 1", true, &[ADD, UPDATE], 0)],
            Vec::new(),
            None,
            "a dry run fixes nothing by design",
        );
        check(
            vec![report("Tower 1", false, &[], 0)],
            vec![SyncFailure {
                router_id: 2,
                router_name: "Tower 2".into(),
                error: CoreError::Conflict("Cannot reach the router".into()),
            }],
            Some("1 of 2 routers could not be synced: Tower 2: Cannot reach the router"),
            "a router that could not be synced",
        );
    }
}
