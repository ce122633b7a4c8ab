//! A push's money, made once: the push is claimed paid by one conditional update (whoever
//! sees the money first: the callback, the query, a C2B confirmation, another process), the
//! ledger reference fixed in that same update, and the payment made by one idempotent step.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter};
use tikbill_api::{PaymentInput, PaymentMethod, PaymentState, PushState};

use crate::entity::mpesa_push::{self, Column, Entity};
use crate::{money, Context, CoreResult};

/// The ledger's name for M-Pesa: STK and C2B share it, so one receipt number is one payment.
pub const GATEWAY: &str = "mpesa";

/// Cuts `text` to the column's `max` characters (every database then stores the same).
pub(crate) fn fit(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Marks an open push paid; only one caller wins. `receipt`: the M-Pesa receipt when known;
/// the payment's ledger reference is fixed here to it, or to the CheckoutRequestID when the
/// query paid it (no receipt). `late_too`: a push already failed or expired may still be paid
/// (real money arriving beats the query's word).
pub(crate) async fn claim_paid(
    ctx: &Context,
    push: &mpesa_push::Model,
    receipt: Option<&str>,
    desc: &str,
    late_too: bool,
) -> CoreResult<bool> {
    let mut open = vec![PushState::Sending.as_str(), PushState::Pending.as_str()];
    if late_too {
        open.extend([PushState::Failed.as_str(), PushState::Expired.as_str()]);
    }
    let ledger = receipt
        .map(str::to_string)
        .or_else(|| push.checkout_request_id.clone())
        .unwrap_or_else(|| format!("push-{}", push.id));
    let mut update = Entity::update_many()
        .col_expr(Column::State, Expr::value(PushState::Paid.as_str()))
        .col_expr(Column::ResultCode, Expr::value("0"))
        .col_expr(Column::ResultDesc, Expr::value(desc))
        .col_expr(Column::LedgerReference, Expr::value(fit(&ledger, 64)))
        .col_expr(Column::ResolvedAt, Expr::value(ctx.now()));
    if let Some(receipt) = receipt {
        update = update.col_expr(Column::Receipt, Expr::value(fit(receipt, 32)));
    }
    let done = update
        .filter(Column::Id.eq(push.id))
        .filter(Column::State.is_in(open))
        .exec(ctx.db())
        .await?;
    Ok(done.rows_affected == 1)
}

/// Records the receipt of a paid push that had none (paid per the query); whether it did.
pub(crate) async fn keep_receipt(ctx: &Context, id: i64, receipt: &str) -> CoreResult<bool> {
    let done = Entity::update_many()
        .col_expr(Column::Receipt, Expr::value(fit(receipt, 32)))
        .filter(Column::Id.eq(id))
        .filter(Column::Receipt.is_null())
        .exec(ctx.db())
        .await?;
    Ok(done.rows_affected == 1)
}

/// The payment of a paid push, made once: under its ledger reference, so doing this twice,
/// in two processes, or again after a crash finds the same payment. Money already in the
/// ledger under any of the push's references (a C2B confirmation first) is the push's: linked,
/// and given to its customer if it waits unmatched (left for a person when it cannot be).
pub(crate) async fn ensure_payment(ctx: &Context, id: i64) -> CoreResult<i64> {
    let push = super::rows::find(ctx.db(), id).await?;
    if let Some(payment) = push.payment_id {
        return Ok(payment);
    }
    let reference = push
        .ledger_reference
        .clone()
        .or_else(|| push.receipt.clone())
        .or_else(|| push.checkout_request_id.clone())
        .unwrap_or_else(|| format!("push-{}", push.id));
    let mut known = None;
    for candidate in [
        Some(&reference),
        push.receipt.as_ref(),
        push.checkout_request_id.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(p) = crate::payment::by_gateway_reference(ctx, GATEWAY, candidate).await? {
            known = Some(p);
            break;
        }
    }
    let payment = match known {
        Some(p) if p.state == PaymentState::Unmatched => {
            match crate::payment::assign(ctx, p.id, push.customer_id).await {
                Ok(assigned) => assigned.id,
                // It cannot be the customer's (their plan's currency changed, say): linked as
                // it is, waiting for a person.
                Err(_) => p.id,
            }
        }
        Some(p) => p.id,
        None => {
            let amount = money::from_e4(push.amount_e4).normalize();
            crate::payment::receive_or_set_aside(
                ctx,
                GATEWAY,
                &reference,
                &PaymentInput {
                    customer_id: Some(push.customer_id),
                    profile_id: push.profile_id,
                    periods: u32::try_from(push.periods).unwrap_or(1),
                    amount: amount.to_string(),
                    currency: "KES".into(),
                    method: PaymentMethod::MobileMoney,
                    reference: Some(reference.clone()),
                },
            )
            .await?
            .id
        }
    };
    Entity::update_many()
        .col_expr(Column::PaymentId, Expr::value(payment))
        .filter(Column::Id.eq(push.id))
        .filter(Column::PaymentId.is_null())
        .exec(ctx.db())
        .await?;
    Ok(payment)
}

/// Moves a push that is still open (sending, pending or expired) to `to` (failed, expired)
/// with Daraja's code and words. Whether it moved.
pub(crate) async fn close_push(
    ctx: &Context,
    id: i64,
    to: PushState,
    code: Option<&str>,
    desc: Option<&str>,
) -> CoreResult<bool> {
    let open = [
        PushState::Sending.as_str(),
        PushState::Pending.as_str(),
        PushState::Expired.as_str(),
    ];
    let mut update = Entity::update_many()
        .col_expr(Column::State, Expr::value(to.as_str()))
        .col_expr(Column::ResolvedAt, Expr::value(ctx.now()));
    if let Some(code) = code {
        update = update.col_expr(Column::ResultCode, Expr::value(fit(code, 16)));
    }
    if let Some(desc) = desc {
        update = update.col_expr(Column::ResultDesc, Expr::value(desc));
    }
    let done = update
        .filter(Column::Id.eq(id).and(Column::State.is_in(open)))
        .exec(ctx.db())
        .await?;
    Ok(done.rows_affected > 0)
}
