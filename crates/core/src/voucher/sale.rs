//! Selling cards over the counter: the cards a cashier holds (or, for owners and managers, any
//! card not sold yet) become `sold` in one transaction with the payment for them, which goes
//! into the seller's drawer. Reversing that payment revokes the cards not used yet.

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use tikbill_api::{Permission, SellVouchersInput, VoucherSale, VoucherState};

use super::moves::{self, lock};
use super::view::{card_views, state_of};
use crate::audit::{self, AuditEntry};
use crate::entity::{voucher, voucher_batch};
use crate::money::from_e4;
use crate::shift::drawer::open_shift_of;
use crate::{Context, CoreError, CoreResult};

/// Sells the cards with these codes in one payment.
pub async fn sell(ctx: &Context, input: &SellVouchersInput) -> CoreResult<VoucherSale> {
    ctx.require(Permission::SellVouchers)?;
    ctx.require(Permission::TakePayments)?;
    let manager = ctx.require(Permission::ManageVouchers).is_ok();
    let me = ctx.actor().staff_id();
    let txn = crate::db::begin_write(ctx.db()).await?;
    let rows = moves::cards_by_code(&txn, &input.codes).await?;
    moves::check_all(&rows, VoucherState::Sold)?;
    for row in &rows {
        let held_by_me = row.issued_to.is_some() && row.issued_to == me;
        let unheld = row.issued_to.is_none();
        if !(held_by_me || (manager && unheld)) {
            return Err(CoreError::Forbidden(format!(
                "Card {} is not one issued to you: ask for it to be issued first.",
                row.code
            )));
        }
    }
    let batch_ids: BTreeSet<i64> = rows.iter().map(|r| r.batch_id).collect();
    let batches = voucher_batch::Entity::find()
        .filter(voucher_batch::Column::Id.is_in(batch_ids.iter().copied()))
        .all(&txn)
        .await?;
    if let Some(over) = batches
        .iter()
        .find(|b| b.valid_until.is_some_and(|end| end <= ctx.now()))
    {
        let code = rows
            .iter()
            .find(|r| r.batch_id == over.id)
            .map_or("", |r| r.code.as_str());
        return Err(CoreError::Conflict(format!(
            "Card {code} was valid until a day that is over: it cannot be sold."
        )));
    }
    let currencies: BTreeSet<&str> = batches.iter().map(|b| b.currency.as_str()).collect();
    let [currency] = currencies.into_iter().collect::<Vec<_>>()[..] else {
        return Err(CoreError::Conflict(
            "These cards are priced in different currencies: sell them separately.".into(),
        ));
    };
    let currency = currency.to_string();
    let mut total_e4: i64 = 0;
    for row in &rows {
        let price = batches
            .iter()
            .find(|b| b.id == row.batch_id)
            .map_or(0, |b| b.price_e4);
        total_e4 = total_e4
            .checked_add(price)
            .ok_or_else(|| CoreError::Conflict("The total is too large to record.".into()))?;
    }
    let plans: BTreeSet<i64> = batches.iter().map(|b| b.profile_id).collect();
    let plan_id = (plans.len() == 1).then(|| plans.first().copied()).flatten();
    let payment = if total_e4 > 0 {
        let amount = from_e4(total_e4).to_string();
        Some(
            crate::payment::sale::record_card_sale(
                ctx,
                &txn,
                &amount,
                &currency,
                input.method,
                plan_id,
            )
            .await?,
        )
    } else {
        None
    };
    let payment_id = payment.as_ref().map(|p| p.id);
    let shift_id = payment.as_ref().and_then(|p| p.shift_id);
    let shift_id = match (shift_id, me) {
        (Some(id), _) => Some(id),
        (None, Some(me)) => open_shift_of(&txn, me).await?.map(|s| s.id),
        (None, None) => None,
    };
    let reason = match payment_id {
        Some(id) => format!("sold, payment #{id}"),
        None => "sold (free cards)".to_string(),
    };
    let saved = moves::apply(
        ctx,
        &txn,
        rows,
        VoucherState::Sold,
        &reason,
        |_| shift_id,
        |card| {
            card.payment_id = Set(payment_id);
            if me.is_some() && manager {
                card.issued_to = Set(me);
            }
        },
    )
    .await?;
    let cards = card_views(&txn, saved).await?;
    let payment = match payment {
        Some(row) => Some(crate::payment::view_of_row(&txn, row).await?),
        None => None,
    };
    audit::record(
        &txn,
        AuditEntry::by(ctx, "voucher.sell", "payment", payment_id).after(&serde_json::json!({
            "codes": cards.iter().map(|c| &c.code).collect::<Vec<_>>(),
            "amount": from_e4(total_e4).to_string(),
            "currency": currency,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(VoucherSale { payment, cards })
}

/// For a reversal of payment `payment_id`: when it sold cards, revokes them (off the routers)
/// and returns the audit entries; refused when one is in use or used. `None`: it sold none.
pub(crate) async fn reverse_sale(
    ctx: &Context,
    txn: &DatabaseTransaction,
    payment_id: i64,
    reason: &str,
) -> CoreResult<Option<Vec<AuditEntry>>> {
    let rows = lock(voucher::Entity::find().filter(voucher::Column::PaymentId.eq(payment_id)))
        .all(txn)
        .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    // Cards of the sale revoked already are off their routers: nothing more to do for them.
    let rows: Vec<voucher::Model> = rows
        .into_iter()
        .filter(|r| state_of(r).is_ok_and(|s| s != VoucherState::Revoked))
        .collect();
    for row in &rows {
        if state_of(row)? != VoucherState::Sold {
            return Err(CoreError::Conflict(format!(
                "Card {} of this sale is {}: its time was used and cannot be taken back.",
                row.code,
                state_of(row)?.label()
            )));
        }
    }
    let codes: Vec<String> = rows.iter().map(|r| r.code.clone()).collect();
    let reason = format!("sale reversed: {reason}");
    if rows.is_empty() {
        return Ok(Some(Vec::new()));
    }
    super::revoke::revoke_in(ctx, txn, rows, &reason).await?;
    Ok(Some(vec![AuditEntry::by(
        ctx,
        "voucher.revoke",
        "payment",
        Some(payment_id),
    )
    .after(&serde_json::json!({ "codes": codes }))]))
}
