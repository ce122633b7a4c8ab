//! Redemption at the counter: a code typed or scanned gives its card's time to an existing
//! customer on the card's plan (the customer's plan extended by one period, through the same
//! path payments use), and the card leaves its routers so it cannot be used twice.
//!
//! Codes that are no card's are limited per staff member: after [`WRONG_PER_MINUTE`] in the
//! last minute, the next try waits (guessing codes at the counter gets nowhere). Every try is
//! stored before it is judged, so a refused one counts even though nothing else is saved.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tikbill_api::{FieldError, Permission, RedeemOutcome, RedeemVoucherInput, VoucherState};

use super::listing::find_code;
use super::moves::{self, lock};
use super::view::{card_views, state_of};
use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile, voucher, voucher_batch, voucher_redeem_attempt};
use crate::{Context, CoreError, CoreResult};

/// Codes that are no card's one person may type per minute.
pub const WRONG_PER_MINUTE: u64 = 5;

/// Redeems a card for a customer (see the module).
pub async fn redeem(ctx: &Context, input: &RedeemVoucherInput) -> CoreResult<RedeemOutcome> {
    ctx.require(Permission::SellVouchers)?;
    ctx.require(Permission::ActivateCustomers)?;
    let staff_id = ctx.actor().staff_id();
    let now = ctx.now();
    let window_start = now - chrono::Duration::seconds(60);
    let mut wrong = voucher_redeem_attempt::Entity::find()
        .filter(voucher_redeem_attempt::Column::At.gt(window_start))
        .filter(voucher_redeem_attempt::Column::Succeeded.eq(false));
    wrong = match staff_id {
        Some(id) => wrong.filter(voucher_redeem_attempt::Column::StaffId.eq(id)),
        None => wrong.filter(voucher_redeem_attempt::Column::StaffId.is_null()),
    };
    // Counted and stored under one write lock: tries sent at once wait for each other.
    let counting = crate::db::begin_write(ctx.db()).await?;
    if wrong.clone().count(&counting).await? >= WRONG_PER_MINUTE {
        let oldest = wrong
            .order_by_asc(voucher_redeem_attempt::Column::At)
            .one(&counting)
            .await?
            .map_or(now, |a| a.at);
        let wait = (oldest + chrono::Duration::seconds(60) - now)
            .num_seconds()
            .max(1);
        return Err(CoreError::TooManyCodes {
            retry_after_secs: u64::try_from(wait).unwrap_or(60),
        });
    }
    let attempt = voucher_redeem_attempt::ActiveModel {
        staff_id: Set(staff_id),
        at: Set(now),
        succeeded: Set(false),
        ..Default::default()
    }
    .insert(&counting)
    .await?;
    counting.commit().await?;
    let card = find_code(ctx.db(), &input.code).await?;
    // A code that is a card's counts as a right try, whatever becomes of it.
    let mut found: voucher_redeem_attempt::ActiveModel = attempt.into();
    found.succeeded = Set(true);
    found.update(ctx.db()).await?;
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let card = lock(voucher::Entity::find_by_id(card.id))
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::NotFound("The card vanished.".into()))?;
    moves::check_all(std::slice::from_ref(&card), VoucherState::Redeemed).map_err(|_| {
        CoreError::Conflict(format!(
            "Card {} is {}: it cannot be redeemed.",
            card.code,
            state_of(&card).map_or("in another state", VoucherState::label)
        ))
    })?;
    let batch = voucher_batch::Entity::find_by_id(card.batch_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::Internal("a card's batch vanished".into()))?;
    let plan = profile::Entity::find_by_id(batch.profile_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::Internal("a card's plan vanished".into()))?;
    let customer = customer::Entity::find_by_id(input.customer_id)
        .one(&txn)
        .await?
        .ok_or_else(|| {
            CoreError::NotFound(format!("Customer #{} does not exist.", input.customer_id))
        })?;
    if customer.profile_id != plan.id {
        return Err(CoreError::invalid(
            "redemption",
            vec![FieldError {
                field: "code".into(),
                message: format!(
                    "This card is for plan '{}'; {} is on another plan: change their plan first.",
                    plan.name, customer.username
                ),
            }],
        ));
    }
    if batch.valid_until.is_some_and(|end| end <= ctx.now()) {
        return Err(CoreError::Conflict(format!(
            "Card {} was valid until a day that is over: it cannot be redeemed.",
            card.code
        )));
    }
    // The period the card was sold as, whatever the plan has become since.
    let sold_as = profile::Model {
        duration_value: batch.duration_value,
        duration_unit: batch.duration_unit.clone(),
        ..plan.clone()
    };
    let (before, after) =
        crate::customer::add_periods(ctx, &txn, customer.id, office_tz, &sold_as, 1).await?;
    let reason = format!("redeemed for {}", customer.username);
    let saved = moves::apply(
        ctx,
        &txn,
        vec![card],
        VoucherState::Redeemed,
        &reason,
        |_| None,
        |c| c.customer_id = Set(Some(customer.id)),
    )
    .await?;
    super::revoke::off_routers(ctx, &txn, &saved).await?;
    let card = card_views(&txn, saved).await?.remove(0);
    audit::record_all(
        &txn,
        vec![
            AuditEntry::by(ctx, "customer.extend", "customer", Some(customer.id))
                .before(&before)
                .after(&after),
            AuditEntry::by(ctx, "voucher.redeem", "voucher", Some(card.id)).after(&card),
        ],
    )
    .await?;
    txn.commit().await?;
    Ok(RedeemOutcome {
        card,
        expires_at: after.expires_at.clone(),
    })
}
