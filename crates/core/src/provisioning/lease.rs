//! One worker per router at a time, across processes: the app and the agent (or two offices on
//! one PostgreSQL database) take a router's queue by a lease in `router_job_queues`, renewed
//! while they work and left to expire if they die. The same row keeps the router's retry state
//! while it cannot be reached.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::router_job_queue;
use crate::CoreResult;

/// Takes (or renews) `router_id`'s queue for `owner` until `now + lease`. Returns the queue's
/// row if taken, `None` if someone else holds it.
pub async fn acquire(
    db: &impl ConnectionTrait,
    router_id: i64,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> CoreResult<Option<router_job_queue::Model>> {
    let fresh = router_job_queue::ActiveModel {
        router_id: Set(router_id),
        lease_owner: Set(None),
        lease_until: Set(None),
        failures: Set(0),
        retry_at: Set(None),
        last_error: Set(None),
        updated_at: Set(now),
    };
    router_job_queue::Entity::insert(fresh)
        .on_conflict(
            OnConflict::column(router_job_queue::Column::RouterId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let taken = router_job_queue::Entity::update_many()
        .col_expr(router_job_queue::Column::LeaseOwner, Expr::value(owner))
        .col_expr(
            router_job_queue::Column::LeaseUntil,
            Expr::value(now + lease),
        )
        .filter(router_job_queue::Column::RouterId.eq(router_id))
        .filter(
            Condition::any()
                .add(router_job_queue::Column::LeaseOwner.is_null())
                .add(router_job_queue::Column::LeaseOwner.eq(owner))
                .add(router_job_queue::Column::LeaseUntil.lt(now)),
        )
        .exec(db)
        .await?;
    if taken.rows_affected == 0 {
        return Ok(None);
    }
    Ok(router_job_queue::Entity::find_by_id(router_id)
        .one(db)
        .await?)
}

/// Gives the queue back.
pub async fn release(db: &impl ConnectionTrait, router_id: i64, owner: &str) -> CoreResult<()> {
    router_job_queue::Entity::update_many()
        .col_expr(
            router_job_queue::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            router_job_queue::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(router_job_queue::Column::RouterId.eq(router_id))
        .filter(router_job_queue::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// The router could not be reached: try again later, a little later each time.
pub async fn unreachable(
    db: &impl ConnectionTrait,
    queue: &router_job_queue::Model,
    why: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let failures = queue.failures.saturating_add(1);
    router_job_queue::Entity::update_many()
        .col_expr(router_job_queue::Column::Failures, Expr::value(failures))
        .col_expr(
            router_job_queue::Column::RetryAt,
            Expr::value(now + retry_delay(failures)),
        )
        .col_expr(router_job_queue::Column::LastError, Expr::value(why))
        .col_expr(router_job_queue::Column::UpdatedAt, Expr::value(now))
        .filter(router_job_queue::Column::RouterId.eq(queue.router_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The router answered: no more waiting.
pub async fn reachable(
    db: &impl ConnectionTrait,
    router_id: i64,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    router_job_queue::Entity::update_many()
        .col_expr(router_job_queue::Column::Failures, Expr::value(0))
        .col_expr(
            router_job_queue::Column::RetryAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            router_job_queue::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(router_job_queue::Column::UpdatedAt, Expr::value(now))
        .filter(router_job_queue::Column::RouterId.eq(router_id))
        .exec(db)
        .await?;
    Ok(())
}

/// 2 s after the first failure, doubling, at most a minute: an offline router is tried about
/// once a minute, and one that comes back is used within that minute.
pub fn retry_delay(failures: i32) -> Duration {
    let doublings = u32::try_from(failures.saturating_sub(1))
        .unwrap_or(0)
        .min(5);
    Duration::seconds(2 * 2_i64.pow(doublings)).min(Duration::seconds(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_a_minute() {
        let secs: Vec<i64> = (1..=8).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
