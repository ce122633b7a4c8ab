//! What is waiting: per router ("Router X offline: 14 changes waiting") and per customer.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tikbill_api::{CustomerId, RouterQueueView, RouterStatus};

use super::{FAILED, PARKED, PENDING};
use crate::entity::{router, router_job, router_job_queue};
use crate::{Context, CoreResult};
use tikbill_api::Permission;

/// Every router's queue, by router name (routers with nothing waiting too).
pub async fn queues(ctx: &Context) -> CoreResult<Vec<RouterQueueView>> {
    ctx.require(Permission::ViewRouters)?;
    let db = ctx.db();
    // Here only: its `min` would shadow the integers' elsewhere.
    use sea_orm::sea_query::ExprTrait as _;
    let counts: Vec<(i64, String, i64, Option<DateTime<Utc>>)> = router_job::Entity::find()
        .select_only()
        .column(router_job::Column::RouterId)
        .column(router_job::Column::Status)
        .column_as(Expr::col(router_job::Column::Id).count(), "n")
        .column_as(Expr::col(router_job::Column::NextAttemptAt).min(), "next")
        .filter(router_job::Column::Status.is_in([PENDING, FAILED, PARKED]))
        .group_by(router_job::Column::RouterId)
        .group_by(router_job::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let queues: HashMap<i64, router_job_queue::Model> = router_job_queue::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|q| (q.router_id, q))
        .collect();
    let routers = router::Entity::find()
        .order_by_asc(router::Column::Name)
        .all(db)
        .await?;
    let mut views = Vec::with_capacity(routers.len());
    for row in routers {
        let count = |status: &str| {
            counts
                .iter()
                .filter(|(id, s, _, _)| *id == row.id && s == status)
                .map(|(_, _, n, _)| u64::try_from(*n).unwrap_or(0))
                .sum::<u64>()
        };
        let waiting = count(PENDING);
        let failed = count(FAILED);
        let parked = count(PARKED);
        let queue = queues.get(&row.id);
        let unreachable = queue.is_some_and(|q| q.failures > 0);
        let next = counts
            .iter()
            .filter(|(id, s, _, _)| *id == row.id && s == PENDING)
            .filter_map(|(_, _, _, next)| *next)
            .min()
            .map(|next| match queue.and_then(|q| q.retry_at) {
                Some(retry) if retry > next => retry,
                _ => next,
            });
        let last_error = match queue.and_then(|q| q.last_error.clone()) {
            Some(e) => Some(e),
            None if failed > 0 || waiting > 0 || parked > 0 => last_refusal(db, row.id).await?,
            None => None,
        };
        views.push(RouterQueueView {
            router_id: row.id,
            router_name: row.name,
            status: if unreachable {
                RouterStatus::Offline
            } else {
                RouterStatus::parse(&row.status)
            },
            waiting,
            failed,
            parked,
            last_error,
            next_attempt_at: if waiting > 0 {
                next.map(|t| t.to_rfc3339())
            } else {
                None
            },
        });
    }
    Ok(views)
}

async fn last_refusal(db: &impl ConnectionTrait, router_id: i64) -> CoreResult<Option<String>> {
    Ok(router_job::Entity::find()
        .select_only()
        .column(router_job::Column::LastError)
        .filter(router_job::Column::RouterId.eq(router_id))
        .filter(router_job::Column::Status.is_in([PENDING, FAILED, PARKED]))
        .filter(router_job::Column::LastError.is_not_null())
        .order_by_desc(router_job::Column::Id)
        .into_tuple::<Option<String>>()
        .one(db)
        .await?
        .flatten())
}

/// A customer's changes not yet confirmed by their router.
pub async fn waiting_for(db: &impl ConnectionTrait, customer_id: CustomerId) -> CoreResult<u64> {
    let n = router_job::Entity::find()
        .filter(router_job::Column::CustomerId.eq(customer_id))
        .filter(router_job::Column::Status.eq(PENDING))
        .count(db)
        .await?;
    Ok(n)
}
