//! Stored payments as the office sees them, with their history and customer.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{PaymentId, PaymentMethod, PaymentState, PaymentTransitionView, PaymentView};

use crate::entity::{customer, payment, payment_transition};
use crate::money::from_e4;
use crate::{CoreError, CoreResult};

/// A payment's state as stored.
pub(crate) fn state_of(row: &payment::Model) -> CoreResult<PaymentState> {
    PaymentState::parse(&row.state).ok_or_else(|| {
        CoreError::Internal(format!(
            "payment #{} has an unknown state '{}'",
            row.id, row.state
        ))
    })
}

/// The payment, or not found.
pub(crate) async fn find(db: &impl ConnectionTrait, id: PaymentId) -> CoreResult<payment::Model> {
    payment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

/// The payment, locked until the transaction ends (PostgreSQL; SQLite's write transaction
/// already excludes every other writer).
pub(crate) async fn find_for_update(
    db: &impl ConnectionTrait,
    id: PaymentId,
) -> CoreResult<payment::Model> {
    payment::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: PaymentId) -> CoreError {
    CoreError::NotFound(format!("Payment #{id} does not exist."))
}

/// One payment as the office sees it.
pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    row: payment::Model,
) -> CoreResult<PaymentView> {
    let mut all = views(db, vec![row]).await?;
    all.pop()
        .ok_or_else(|| CoreError::Internal("a payment without its view".into()))
}

/// Payments as the office sees them (three queries, whatever the number of rows).
pub(crate) async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<payment::Model>,
) -> CoreResult<Vec<PaymentView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut history: HashMap<i64, Vec<PaymentTransitionView>> = HashMap::new();
    if !ids.is_empty() {
        let moves = payment_transition::Entity::find()
            .filter(payment_transition::Column::PaymentId.is_in(ids))
            .order_by_asc(payment_transition::Column::Id)
            .all(db)
            .await?;
        for m in moves {
            let to = PaymentState::parse(&m.to_state).ok_or_else(|| {
                CoreError::Internal(format!("a payment move to '{}'", m.to_state))
            })?;
            history
                .entry(m.payment_id)
                .or_default()
                .push(PaymentTransitionView {
                    from: m.from_state.as_deref().and_then(PaymentState::parse),
                    to,
                    reason: m.reason,
                    actor: m.actor,
                    at: m.at.to_rfc3339(),
                });
        }
    }
    let customer_ids: Vec<i64> = rows.iter().filter_map(|r| r.customer_id).collect();
    let usernames: HashMap<i64, String> = if customer_ids.is_empty() {
        HashMap::new()
    } else {
        customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::Username)
            .filter(customer::Column::Id.is_in(customer_ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    rows.into_iter()
        .map(|row| {
            let transitions = history.remove(&row.id).unwrap_or_default();
            let recorded_by = transitions
                .first()
                .map(|t| t.actor.clone())
                .unwrap_or_default();
            let method = PaymentMethod::parse(&row.method).ok_or_else(|| {
                CoreError::Internal(format!(
                    "payment #{} has an unknown method '{}'",
                    row.id, row.method
                ))
            })?;
            Ok(PaymentView {
                id: row.id,
                customer_username: row.customer_id.and_then(|id| usernames.get(&id).cloned()),
                customer_id: row.customer_id,
                profile_id: row.profile_id,
                periods: u32::try_from(row.periods).unwrap_or(0),
                amount: from_e4(row.amount_e4).to_string(),
                currency: row.currency.clone(),
                method,
                gateway: row.gateway.clone().unwrap_or_default(),
                reference: row.gateway_reference.clone().unwrap_or_default(),
                state: state_of(&row)?,
                credit_added: from_e4(row.credit_added_e4).to_string(),
                credit_used: from_e4(row.credit_used_e4).to_string(),
                recorded_by,
                created_at: row.created_at.to_rfc3339(),
                shift_id: row.shift_id,
                receipt_number: row.receipt_number,
                transitions,
            })
        })
        .collect()
}
