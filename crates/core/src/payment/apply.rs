//! Applying a paid payment to its customer, in one transaction: the plan's price times the
//! periods is what it needs; the payment plus the customer's credit is what is available.
//! Enough → the periods are added the way an extension adds them (`customer::add_periods`),
//! what the payment lacked comes from the credit and what it has over goes to it; not enough →
//! the whole amount goes to the credit and no time is added. Either way the payment is
//! `applied`, once: applying it again changes nothing.

use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};
use tikbill_api::{CustomerId, FieldError, PaymentId, PaymentState, PaymentView, Permission};

use super::view::{find_for_update, state_of, view_of};
use super::{credit, state};
use crate::audit::{self, AuditEntry};
use crate::entity::{payment, profile};
use crate::{Context, CoreError, CoreResult};

/// Applies a paid (or assigned unmatched) payment to its customer. An applied one is returned
/// unchanged.
pub async fn apply(ctx: &Context, id: PaymentId) -> CoreResult<PaymentView> {
    ctx.require(Permission::TakePayments)?;
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    if state_of(&row)? == PaymentState::Applied {
        let view = view_of(&txn, row).await?;
        txn.commit().await?;
        return Ok(view);
    }
    let (row, entries) = apply_in(ctx, &txn, row, office_tz).await?;
    audit::record_all(&txn, entries).await?;
    let view = view_of(&txn, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Gives an unmatched payment to `customer_id` and applies it.
pub async fn assign(
    ctx: &Context,
    id: PaymentId,
    customer_id: CustomerId,
) -> CoreResult<PaymentView> {
    ctx.require(Permission::TakePayments)?;
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let from = state_of(&row)?;
    if from != PaymentState::Unmatched {
        return Err(CoreError::Conflict(format!(
            "Payment #{id} is {}: only an unmatched payment can be assigned to a customer.",
            from.as_str()
        )));
    }
    crate::customer::find_for_update(&txn, customer_id).await?;
    let mut active: payment::ActiveModel = row.into();
    // A plan chosen when the payment was recorded stays; none chosen: the customer's plan.
    active.customer_id = Set(Some(customer_id));
    active.updated_at = Set(ctx.now());
    let row = active.update(&txn).await?;
    let (row, entries) = apply_in(ctx, &txn, row, office_tz).await?;
    audit::record_all(&txn, entries).await?;
    let view = view_of(&txn, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// Applies `row` (locked by the caller) in the caller's transaction; returns the stored payment
/// and the audit entries to record (the customer's change, if time was bought, and
/// `payment.apply`).
pub(crate) async fn apply_in(
    ctx: &Context,
    txn: &DatabaseTransaction,
    row: payment::Model,
    office_tz: Tz,
) -> CoreResult<(payment::Model, Vec<AuditEntry>)> {
    let now = ctx.now();
    let from = state_of(&row)?;
    state::transition(from, PaymentState::Applied)?;
    let customer_id = row.customer_id.ok_or_else(|| {
        CoreError::Conflict(format!(
            "Payment #{} has no customer: assign it to one first.",
            row.id
        ))
    })?;
    let customer = crate::customer::find_for_update(txn, customer_id).await?;
    let plan_id = row.profile_id.unwrap_or(customer.profile_id);
    let plan = profile::Entity::find_by_id(plan_id)
        .one(txn)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("Plan #{plan_id} does not exist.")))?;
    check_currency(&row.currency, &plan)?;
    let periods = u32::try_from(row.periods).unwrap_or(0).max(1);
    let needed = plan
        .price_e4
        .checked_mul(i64::from(periods))
        .ok_or_else(|| CoreError::Internal("the price of the periods is too large".into()))?;
    let available = row
        .amount_e4
        .saturating_add(credit::balance(txn, customer_id, &row.currency).await?);
    let before_view = view_of(txn, row.clone()).await?;
    let mut entries = Vec::new();
    let (credit_added, credit_used, expiry_before, expiry_after, reason) = if available >= needed {
        // The bought time starts at the expiry, or now if it has passed (nothing is charged
        // for time run out): that start is what a reversal counts from.
        let start = customer.expires_at.filter(|t| *t > now).unwrap_or(now);
        let (customer_before, customer_after) =
            crate::customer::add_periods(ctx, txn, customer_id, office_tz, &plan, periods).await?;
        let end = crate::customer::find(txn, customer_id).await?.expires_at;
        entries.push(
            AuditEntry::by(ctx, "customer.extend", "customer", Some(customer_id))
                .before(&customer_before)
                .after(&customer_after),
        );
        (
            (row.amount_e4 - needed).max(0),
            (needed - row.amount_e4).max(0),
            Some(start),
            end,
            format!("{periods} period(s) of '{}'", plan.name),
        )
    } else {
        (
            row.amount_e4,
            0,
            None,
            None,
            format!(
                "not enough for {periods} period(s) of '{}': added to the credit",
                plan.name
            ),
        )
    };
    credit::adjust(
        ctx,
        txn,
        customer_id,
        &row.currency,
        credit_added - credit_used,
    )
    .await?;
    let mut active: payment::ActiveModel = row.into();
    active.state = Set(PaymentState::Applied.as_str().to_string());
    active.profile_id = Set(Some(plan.id));
    active.credit_added_e4 = Set(credit_added);
    active.credit_used_e4 = Set(credit_used);
    active.expiry_before = Set(expiry_before);
    active.expiry_after = Set(expiry_after);
    active.updated_at = Set(now);
    let saved = active.update(txn).await?;
    state::log(
        ctx,
        txn,
        saved.id,
        Some(from),
        PaymentState::Applied,
        &reason,
    )
    .await?;
    let after_view = view_of(txn, saved.clone()).await?;
    entries.push(
        AuditEntry::by(ctx, "payment.apply", "payment", Some(saved.id))
            .before(&before_view)
            .after(&after_view),
    );
    Ok((saved, entries))
}

/// A payment pays for a plan in the plan's currency.
pub(crate) fn check_currency(currency: &str, plan: &profile::Model) -> CoreResult<()> {
    if currency.eq_ignore_ascii_case(&plan.currency) {
        return Ok(());
    }
    Err(CoreError::invalid(
        "payment",
        vec![FieldError {
            field: "currency".into(),
            message: format!(
                "'{}' is paid in {}, not {currency}.",
                plan.name, plan.currency
            ),
        }],
    ))
}
