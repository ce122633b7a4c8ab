//! What becomes of a job after an attempt: done once the router confirmed it; one attempt more
//! when the router refused it (retried after 5 s, doubling, and after [`MAX_ATTEMPTS`] failed
//! for good, then retried hourly); parked when this version does not know its kind; forgotten a
//! week after it was done.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::target::Kind;
use super::{DONE, FAILED, PARKED, PENDING};
use crate::entity::router_job;
use crate::CoreResult;

/// Refusals after which a job is marked failed.
pub const MAX_ATTEMPTS: i32 = 6;
/// A failed job is tried again this long after its last attempt, for as long as it fails.
pub const FAILED_RETRY_EVERY: Duration = Duration::hours(1);
/// Done jobs are kept this long (to show recent work), then deleted.
const KEEP_DONE_DAYS: i64 = 7;
/// Ids per `IN (…)`.
const IDS_PER_UPDATE: usize = 500;

/// Due jobs (pending, and failed ones whose hourly retry came), oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    router_id: i64,
    now: DateTime<Utc>,
    limit: u64,
) -> CoreResult<Vec<router_job::Model>> {
    Ok(router_job::Entity::find()
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.is_in([PENDING, FAILED]))
        .filter(router_job::Column::NextAttemptAt.lte(now))
        .order_by_asc(router_job::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn mark_done(
    db: &impl ConnectionTrait,
    ids: &[i64],
    at: DateTime<Utc>,
) -> CoreResult<()> {
    for chunk in ids.chunks(IDS_PER_UPDATE) {
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

/// Keys the router just confirmed (each with its jobs' ids, already marked done): their older
/// jobs that had failed for good are settled by them (done), so they are no longer listed nor
/// retried. One read of the router's failed jobs (usually none) instead of an update per key:
/// a batch of 10,000 cards would otherwise be 10,000 statements.
pub async fn settle_failed(
    db: &impl ConnectionTrait,
    router_id: i64,
    confirmed: &[(&(Kind, String), &[i64])],
    at: DateTime<Utc>,
) -> CoreResult<()> {
    let failed: Vec<(i64, String, String)> = router_job::Entity::find()
        .select_only()
        .columns([
            router_job::Column::Id,
            router_job::Column::Kind,
            router_job::Column::Name,
        ])
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.eq(FAILED))
        .into_tuple()
        .all(db)
        .await?;
    if failed.is_empty() {
        return Ok(());
    }
    let newest: HashMap<(&str, &str), i64> = confirmed
        .iter()
        .filter_map(|((kind, name), ids)| {
            Some(((kind.as_str(), name.as_str()), *ids.iter().max()?))
        })
        .collect();
    let settled: Vec<i64> = failed
        .iter()
        .filter(|(id, kind, name)| {
            newest
                .get(&(kind.as_str(), name.as_str()))
                .is_some_and(|newest| id < newest)
        })
        .map(|(id, _, _)| *id)
        .collect();
    for chunk in settled.chunks(IDS_PER_UPDATE) {
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Status, Expr::value(DONE))
            .col_expr(router_job::Column::DoneAt, Expr::value(at))
            .filter(router_job::Column::Id.is_in(chunk.iter().copied()))
            .filter(router_job::Column::Status.eq(FAILED))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A refused key's jobs: one more attempt each, retried later or failed. Returns the most
/// attempts among the jobs that failed for good just now (`None`: none did), so the office is
/// told once per failure.
pub async fn mark_refused(
    db: &impl ConnectionTrait,
    jobs: &[router_job::Model],
    ids: &[i64],
    why: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<i32>> {
    let mut newly_failed = None;
    for job in jobs.iter().filter(|j| ids.contains(&j.id)) {
        let attempts = job.attempts.saturating_add(1);
        let fails = attempts >= MAX_ATTEMPTS;
        let (status, next) = if fails {
            (FAILED, FAILED_RETRY_EVERY)
        } else {
            (PENDING, refusal_delay(attempts))
        };
        let failed_at = match job.failed_at {
            Some(at) if job.status == FAILED => Some(at),
            _ if fails => {
                newly_failed = newly_failed.max(Some(attempts));
                Some(now)
            }
            _ => None,
        };
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Attempts, Expr::value(attempts))
            .col_expr(router_job::Column::Status, Expr::value(status))
            .col_expr(router_job::Column::LastError, Expr::value(why))
            .col_expr(router_job::Column::FailedAt, Expr::value(failed_at))
            .col_expr(
                router_job::Column::NextAttemptAt,
                Expr::value(now.checked_add_signed(next).unwrap_or(now)),
            )
            .filter(router_job::Column::Id.eq(job.id))
            .exec(db)
            .await?;
    }
    Ok(newly_failed)
}

/// 5 s after the first refusal, doubling: 5, 10, 20, 40, 80 s.
pub fn refusal_delay(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(6);
    Duration::seconds(5 * 2_i64.pow(doublings))
}

/// Why a job of `kind` waits.
pub fn parked_reason(kind: &str) -> String {
    format!("written by a newer tikbill: kind '{kind}' is unknown to this version")
}

/// Sets jobs of kinds this version does not know aside, until a version that knows them runs.
pub async fn park(db: &impl ConnectionTrait, unknown: &[(i64, String)]) -> CoreResult<()> {
    for (id, kind) in unknown {
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Status, Expr::value(PARKED))
            .col_expr(
                router_job::Column::LastError,
                Expr::value(parked_reason(kind)),
            )
            .filter(router_job::Column::Id.eq(*id))
            .filter(router_job::Column::Status.is_in([PENDING, FAILED]))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Parked jobs whose kind this version knows (an older version parked them) go back to
/// pending, on `router_id` or on every router. Returns how many.
pub async fn unpark_known(db: &impl ConnectionTrait, router_id: Option<i64>) -> CoreResult<u64> {
    let mut update = router_job::Entity::update_many()
        .col_expr(router_job::Column::Status, Expr::value(PENDING))
        .col_expr(
            router_job::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(router_job::Column::Status.eq(PARKED))
        .filter(router_job::Column::Kind.is_in(Kind::ALL.map(Kind::as_str)));
    if let Some(router_id) = router_id {
        update = update.filter(router_job::Column::RouterId.eq(router_id));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Done jobs older than a week are deleted.
pub async fn forget_old(
    db: &impl ConnectionTrait,
    router_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let Some(before) = now.checked_sub_signed(Duration::days(KEEP_DONE_DAYS)) else {
        return Ok(());
    };
    router_job::Entity::delete_many()
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.eq(DONE))
        .filter(router_job::Column::DoneAt.lt(before))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_back_off_then_fail_to_hourly_retries() {
        let secs: Vec<i64> = (1..MAX_ATTEMPTS)
            .map(|n| refusal_delay(n).num_seconds())
            .collect();
        assert_eq!(secs, [5, 10, 20, 40, 80]);
        assert_eq!(FAILED_RETRY_EVERY.num_minutes(), 60);
    }
}
