//! Every health check kept as history (`router_checks`), and a router's outages: one opens at
//! the first check that failed after one that answered (or at the first check ever, if it
//! failed) and closes at the next check that answers. Opening and closing tell the office (a
//! notification each, made once per outage).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set, Statement,
};

use crate::entity::{router_check, router_outage};
use crate::notification::{self, Notice};
use crate::CoreResult;

/// One check's outcome.
pub(crate) struct Checked<'a> {
    pub router_id: i64,
    pub router_name: &'a str,
    pub at: DateTime<Utc>,
    pub online: bool,
    pub latency_ms: Option<i32>,
    pub error: Option<&'a str>,
}

/// Stores the check and opens or closes the router's outage, one check of a router at a time
/// (the app's "Test connection" and the agent's health job may check it at once).
pub(crate) async fn record(db: &DatabaseConnection, check: Checked<'_>) -> CoreResult<()> {
    let txn = crate::db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, $2)",
            [
                OUTAGE_LOCK.into(),
                i32::try_from(check.router_id).unwrap_or(i32::MAX).into(),
            ],
        ))
        .await?;
    }
    record_in(&txn, check).await?;
    txn.commit().await?;
    Ok(())
}

/// The first key of the advisory lock taken per router while its outage is opened or closed.
const OUTAGE_LOCK: i32 = 0x0074_6b6f;

async fn record_in(db: &impl ConnectionTrait, check: Checked<'_>) -> CoreResult<()> {
    router_check::ActiveModel {
        router_id: Set(check.router_id),
        checked_at: Set(check.at),
        online: Set(check.online),
        latency_ms: Set(check.latency_ms.filter(|_| check.online)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let open = router_outage::Entity::find()
        .filter(router_outage::Column::RouterId.eq(check.router_id))
        .filter(router_outage::Column::EndedAt.is_null())
        .order_by_desc(router_outage::Column::Id)
        .one(db)
        .await?;
    match (open, check.online) {
        (None, false) => {
            let outage = router_outage::ActiveModel {
                router_id: Set(check.router_id),
                started_at: Set(check.at),
                ended_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
            notification::notify(
                db,
                Notice {
                    level: "error",
                    kind: notification::ROUTER_OFFLINE,
                    key: outage.id.to_string(),
                    title: format!("Router {} is offline", check.router_name),
                    body: format!(
                        "{} did not answer its health check: {}",
                        check.router_name,
                        check.error.unwrap_or("no answer")
                    ),
                },
                check.at,
            )
            .await?;
        }
        (Some(outage), true) => {
            let started = outage.started_at;
            let id = outage.id;
            let mut ended: router_outage::ActiveModel = outage.into();
            ended.ended_at = Set(Some(check.at));
            ended.update(db).await?;
            let minutes = (check.at - started).num_minutes().max(0);
            notification::notify(
                db,
                Notice {
                    level: "info",
                    kind: notification::ROUTER_ONLINE,
                    key: id.to_string(),
                    title: format!("Router {} is back online", check.router_name),
                    body: format!(
                        "{} answers again after {} offline.",
                        check.router_name,
                        crate::report::format::duration_minutes(minutes)
                    ),
                },
                check.at,
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
