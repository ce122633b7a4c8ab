//! Money that arrived but was not applied yet: a gateway's callback is stored `paid` on its
//! own (`receive`, so a confirmed payment is never lost while its customer is busy), and
//! `settle` applies every such payment (one it cannot apply waits `unmatched` for a person). The agent settles at its start and on a schedule, so a
//! process killed between storing a payment and applying it leaves a `paid` row that the next
//! pass applies, once (applying is idempotent and each apply is one transaction).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{PaymentId, PaymentInput, PaymentState, PaymentView};

use super::record::{by_reference_of, check, insert_paid, unmatched, NewPayment};
use super::view::view_of;
use crate::audit::{self, AuditEntry};
use crate::entity::payment;
use crate::{Context, CoreError, CoreResult};

/// Stores money confirmed by `gateway` as `paid` (or `unmatched` for nobody known), without
/// applying it; the same (gateway, reference) twice is the same payment. tikbill itself only
/// (the relay, the agent).
pub async fn receive(
    ctx: &Context,
    gateway: &str,
    reference: &str,
    input: &PaymentInput,
) -> CoreResult<PaymentView> {
    ctx.actor().require_system()?;
    let reference = reference.trim();
    if gateway.trim().is_empty() || reference.is_empty() {
        return Err(CoreError::invalid(
            "payment",
            vec![tikbill_api::FieldError {
                field: "reference".into(),
                message: "A received payment needs its gateway and reference.".into(),
            }],
        ));
    }
    let checked = check(ctx.db(), input).await?;
    if let Some(existing) = by_reference_of(ctx.db(), gateway, reference).await? {
        return view_of(ctx.db(), existing).await;
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    if let Some(customer_id) = input.customer_id {
        // The customer first, the receipt counter second: the order `record` takes them in
        // (PostgreSQL would otherwise deadlock a callback against a cashier's payment).
        crate::customer::find_for_update(&txn, customer_id).await?;
    }
    let receipt_number = super::receipt_number::next(&txn).await?;
    let new = NewPayment {
        input,
        checked,
        gateway,
        reference,
        shift_id: None,
        receipt_number,
    };
    let Some(row) = insert_paid(ctx, &txn, new).await? else {
        txn.rollback().await?;
        let existing = by_reference_of(ctx.db(), gateway, reference)
            .await?
            .ok_or_else(|| CoreError::Internal("a duplicate payment vanished".into()))?;
        return view_of(ctx.db(), existing).await;
    };
    let row = match row.customer_id {
        Some(_) => row,
        None => unmatched(ctx, &txn, row).await?,
    };
    let view = view_of(&txn, row).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "payment.receive", "payment", Some(view.id)).after(&view),
    )
    .await?;
    txn.commit().await?;
    Ok(view)
}

/// What a settling pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    pub applied: Vec<PaymentId>,
    /// Payments that could not be applied, and why (they stay `paid` for people to look at).
    pub failed: Vec<(PaymentId, String)>,
}

/// How many paid payments one pass takes up.
const BATCH: u64 = 500;

/// Applies every `paid` payment that has a customer, oldest first, each in its own
/// transaction. tikbill itself only.
pub async fn settle(ctx: &Context) -> CoreResult<Settled> {
    ctx.actor().require_system()?;
    let ids: Vec<i64> = payment::Entity::find()
        .select_only()
        .column(payment::Column::Id)
        .filter(payment::Column::State.eq(PaymentState::Paid.as_str()))
        .filter(payment::Column::CustomerId.is_not_null())
        .order_by_asc(payment::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(ctx.db())
        .await?;
    let mut settled = Settled::default();
    for id in ids {
        match super::apply(ctx, id).await {
            Ok(view) if view.state == PaymentState::Applied => settled.applied.push(id),
            Ok(view) => settled
                .failed
                .push((id, format!("left {}", view.state.as_str()))),
            // Money that cannot go to its customer (their plan's currency changed, say) waits
            // unmatched for a person to assign, instead of being tried again every pass.
            Err(
                err @ (CoreError::Validation { .. }
                | CoreError::NotFound(_)
                | CoreError::Conflict(_)),
            ) => {
                set_aside(ctx, id, &err.to_string()).await?;
                settled.failed.push((id, err.to_string()));
            }
            // The database was busy or gone for a moment: left `paid`, the next pass tries
            // again (never set aside for a reason that passes).
            Err(err) => settled.failed.push((id, err.to_string())),
        }
    }
    Ok(settled)
}

/// `paid` → `unmatched`, with why it could not be applied.
async fn set_aside(ctx: &Context, id: PaymentId, why: &str) -> CoreResult<()> {
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = super::view::find_for_update(&txn, id).await?;
    if super::view::state_of(&row)? != PaymentState::Paid {
        return Ok(());
    }
    let mut active: payment::ActiveModel = row.into();
    active.state = sea_orm::Set(PaymentState::Unmatched.as_str().to_string());
    active.updated_at = sea_orm::Set(ctx.now());
    let row = sea_orm::ActiveModelTrait::update(active, &txn).await?;
    super::state::log(
        ctx,
        &txn,
        row.id,
        Some(PaymentState::Paid),
        PaymentState::Unmatched,
        &format!("not applied: {why}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// [`receive`], and when the money cannot be the customer's as it says (another currency than
/// their plan's, say), stored for nobody instead: `unmatched`, waiting for a person, never
/// lost and never refused back to a gateway that already took it.
pub async fn receive_or_set_aside(
    ctx: &Context,
    gateway: &str,
    reference: &str,
    input: &PaymentInput,
) -> CoreResult<PaymentView> {
    match receive(ctx, gateway, reference, input).await {
        Err(CoreError::Validation { .. }) if input.customer_id.is_some() => {
            let nobody = PaymentInput {
                customer_id: None,
                profile_id: None,
                ..input.clone()
            };
            receive(ctx, gateway, reference, &nobody).await
        }
        other => other,
    }
}
