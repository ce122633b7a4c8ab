//! Deliveries as staff see them: the list (newest first, a page at a time) and one with its
//! headers and body; processing one again on a person's word.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{
    DeliveryDetail, DeliveryFilter, DeliveryPage, DeliveryState, DeliveryView, Permission,
};

use super::rows::headers_of;
use crate::entity::gateway_delivery::{self, Column, Entity};
use crate::gateway::Gateways;
use crate::{Actor, Context, CoreError, CoreResult};

const PAGE: u32 = 50;
const PAGE_MAX: u32 = 500;

fn view(row: &gateway_delivery::Model) -> DeliveryView {
    DeliveryView {
        id: row.id,
        hook: row.hook.clone(),
        gateway: row.gateway.clone(),
        received_at: row.received_at.to_rfc3339(),
        remote_addr: row.remote_addr.clone(),
        state: DeliveryState::parse(&row.state).unwrap_or(DeliveryState::Stored),
        verdict: row.verdict.clone(),
        payment_id: row.payment_id,
        processed_at: row.processed_at.map(|t| t.to_rfc3339()),
        attempts: row.attempts,
        source: row.source.clone(),
        body_bytes: row.body.len(),
    }
}

/// Newest first, as filtered.
pub async fn list(ctx: &Context, filter: &DeliveryFilter) -> CoreResult<DeliveryPage> {
    ctx.require(Permission::ViewPayments)?;
    let limit = filter.limit.unwrap_or(PAGE).clamp(1, PAGE_MAX);
    let mut query = Entity::find().order_by_desc(Column::Id);
    if let Some(state) = filter.state {
        query = query.filter(Column::State.eq(state.as_str()));
    }
    if let Some(gateway) = filter.gateway.as_deref().filter(|g| !g.is_empty()) {
        query = query.filter(Column::Gateway.eq(gateway));
    }
    if let Some(before) = filter.before_id {
        query = query.filter(Column::Id.lt(before));
    }
    let rows = query.limit(u64::from(limit) + 1).all(ctx.db()).await?;
    let more = rows.len() > limit as usize;
    let deliveries: Vec<DeliveryView> = rows.iter().take(limit as usize).map(view).collect();
    Ok(DeliveryPage {
        next_before_id: if more {
            deliveries.last().map(|d| d.id)
        } else {
            None
        },
        deliveries,
    })
}

/// One delivery with its headers and body.
pub async fn detail(ctx: &Context, id: i64) -> CoreResult<DeliveryDetail> {
    ctx.require(Permission::ViewPayments)?;
    let row = Entity::find_by_id(id)
        .one(ctx.db())
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("There is no delivery {id}.")))?;
    Ok(DeliveryDetail {
        delivery: view(&row),
        headers: headers_of(&row.headers),
        body_text: String::from_utf8_lossy(&row.body).into_owned(),
    })
}

/// Processes a delivery again now, on a person's word (after a gateway was set up, say). The
/// processing itself is tikbill's, as the agent's is; the person is who asked.
pub async fn process_again(
    ctx: &Context,
    gateways: &Gateways,
    id: i64,
) -> CoreResult<DeliveryDetail> {
    ctx.require(Permission::TakePayments)?;
    let system = ctx.acting_as(Actor::System {
        label: format!("{} (processing again)", ctx.actor().label()),
    });
    super::process_one(&system, gateways, id).await?;
    crate::payment::settle(&system).await?;
    detail(ctx, id).await
}
