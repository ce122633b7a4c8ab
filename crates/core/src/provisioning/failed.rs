//! Changes a router refused for good ([`super::job_status::MAX_ATTEMPTS`] times): the office is
//! told once (a notification with the router's words), they are listed per router and per
//! customer, tried again every hour, and at once on request ([`retry_failed`]), so a refused
//! disable does not leave a customer online until someone happens to sync.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use tikbill_api::{FailedRouterJob, JobScope, RouterId};

use super::apply::{enabled_now, Target};
use super::target::Kind;
use super::FAILED;
use crate::audit::AuditEntry;
use crate::entity::{notification, router, router_job};
use crate::{Context, CoreResult};
use tikbill_api::Permission;

/// `notifications.kind` of a change a router refused for good.
pub const NOTIFICATION_KIND: &str = "router.job_failed";
/// `notifications.title`'s width.
const TITLE_CHARS: usize = 255;

/// Tries the failed changes in `scope` again at the next drain, without waiting for their
/// hourly retry. Returns how many. When there were some, it is recorded as
/// `router.retry_failed` on the router (or the customer) of the scope, with the count.
pub async fn retry_failed(ctx: &Context, scope: JobScope) -> CoreResult<u64> {
    ctx.require(Permission::SyncRouters)?;
    let now = ctx.now();
    let txn = crate::db::begin_write(ctx.db()).await?;
    let update = router_job::Entity::update_many()
        .col_expr(router_job::Column::NextAttemptAt, Expr::value(now))
        .filter(router_job::Column::Status.eq(FAILED));
    let (update, entity, id) = match scope {
        JobScope::Router(id) => (
            update.filter(router_job::Column::RouterId.eq(id)),
            "router",
            id,
        ),
        JobScope::Customer(id) => (
            update.filter(router_job::Column::CustomerId.eq(id)),
            "customer",
            id,
        ),
    };
    let retried = update.exec(&txn).await?.rows_affected;
    if retried == 0 {
        return Ok(0);
    }
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "router.retry_failed", entity, Some(id))
            .after(&serde_json::json!({ "retried": retried })),
    )
    .await?;
    txn.commit().await?;
    Ok(retried)
}

/// The failed changes in `scope`, oldest first, with the router's words. A customer's are
/// part of the customer's page (who may see customers sees them); a router's, of the router's.
pub async fn failed_jobs(ctx: &Context, scope: JobScope) -> CoreResult<Vec<FailedRouterJob>> {
    ctx.require(match scope {
        JobScope::Router(_) => Permission::ViewRouters,
        JobScope::Customer(_) => Permission::ViewCustomers,
    })?;
    let db = ctx.db();
    let query = router_job::Entity::find()
        .filter(router_job::Column::Status.eq(FAILED))
        .order_by_asc(router_job::Column::Id);
    let query = match scope {
        JobScope::Router(id) => query.filter(router_job::Column::RouterId.eq(id)),
        JobScope::Customer(id) => query.filter(router_job::Column::CustomerId.eq(id)),
    };
    let rows = query.all(db).await?;
    let names: HashMap<i64, String> = router::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| FailedRouterJob {
            id: row.id,
            router_id: row.router_id,
            router_name: names
                .get(&row.router_id)
                .cloned()
                .unwrap_or_else(|| format!("router #{}", row.router_id)),
            customer_id: row.customer_id,
            kind: Kind::parse(&row.kind).map_or(row.kind.clone(), |k| k.noun().to_string()),
            name: row.name,
            attempts: u32::try_from(row.attempts).unwrap_or(0),
            last_error: row.last_error.unwrap_or_default(),
            failed_at: row.failed_at.unwrap_or(row.next_attempt_at).to_rfc3339(),
            next_attempt_at: row.next_attempt_at.to_rfc3339(),
        })
        .collect())
}

/// What a target asks of the router, as a verb: `disable`, `remove`, `update`.
fn verb(target: &Target, now: DateTime<Utc>) -> &'static str {
    match target {
        Target::Account { want: None, .. } | Target::Profile { want: None, .. } => "remove",
        Target::Account { want: Some(a), .. } if !enabled_now(a, now) => "disable",
        Target::Account { .. } | Target::Profile { .. } => "update",
    }
}

/// The sentence the office reads: `Router 'Tower 1' refused to disable hotspot user ayu 6 times:
/// <the router's words>`.
pub fn failure_sentence(
    router_name: &str,
    target: &Target,
    attempts: i32,
    why: &str,
    now: DateTime<Utc>,
) -> String {
    let (kind, name) = match target {
        Target::Account { kind, name, .. } | Target::Profile { kind, name, .. } => (kind, name),
    };
    format!(
        "Router '{router_name}' refused to {} {} {name} {attempts} times: {why}",
        verb(target, now),
        kind.noun()
    )
}

/// Tells the office, once, that the router refused `target` for good.
pub async fn notify(
    db: &impl ConnectionTrait,
    router_id: RouterId,
    target: &Target,
    attempts: i32,
    why: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let router_name = router::Entity::find_by_id(router_id)
        .one(db)
        .await?
        .map_or_else(|| format!("#{router_id}"), |r| r.name);
    let sentence = failure_sentence(&router_name, target, attempts, why, now);
    let title = match sentence.split_once(": ") {
        Some((head, _)) => head,
        None => &sentence,
    };
    notification::ActiveModel {
        level: Set("error".into()),
        kind: Set(NOTIFICATION_KIND.into()),
        title: Set(title.chars().take(TITLE_CHARS).collect()),
        body: Set(format!(
            "{sentence}. tikbill tries again every hour; Retry tries at once."
        )),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
