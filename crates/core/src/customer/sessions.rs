//! Connection history from what a router shows online: the agent reads each router's active
//! hotspot and PPP sessions on a schedule, so a customer's history fills in whether or not
//! anyone opens their page. A session seen again continues its row; one no longer online is
//! ended.

use std::collections::BTreeSet;
use std::time::Duration;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_api::ServiceType;

use super::on_router::{first_session, observe};
use crate::entity::{customer, customer_session};
use crate::provisioning::apply;
use crate::provisioning::target::Kind;
use crate::provisioning::worker;
use crate::router::probe::ProbeFailure;
use crate::{Context, CoreError, CoreResult};

/// Names per `IN (…)`.
const BATCH: usize = 500;

/// Records `router_id`'s online customers; returns how many are online.
pub async fn record_sessions(ctx: &Context, router_id: i64, timeout: Duration) -> CoreResult<u64> {
    ctx.actor().require_system()?;
    let db = ctx.db();
    let client = match worker::connect(db, ctx.secrets(), router_id, timeout).await? {
        Ok(client) => client,
        Err(why) => return Err(CoreError::Router(ProbeFailure::Setup(why))),
    };
    let now = ctx.now();
    let seen = apply::online(&client)
        .await
        .map_err(|e| CoreError::Router(ProbeFailure::Router(e)));
    client.close();
    let seen = seen?;
    let online: BTreeSet<(Kind, String)> = seen.sessions.keys().cloned().collect();
    let mut rows = Vec::new();
    for kind in [Kind::HotspotUser, Kind::PppSecret] {
        let Some(service) = kind.service() else {
            continue;
        };
        let names: Vec<&str> = online
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n.as_str())
            .collect();
        for chunk in names.chunks(BATCH) {
            rows.extend(
                customer::Entity::find()
                    .filter(customer::Column::RouterId.eq(router_id))
                    .filter(customer::Column::ServiceType.eq(service.as_str()))
                    .filter(customer::Column::Username.is_in(chunk.iter().copied()))
                    .all(db)
                    .await?,
            );
        }
    }
    let online_ids: BTreeSet<i64> = rows.iter().map(|r| r.id).collect();
    for row in &rows {
        let kind = Kind::account_for(
            ServiceType::parse(&row.service_type).unwrap_or(ServiceType::Hotspot),
        );
        let session = first_session(&seen, kind, &row.username);
        observe(db, row, session.as_ref(), now).await?;
    }
    // Customers of this router with an open session that is no longer online.
    let open: Vec<i64> = customer_session::Entity::find()
        .select_only()
        .column(customer_session::Column::CustomerId)
        .filter(customer_session::Column::RouterId.eq(router_id))
        .filter(customer_session::Column::EndedAt.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    for id in open.into_iter().filter(|id| !online_ids.contains(id)) {
        if let Some(row) = customer::Entity::find_by_id(id).one(db).await? {
            observe(db, &row, None, now).await?;
        }
    }
    Ok(online_ids.len() as u64)
}
