//! One worker per router at a time, across processes and tasks: the app (its worker and its
//! Sync), the agent, or two offices on one PostgreSQL database take a router's queue by a lease
//! in `router_job_queues`, renewed while they work and left to expire if they die. The same row
//! keeps the router's retry state while it cannot be reached.
//!
//! Each taking gets its own token (the owner's name, the process id and a counter), so the same
//! owner in two tasks, or a restarted process, never holds one lease twice: a renewal or a
//! release names the token, and a worker whose renewal fails has lost the router to someone
//! else and must stop writing. A lease is taken over only once it has expired, judged by the
//! database's own clock on PostgreSQL (every office's computer sees the same time) and by the
//! worker's clock on SQLite (every writer is on one computer). A restarted worker waits for its
//! dead predecessor's lease to expire: a process cannot tell, on every system the app runs on,
//! that the process named in a token is really gone.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set};

use crate::entity::router_job_queue;
use crate::{Clock, CoreResult};

/// `router_job_queues.lease_owner`'s width.
const TOKEN_CHARS: usize = 128;

/// Takings by this process so far: every token is new.
static TAKINGS: AtomicU64 = AtomicU64::new(0);

/// A router's queue, held by one taking until it is released, lost or expires.
#[derive(Debug)]
pub struct HeldLease {
    router_id: i64,
    token: String,
    length: Duration,
}

/// The lease was taken by someone else (this worker was paused, or its renewals failed, past
/// the lease's end): stop writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseLost;

/// A token no other taking, in this process or any other, has: `owner#pid.n`.
pub fn new_token(owner: &str) -> String {
    let n = TAKINGS.fetch_add(1, Ordering::Relaxed);
    let suffix = format!("#{}.{n}", std::process::id());
    let room = TOKEN_CHARS.saturating_sub(suffix.chars().count());
    let mut token: String = owner.chars().take(room).collect();
    token.push_str(&suffix);
    token
}

/// Takes `router_id`'s queue for a new taking by `owner` until `now + length`, unless someone
/// (this owner in another task included) holds a lease that has not expired. Returns the lease
/// and the queue's row.
pub async fn take(
    db: &impl ConnectionTrait,
    router_id: i64,
    owner: &str,
    now: DateTime<Utc>,
    length: Duration,
) -> CoreResult<Option<(HeldLease, router_job_queue::Model)>> {
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
    let token = new_token(owner);
    let taken = router_job_queue::Entity::update_many()
        .col_expr(
            router_job_queue::Column::LeaseOwner,
            Expr::value(token.clone()),
        )
        .col_expr(
            router_job_queue::Column::LeaseUntil,
            lease_end(db.get_database_backend(), now, length),
        )
        .filter(router_job_queue::Column::RouterId.eq(router_id))
        .filter(
            Condition::any()
                .add(router_job_queue::Column::LeaseOwner.is_null())
                .add(router_job_queue::Column::LeaseUntil.is_null())
                .add(expired(db.get_database_backend(), now)),
        )
        .exec(db)
        .await?;
    if taken.rows_affected == 0 {
        return Ok(None);
    }
    let Some(queue) = router_job_queue::Entity::find_by_id(router_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let held = HeldLease {
        router_id,
        token,
        length,
    };
    Ok(Some((held, queue)))
}

/// The end of a lease taken or renewed now: the database's clock on PostgreSQL, `now` elsewhere.
fn lease_end(backend: DbBackend, now: DateTime<Utc>, length: Duration) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust(format!(
            "clock_timestamp() + interval '{} milliseconds'",
            length.num_milliseconds()
        )),
        _ => Expr::value(now.checked_add_signed(length).unwrap_or(now)),
    }
}

/// Whether a lease has ended, by the same clock as [`lease_end`].
fn expired(backend: DbBackend, now: DateTime<Utc>) -> Condition {
    match backend {
        DbBackend::Postgres => {
            Condition::all().add(Expr::cust("\"lease_until\" < clock_timestamp()"))
        }
        _ => Condition::all().add(router_job_queue::Column::LeaseUntil.lt(now)),
    }
}

impl HeldLease {
    pub fn router_id(&self) -> i64 {
        self.router_id
    }

    /// This taking's token, as `router_job_queues.lease_owner` holds it while it is held.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Extends the lease by its length from now, if this taking still holds it; `false` when
    /// someone else has taken it (then stop writing).
    pub async fn renew(&self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> CoreResult<bool> {
        let renewed = router_job_queue::Entity::update_many()
            .col_expr(
                router_job_queue::Column::LeaseUntil,
                lease_end(db.get_database_backend(), now, self.length),
            )
            .filter(router_job_queue::Column::RouterId.eq(self.router_id))
            .filter(router_job_queue::Column::LeaseOwner.eq(self.token.as_str()))
            .exec(db)
            .await?;
        Ok(renewed.rows_affected > 0)
    }

    /// Renews the lease now, and every `every` while `work` runs. Returns `work`'s output, or
    /// [`LeaseLost`] as soon as a renewal fails (`work` is dropped then: it sends nothing more).
    pub async fn renewing<F: Future>(
        &self,
        db: &impl ConnectionTrait,
        clock: &dyn Clock,
        every: std::time::Duration,
        work: F,
    ) -> CoreResult<Result<F::Output, LeaseLost>> {
        if !self.renew(db, clock.now()).await? {
            return Ok(Err(LeaseLost));
        }
        let every = every.max(std::time::Duration::from_millis(10));
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tokio::pin!(work);
        loop {
            tokio::select! {
                done = &mut work => return Ok(Ok(done)),
                _ = ticks.tick() => {
                    if !self.renew(db, clock.now()).await? {
                        return Ok(Err(LeaseLost));
                    }
                }
            }
        }
    }

    /// Gives the queue back, if this taking still holds it.
    pub async fn release(&self, db: &impl ConnectionTrait) -> CoreResult<()> {
        router_job_queue::Entity::update_many()
            .col_expr(
                router_job_queue::Column::LeaseOwner,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                router_job_queue::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(router_job_queue::Column::RouterId.eq(self.router_id))
            .filter(router_job_queue::Column::LeaseOwner.eq(self.token.as_str()))
            .exec(db)
            .await?;
        Ok(())
    }
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
    fn every_taking_has_its_own_token_that_fits_the_column() {
        let a = new_token("app:office-pc");
        let b = new_token("app:office-pc");
        assert_ne!(a, b, "two takings by one owner in one process differ");
        let prefix = format!("app:office-pc#{}.", std::process::id());
        assert!(a.starts_with(&prefix) && b.starts_with(&prefix), "{a} {b}");
        let long = new_token(&"h".repeat(300));
        assert_eq!(
            long.chars().count(),
            TOKEN_CHARS,
            "a long host name is cut to fit"
        );
        assert!(long.contains(&format!("#{}.", std::process::id())));
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        let secs: Vec<i64> = (1..=8).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
