//! What Daraja told us about money: an STK callback, or a C2B confirmation.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter};
use tikbill_api::{DeliveryState, PaymentInput, PaymentMethod, PaymentState, PushState};
use tikbill_gateway::{Event, Outcome};

use super::rows::{by_checkout, by_receipt, paid_by_query_like};
use crate::delivery::Verdict;
use crate::entity::mpesa_push::{self, Column, Entity};
use crate::{money, Context, CoreResult};

/// The ledger's name for M-Pesa: STK and C2B share it, so one receipt number is one payment.
pub const GATEWAY: &str = "mpesa";

fn verdict(state: DeliveryState, words: impl Into<String>, payment_id: Option<i64>) -> Verdict {
    Verdict {
        state,
        words: words.into(),
        payment_id,
        delivery_key: None,
        retry_at: None,
    }
}

/// An STK callback: matched to the push we sent by its CheckoutRequestID; a payment's amount
/// and phone must be the push's. A callback for a push we never sent is refused (and so never
/// credited).
pub async fn resolve_callback(ctx: &Context, event: &Event) -> CoreResult<Verdict> {
    ctx.actor().require_system()?;
    let Some(checkout) = event.request_id.as_deref() else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "the callback names no CheckoutRequestID",
            None,
        ));
    };
    let Some(push) = by_checkout(ctx.db(), checkout).await? else {
        return Ok(verdict(
            DeliveryState::Rejected,
            format!("no push with CheckoutRequestID {checkout} was sent from here: not credited"),
            None,
        ));
    };
    match &event.outcome {
        Outcome::Paid => paid(ctx, push, event).await,
        Outcome::Failed { code, reason } => {
            let moved = settle_push(
                ctx,
                push.id,
                PushState::Failed,
                Some(code),
                Some(reason),
                None,
                None,
            )
            .await?;
            Ok(verdict(
                DeliveryState::Processed,
                if moved {
                    format!("push {} failed: {code} {reason}", push.id)
                } else {
                    format!(
                        "push {} was already {}: {code} {reason} changes nothing",
                        push.id, push.state
                    )
                },
                push.payment_id,
            ))
        }
        Outcome::Pending | Outcome::Reversed => Ok(verdict(
            DeliveryState::Ignored,
            "an STK callback that is neither paid nor failed",
            None,
        )),
    }
}

async fn paid(ctx: &Context, push: mpesa_push::Model, event: &Event) -> CoreResult<Verdict> {
    let Some(receipt) = event.reference.clone() else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "a paid callback without a receipt number",
            None,
        ));
    };
    let asked = money::from_e4(push.amount_e4).normalize();
    if event.amount != Some(asked) {
        return Ok(verdict(
            DeliveryState::Rejected,
            format!(
                "the callback says {} KES, push {} asked {asked} KES: not credited",
                event.amount.map_or("no amount".into(), |a| a.to_string()),
                push.id
            ),
            None,
        ));
    }
    if event.phone.as_deref() != Some(push.phone.as_str()) {
        return Ok(verdict(
            DeliveryState::Rejected,
            format!(
                "the callback's phone {} is not push {}'s {}: not credited",
                event.phone.as_deref().unwrap_or("(none)"),
                push.id,
                push.phone
            ),
            None,
        ));
    }
    if claim_paid(ctx, push.id, Some(&receipt), "paid (callback)", true).await? {
        let payment = ensure_payment(ctx, push.id).await?;
        return Ok(verdict(
            DeliveryState::Processed,
            format!(
                "push {} paid {asked} KES, receipt {receipt}: payment {}",
                push.id, payment
            ),
            Some(payment),
        ));
    }
    // Paid already (by the query, or this is the callback again, or another process is
    // at it): the receipt is kept, the payment made once.
    keep_receipt(ctx, push.id, &receipt).await?;
    let payment = ensure_payment(ctx, push.id).await?;
    Ok(verdict(
        DeliveryState::Processed,
        format!("push {} was already paid (payment {payment})", push.id),
        Some(payment),
    ))
}

/// Marks an open push paid; only one caller wins (a conditional update), whoever it is: the
/// callback, the query, another process. `late_too`: a push already failed or expired may
/// still be paid (the callback brings the money; the query's word is weaker).
pub(crate) async fn claim_paid(
    ctx: &Context,
    id: i64,
    receipt: Option<&str>,
    desc: &str,
    late_too: bool,
) -> CoreResult<bool> {
    let mut open = vec![PushState::Sending.as_str(), PushState::Pending.as_str()];
    if late_too {
        open.extend([PushState::Failed.as_str(), PushState::Expired.as_str()]);
    }
    let mut update = Entity::update_many()
        .col_expr(Column::State, Expr::value(PushState::Paid.as_str()))
        .col_expr(Column::ResultCode, Expr::value("0"))
        .col_expr(Column::ResultDesc, Expr::value(desc))
        .col_expr(Column::ResolvedAt, Expr::value(ctx.now()));
    if let Some(receipt) = receipt {
        update = update.col_expr(Column::Receipt, Expr::value(receipt));
    }
    let done = update
        .filter(Column::Id.eq(id))
        .filter(Column::State.is_in(open))
        .exec(ctx.db())
        .await?;
    Ok(done.rows_affected == 1)
}

