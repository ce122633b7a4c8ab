//! What Daraja told us about money: an STK callback, or a C2B confirmation.

use chrono::{DateTime, Duration, Utc};
use tikbill_api::{DeliveryState, PaymentInput, PaymentMethod, PushState};
use tikbill_gateway::{Event, Outcome};

use super::claim::{claim_paid, close_push, ensure_payment, keep_receipt, GATEWAY};
use super::rows::{by_checkout, by_receipt, open_like, paid_by_query_like};
use crate::delivery::Verdict;
use crate::entity::mpesa_push;
use crate::{money, Context, CoreError, CoreResult};

/// How long a paid callback for a CheckoutRequestID not (yet) stored here waits for its push
/// (the desktop may still be storing Daraja's answer) before it is refused.
const UNKNOWN_PUSH_WAITS_MINUTES: i64 = 10;

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
/// credited) once it has waited a few minutes for the push to be stored.
pub async fn resolve_callback(
    ctx: &Context,
    event: &Event,
    received_at: DateTime<Utc>,
) -> CoreResult<Verdict> {
    ctx.actor().require_system()?;
    let Some(checkout) = event.request_id.as_deref() else {
        return Ok(verdict(
            DeliveryState::Rejected,
            "the callback names no CheckoutRequestID",
            None,
        ));
    };
    let Some(push) = by_checkout(ctx.db(), checkout).await? else {
        let now = ctx.now();
        if event.outcome == Outcome::Paid
            && now - received_at < Duration::minutes(UNKNOWN_PUSH_WAITS_MINUTES)
        {
            return Ok(Verdict {
                retry_at: Some(now + Duration::minutes(2)),
                ..verdict(
                    DeliveryState::Waiting,
                    format!("no push with CheckoutRequestID {checkout} is stored yet: it waits"),
                    None,
                )
            });
        }
        return Ok(verdict(
            DeliveryState::Rejected,
            format!(
                "no push with CheckoutRequestID {checkout} was sent from here: not credited \
                 (if it is real money, record it by hand from the M-Pesa statement)"
            ),
            None,
        ));
    };
    match &event.outcome {
        Outcome::Paid => paid(ctx, push, event).await,
        Outcome::Failed { code, reason } => {
            let moved =
                close_push(ctx, push.id, PushState::Failed, Some(code), Some(reason)).await?;
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
    if claim_paid(ctx, &push, Some(&receipt), "paid (callback)", true).await? {
        let payment = ensure_payment(ctx, push.id).await?;
        return Ok(verdict(
            DeliveryState::Processed,
            format!(
                "push {} paid {asked} KES, receipt {receipt}: payment {payment}",
                push.id
            ),
            Some(payment),
        ));
    }
    // Paid already: by the query (no receipt yet: this is its receipt), by this callback
    // before, by a C2B confirmation of the same money, or by another process now.
    let push = super::rows::find(ctx.db(), push.id).await?;
    let same_money = match push.receipt.as_deref() {
        None => {
            keep_receipt(ctx, push.id, &receipt).await? || {
                let again = super::rows::find(ctx.db(), push.id).await?;
                again.receipt.as_deref() == Some(receipt.as_str())
            }
        }
        Some(known) => known == receipt || push.ledger_reference.as_deref() == Some(&receipt),
    };
    if same_money {
        let payment = ensure_payment(ctx, push.id).await?;
        return Ok(verdict(
            DeliveryState::Processed,
            format!("push {} was already paid (payment {payment})", push.id),
            Some(payment),
        ));
    }
    // Another receipt for a push already paid: other money from the same phone, stored as its
    // own payment for the push's customer (never dropped as "already paid").
    let payment = crate::payment::receive_or_set_aside(
        ctx,
        GATEWAY,
        &receipt,
        &PaymentInput {
            customer_id: Some(push.customer_id),
            profile_id: push.profile_id,
            periods: u32::try_from(push.periods).unwrap_or(1),
            amount: asked.to_string(),
            currency: "KES".into(),
            method: PaymentMethod::MobileMoney,
            reference: Some(receipt.clone()),
        },
    )
    .await?;
    Ok(verdict(
        DeliveryState::Processed,
        format!(
            "push {} was paid by receipt {}; receipt {receipt} is other money: payment {}",
            push.id,
            push.receipt.as_deref().unwrap_or("?"),
            payment.id
        ),
        Some(payment.id),
    ))
}

/// A C2B confirmation: the money for the account its BillRefNumber names (a customer's user
/// name; nobody's: it waits unmatched). Its receipt number is the one STK used, so the same
/// money arriving both ways is one payment; money for a push still open (same amount and
/// account) resolves that push.
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
        let payment = ensure_payment(ctx, push.id).await?;
        return Ok(verdict(
            DeliveryState::Processed,
            format!(
                "receipt {receipt} is push {}'s money, counted once (payment {payment})",
                push.id
            ),
            Some(payment),
        ));
    }
    let amount_e4 = money::to_e4(amount).unwrap_or(i64::MIN);
    let since = ctx.now() - Duration::hours(24);
    if let Some(account) = event.account.as_deref() {
        // A push for this money still open: this is its money (the callback may never come).
        if let Some(push) = open_like(ctx.db(), amount_e4, account, since).await? {
            if claim_paid(ctx, &push, Some(&receipt), "paid (C2B confirmation)", true).await? {
                let payment = ensure_payment(ctx, push.id).await?;
                return Ok(verdict(
                    DeliveryState::Processed,
                    format!(
                        "receipt {receipt} paid push {} (amount and account agree): payment {payment}",
                        push.id
                    ),
                    Some(payment),
                ));
            }
        }
        // A push paid per the query has no receipt to match: the same amount for the same
        // account reference within the hour is that money (once: the first receipt wins).
        let hour = ctx.now() - Duration::hours(1);
        if let Some(push) = paid_by_query_like(ctx.db(), amount_e4, account, hour).await? {
            if keep_receipt(ctx, push.id, &receipt).await? {
                let payment = ensure_payment(ctx, push.id).await?;
                return Ok(verdict(
                    DeliveryState::Processed,
                    format!(
                        "receipt {receipt} is push {}'s money (paid per the query), counted once (payment {payment})",
                        push.id
                    ),
                    Some(payment),
                ));
            }
        }
    }
    let customer = match event.account.as_deref() {
        Some(account) => match crate::customer::by_username(ctx, account, None).await {
            Ok(c) => Some(c),
            Err(CoreError::NotFound(_) | CoreError::Conflict(_)) => None,
            Err(e) => return Err(e),
        },
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
