//! Batches and cards as the UI and the command line see them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{
    VoucherBatchView, VoucherState, VoucherStateCount, VoucherTimeMode, VoucherView,
};

use super::generate::price_text;
use crate::entity::{profile, router, voucher, voucher_batch, voucher_batch_router};
use crate::shift::view::cashier_label;
use crate::{CoreError, CoreResult};

/// A card's state as stored.
pub(crate) fn state_of(row: &voucher::Model) -> CoreResult<VoucherState> {
    VoucherState::parse(&row.state).ok_or_else(|| {
        CoreError::Internal(format!(
            "card #{} has an unknown state '{}'",
            row.id, row.state
        ))
    })
}

/// The routers of a batch, by id.
pub(crate) async fn routers_of(db: &impl ConnectionTrait, batch_id: i64) -> CoreResult<Vec<i64>> {
    Ok(voucher_batch_router::Entity::find()
        .select_only()
        .column(voucher_batch_router::Column::RouterId)
        .filter(voucher_batch_router::Column::BatchId.eq(batch_id))
        .order_by_asc(voucher_batch_router::Column::RouterId)
        .into_tuple()
        .all(db)
        .await?)
}

/// One batch, with its cards counted by state.
pub(crate) async fn batch_view(
    db: &impl ConnectionTrait,
    row: voucher_batch::Model,
) -> CoreResult<VoucherBatchView> {
    let plan = profile::Entity::find_by_id(row.profile_id)
        .one(db)
        .await?
        .map(|p| p.name)
        .unwrap_or_else(|| format!("plan #{}", row.profile_id));
    let router_ids = routers_of(db, row.id).await?;
    let names: HashMap<i64, String> = router::Entity::find()
        .filter(router::Column::Id.is_in(router_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let counts: Vec<(String, i64)> = voucher::Entity::find()
        .select_only()
        .column(voucher::Column::State)
        .column_as(voucher::Column::Id.count(), "n")
        .filter(voucher::Column::BatchId.eq(row.id))
        .group_by(voucher::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    let mut states: Vec<VoucherStateCount> = counts
        .into_iter()
        .filter_map(|(state, n)| {
            Some(VoucherStateCount {
                state: VoucherState::parse(&state)?,
                count: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect();
    states.sort_by_key(|c| c.state);
    Ok(VoucherBatchView {
        id: row.id,
        profile_id: row.profile_id,
        plan,
        count: u32::try_from(row.count).unwrap_or(0),
        routers: router_ids
            .iter()
            .map(|id| {
                names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("router #{id}"))
            })
            .collect(),
        router_ids,
        code_length: u32::try_from(row.code_length).unwrap_or(0),
        prefix: row.prefix,
        same_password: row.same_password,
        time_mode: VoucherTimeMode::parse(&row.time_mode).unwrap_or_default(),
        valid_until: row.valid_until.map(|t| t.to_rfc3339()),
        price: price_text(row.price_e4),
        currency: row.currency,
        note: row.note,
        created_by: row.created_by_label,
        created_at: row.created_at.to_rfc3339(),
        states,
    })
}

/// Cards, in the order given.
pub(crate) async fn card_views(
    db: &impl ConnectionTrait,
    rows: Vec<voucher::Model>,
) -> CoreResult<Vec<VoucherView>> {
    let mut batches: HashMap<i64, (voucher_batch::Model, String)> = HashMap::new();
    let mut staff: HashMap<i64, String> = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        if let Entry::Vacant(slot) = batches.entry(row.batch_id) {
            let batch = voucher_batch::Entity::find_by_id(row.batch_id)
                .one(db)
                .await?
                .ok_or_else(|| CoreError::Internal(format!("batch #{} vanished", row.batch_id)))?;
            let plan = profile::Entity::find_by_id(batch.profile_id)
                .one(db)
                .await?
                .map(|p| p.name)
                .unwrap_or_else(|| format!("plan #{}", batch.profile_id));
            slot.insert((batch, plan));
        }
        if let Some(id) = row.issued_to {
            if let Entry::Vacant(slot) = staff.entry(id) {
                slot.insert(cashier_label(db, id).await?);
            }
        }
        let (batch, plan) = &batches[&row.batch_id];
        views.push(VoucherView {
            id: row.id,
            batch_id: row.batch_id,
            serial: u32::try_from(row.serial).unwrap_or(0),
            state: state_of(&row)?,
            plan: plan.clone(),
            price: price_text(batch.price_e4),
            currency: batch.currency.clone(),
            issued_to: row.issued_to.and_then(|id| staff.get(&id).cloned()),
            issued_to_id: row.issued_to,
            payment_id: row.payment_id,
            customer_id: row.customer_id,
            first_login_at: row.first_login_at.map(|t| t.to_rfc3339()),
            updated_at: row.updated_at.to_rfc3339(),
            code: row.code,
            password: row.password,
        });
    }
    Ok(views)
}