async fn keep_receipt(ctx: &Context, id: i64, receipt: &str) -> CoreResult<()> {
    Entity::update_many()
        .col_expr(Column::Receipt, Expr::value(receipt))
        .filter(Column::Id.eq(id))
        .filter(Column::Receipt.is_null())
        .exec(ctx.db())
        .await?;
    Ok(())
}

/// The payment of a paid push, made once: the ledger's reference is the M-Pesa receipt (or,
/// paid by the query, which gives none, the CheckoutRequestID), so doing this twice, or in two
/// processes, or again after a crash, finds the same payment. Money already in the ledger
/// under the receipt (a C2B confirmation first) is this push's: given to its customer if it
/// waits unmatched.
pub(crate) async fn ensure_payment(ctx: &Context, id: i64) -> CoreResult<i64> {
    let push = super::rows::find(ctx.db(), id).await?;
    if let Some(payment) = push.payment_id {
        return Ok(payment);
    }
    let reference = push
        .receipt
        .clone()
        .or_else(|| push.checkout_request_id.clone())
        .unwrap_or_else(|| format!("push-{}", push.id));
    let amount = money::from_e4(push.amount_e4).normalize();
    let existing = crate::payment::by_gateway_reference(ctx, GATEWAY, &reference).await?;
    let payment = match existing {
        Some(p) if p.state == PaymentState::Unmatched => {
            crate::payment::assign(ctx, p.id, push.customer_id)
                .await?
                .id
        }
        Some(p) => p.id,
        None => {
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

/// Moves a push that is still open (sending, pending, or expired: money that arrives late is
/// still money) to `to`; a paid push only gains its receipt. Whether it moved.
#[allow(clippy::too_many_arguments)]
async fn settle_push(
    ctx: &Context,
    id: i64,
    to: PushState,
    code: Option<&str>,
    desc: Option<&str>,
    receipt: Option<&str>,
    payment_id: Option<i64>,
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
        update = update.col_expr(Column::ResultCode, Expr::value(code));
    }
    if let Some(desc) = desc {
        update = update.col_expr(Column::ResultDesc, Expr::value(desc));
    }
    if let Some(receipt) = receipt {
        update = update.col_expr(Column::Receipt, Expr::value(receipt));
    }
    if let Some(payment_id) = payment_id {
        update = update.col_expr(Column::PaymentId, Expr::value(payment_id));
    }
    let done = update
        .filter(Column::Id.eq(id).and(Column::State.is_in(open)))
        .exec(ctx.db())
        .await?;
    Ok(done.rows_affected > 0)
}

pub(crate) async fn expire_or_resolve(
    ctx: &Context,
    push: &mpesa_push::Model,
    to: PushState,
    code: Option<&str>,
    desc: Option<&str>,
) -> CoreResult<bool> {
    settle_push(ctx, push.id, to, code, desc, None, None).await
}

/// A C2B confirmation: the money for the account its BillRefNumber names (a customer's user
/// name; nobody's: it waits unmatched). Its receipt number is the one STK used, so the same
/// money arriving both ways is one payment.
pub async fn resolve_confirmation(ctx: &Context, event: &Event) -> CoreResult<Verdict> {
    ctx.actor().require_system()?;
    let (Some(receipt), Some(amount)) = (event.reference.clone(), event.amount) else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "a confirmation without a transaction id or amount",
            None,
        ));
    };
    if let Some(push) = by_receipt(ctx.db(), &receipt).await? {
        return Ok(verdict(
            DeliveryState::Processed,
            format!(
                "receipt {receipt} is push {}'s money, already counted (payment {})",
                push.id,
                push.payment_id.unwrap_or(0)
            ),
            push.payment_id,
        ));
    }
    // A push paid per Daraja's query has no receipt to match: the same amount for the same
    // account reference within the hour is that push's money, not new money.
    if let Some(account) = event.account.as_deref() {
        let since = ctx.now() - chrono::Duration::hours(1);
        let amount_e4 = money::to_e4(amount).unwrap_or(i64::MIN);
        if let Some(push) = paid_by_query_like(ctx.db(), amount_e4, account, since).await? {
            keep_receipt(ctx, push.id, &receipt).await?;
            return Ok(verdict(
                DeliveryState::Processed,
                format!(
                    "receipt {receipt} is push {}'s money (paid per the query), already counted (payment {})",
                    push.id,
                    push.payment_id.unwrap_or(0)
                ),
                push.payment_id,
            ));
        }
    }
    let customer = match event.account.as_deref() {
        Some(account) => crate::customer::by_username(ctx, account, None).await.ok(),
        None => None,
    };
    let payment = crate::payment::receive_or_set_aside(
        ctx,
        GATEWAY,
        &receipt,
        &PaymentInput {
            customer_id: customer.as_ref().map(|c| c.id),
            profile_id: None,
            periods: 1,
            amount: amount.to_string(),
            currency: event.currency.clone().unwrap_or_else(|| "KES".into()),
            method: PaymentMethod::MobileMoney,
            reference: Some(receipt.clone()),
        },
    )
    .await?;
    let whom = match &customer {
        Some(c) => format!("for {}", c.username),
        None => format!(
            "for account '{}', which is nobody's: unmatched",
            event.account.as_deref().unwrap_or("")
        ),
    };
    Ok(verdict(
        DeliveryState::Processed,
        format!(
            "C2B {amount} KES, receipt {receipt}, {whom}: payment {}",
            payment.id
        ),
        Some(payment.id),
    ))
}
