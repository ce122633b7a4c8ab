//! Reversing an applied payment: exactly the time it bought comes off the customer's current
//! expiry (time a later payment bought stays), the credit it added goes and the credit it
//! used comes back; the router follows. One transaction.

use sea_orm::{ActiveModelTrait, Set};
use tikbill_api::{FieldError, PaymentId, PaymentState, PaymentView, Permission};

use super::view::{find_for_update, state_of, view_of};
use super::{credit, state};
use crate::audit::{self, AuditEntry};
use crate::entity::payment;
use crate::{Context, CoreError, CoreResult};

/// Reverses an applied payment, saying why.
pub async fn reverse(ctx: &Context, id: PaymentId, reason: &str) -> CoreResult<PaymentView> {
    ctx.require(Permission::ReversePayments)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid(
            "reversal",
            vec![FieldError {
                field: "reason".into(),
                message: "Say why the payment is reversed.".into(),
            }],
        ));
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let from = state_of(&row)?;
    state::transition(from, PaymentState::Reversed)?;
    let before_view = view_of(&txn, row.clone()).await?;
    let mut entries = Vec::new();
    if row.customer_id.is_none() {
        // A sale of prepaid cards: the cards not used yet are revoked (off the routers), or
        // the reversal is refused when one is in use.
        if let Some(cards) = crate::voucher::sale::reverse_sale(ctx, &txn, id, reason).await? {
            entries.extend(cards);
            return finish(ctx, txn, row, from, reason, before_view, entries).await;
        }
    }
    let customer_id = row.customer_id.ok_or_else(|| {
        CoreError::Conflict(format!(
            "Payment #{id} has no customer any more (deleted): there is nothing to take back."
        ))
    })?;
    if let (Some(start), Some(end)) = (row.expiry_before, row.expiry_after) {
        let (customer_before, customer_after) =
            crate::customer::take_back(ctx, &txn, customer_id, end - start).await?;
        entries.push(
            AuditEntry::by(ctx, "customer.take_back", "customer", Some(customer_id))
                .before(&customer_before)
                .after(&customer_after),
        );
    } else {
        crate::customer::find_for_update(&txn, customer_id).await?;
    }
    credit::adjust(
        ctx,
        &txn,
        customer_id,
        &row.currency,
        row.credit_used_e4 - row.credit_added_e4,
    )
    .await?;
    finish(ctx, txn, row, from, reason, before_view, entries).await
}

/// The payment marked reversed, its history and audit entries written, committed.
async fn finish(
    ctx: &Context,
    txn: sea_orm::DatabaseTransaction,
    row: payment::Model,
    from: PaymentState,
    reason: &str,
    before_view: PaymentView,
    mut entries: Vec<AuditEntry>,
) -> CoreResult<PaymentView> {
    let id = row.id;
    let mut active: payment::ActiveModel = row.into();
    active.state = Set(PaymentState::Reversed.as_str().to_string());
    active.updated_at = Set(ctx.now());
    let saved = active.update(&txn).await?;
    state::log(ctx, &txn, id, Some(from), PaymentState::Reversed, reason).await?;
    let view = view_of(&txn, saved).await?;
    entries.push(
        AuditEntry::by(ctx, "payment.reverse", "payment", Some(id))
            .before(&before_view)
            .after(&view),
    );
    audit::record_all(&txn, entries).await?;
    txn.commit().await?;
    Ok(view)
}
