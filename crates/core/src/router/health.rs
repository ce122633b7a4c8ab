//! Checking routers: one on demand, or all of them concurrently, each with its own time limit,
//! the number in flight bounded. Results are stored (status, latency, resources) and logged.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use tikbill_api::{CertificateChange, RouterCheck, RouterStatus};
use tikbill_routeros::Error;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::probe::{probe, Probe, ProbeFailure, Step};
use super::{connect_options, log};
use crate::entity::router;
use crate::{Clock, Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// How a health run behaves.
#[derive(Debug, Clone, Copy)]
pub struct HealthOptions {
    /// The most routers checked at once.
    pub concurrency: usize,
    /// The limit for one router's whole check (connect, login, two commands).
    pub timeout: Duration,
}

impl Default for HealthOptions {
    fn default() -> Self {
        Self {
            concurrency: 256,
            timeout: Duration::from_secs(5),
        }
    }
}

/// Tests one router by id now ("Test connection") and stores what was found.
pub async fn check_router(
    ctx: &Context,
    id: tikbill_api::RouterId,
    timeout: Duration,
) -> CoreResult<RouterCheck> {
    ctx.require(Permission::ViewRouters)?;
    let row = super::find(ctx.db(), id).await?;
    let found = match connect_options(&row, ctx.secrets(), timeout) {
        Ok(options) => Ok(probe(&options, timeout).await),
        Err(e) => Err(e),
    };
    store(ctx.db(), ctx.clock(), row, found).await
}

/// Checks every router, at most `options.concurrency` at once. Returns results by router name.
pub async fn check_all(ctx: &Context, options: HealthOptions) -> CoreResult<Vec<RouterCheck>> {
    ctx.require(Permission::ViewRouters)?;
    let (db, clock, secrets) = (ctx.db(), ctx.clock(), ctx.shared_secrets());
    let rows = router::Entity::find().all(db).await?;
    let gate = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut probes = JoinSet::new();
    for row in rows {
        let gate = Arc::clone(&gate);
        let secrets = Arc::clone(&secrets);
        probes.spawn(async move {
            let _permit = gate.acquire_owned().await;
            let found = match connect_options(&row, secrets.as_ref(), options.timeout) {
                Ok(connect) => Ok(probe(&connect, options.timeout).await),
                Err(e) => Err(e),
            };
            (row, found)
        });
    }
    let mut checks = Vec::new();
    while let Some(joined) = probes.join_next().await {
        let (row, found) = joined.map_err(|e| {
            CoreError::Conflict(format!("a router check stopped unexpectedly: {e}"))
        })?;
        checks.push(store(db, clock, row, found).await?);
    }
    checks.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(checks)
}

/// Writes a probe's outcome to the router row and its log. `Err` means no probe could be made
/// (e.g. no password is stored for the router).
async fn store(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    row: router::Model,
    found: Result<Probe, CoreError>,
) -> CoreResult<RouterCheck> {
    let now = clock.now();
    let found = match found {
        Ok(probe) => probe,
        Err(e) => Probe {
            steps: vec![Step {
                command: "/login",
                duration: Duration::ZERO,
                outcome: "no_password",
                message: Some(e.to_string()),
            }],
            result: Err(ProbeFailure::Setup(e.to_string())),
            fingerprint: None,
        },
    };
    log::record(db, row.id, &found.steps, now).await?;
    let (id, name) = (row.id, row.name.clone());
    if let Some(seen) = found.fingerprint {
        // Trust on first use, as every connection does: from now on only this certificate.
        super::pin::pin_first_use(db, &row, seen).await?;
    }
    let mut update: router::ActiveModel = row.into();
    update.last_checked_at = Set(Some(now));
    update.updated_at = Set(now);
    let check = match found.result {
        Ok(report) => {
            update.status = Set(RouterStatus::Online.as_str().into());
            update.last_seen_at = Set(Some(now));
            update.latency_ms = Set(i32::try_from(report.latency_ms).ok());
            update.identity = Set(Some(report.identity.clone()));
            update.routeros_version = Set(Some(report.routeros_version.clone()));
            update.uptime_secs = Set(i64::try_from(report.uptime_secs).ok());
            update.cpu_load = Set(i32::try_from(report.cpu_load).ok());
            update.free_memory = Set(i64::try_from(report.free_memory).ok());
            update.total_memory = Set(i64::try_from(report.total_memory).ok());
            update.last_error = Set(None);
            RouterCheck {
                router_id: id,
                name,
                report: Some(report),
                error: None,
                certificate_change: None,
            }
        }
        Err(e) => {
            update.status = Set(RouterStatus::Offline.as_str().into());
            update.last_error = Set(Some(e.to_string()));
            let certificate_change = match &e {
                ProbeFailure::Router(Error::CertificateMismatch { expected, found }) => {
                    Some(CertificateChange {
                        router_id: id,
                        router_name: name.clone(),
                        pinned: expected.to_string(),
                        presented: found.to_string(),
                    })
                }
                _ => None,
            };
            RouterCheck {
                router_id: id,
                name,
                report: None,
                error: Some(e.to_string()),
                certificate_change,
            }
        }
    };
    update.update(db).await?;
    super::history::record(
        db,
        super::history::Checked {
            router_id: id,
            router_name: &check.name,
            at: now,
            online: check.report.is_some(),
            latency_ms: check
                .report
                .as_ref()
                .and_then(|r| i32::try_from(r.latency_ms).ok()),
            error: check.error.as_deref(),
        },
    )
    .await?;
    Ok(check)
}
