//! The router log: every API interaction with a router (command, duration, outcome), never a
//! password.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tikbill_api::{RouterId, RouterLogView};

use super::probe::Step;
use crate::entity::router_log;
use crate::{Context, CoreResult};
use tikbill_api::Permission;

pub async fn record(
    db: &impl ConnectionTrait,
    router_id: RouterId,
    steps: &[Step],
    at: DateTime<Utc>,
) -> CoreResult<()> {
    for s in steps {
        router_log::ActiveModel {
            router_id: Set(router_id),
            command: Set(s.command.to_string()),
            duration_ms: Set(i32::try_from(s.duration.as_millis()).unwrap_or(i32::MAX)),
            outcome: Set(s.outcome.to_string()),
            message: Set(s.message.clone()),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The newest `limit` entries for a router, newest first.
pub async fn recent(
    ctx: &Context,
    router_id: RouterId,
    limit: u64,
) -> CoreResult<Vec<RouterLogView>> {
    ctx.require(Permission::ViewRouters)?;
    let rows = router_log::Entity::find()
        .filter(router_log::Column::RouterId.eq(router_id))
        .order_by_desc(router_log::Column::Id)
        .limit(limit)
        .all(ctx.db())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| RouterLogView {
            id: r.id,
            router_id: r.router_id,
            command: r.command,
            duration_ms: u32::try_from(r.duration_ms).unwrap_or(0),
            outcome: r.outcome,
            message: r.message,
            created_at: r.created_at.to_rfc3339(),
        })
        .collect())
}
