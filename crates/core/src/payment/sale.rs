//! Money for prepaid cards sold at the counter: one payment per sale, in the cashier's drawer
//! (cash needs an open shift, as every payment taken by a person), with a receipt number, and
//! applied at once — to the cards, not to a customer (`customer_id` stays empty). The cards
//! record the payment (`vouchers.payment_id`); see `crate::voucher::sale`.

use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use tikbill_api::{PaymentInput, PaymentMethod, PaymentState};

use super::record::{check, insert_paid, NewPayment, MANUAL};
use super::state;
use crate::entity::payment;
use crate::{Context, CoreError, CoreResult};

/// Why the sale's payment is applied.
pub const CARD_SALE: &str = "prepaid cards sold";

/// Records the sale's money, `paid` then `applied`, in the caller's transaction.
pub(crate) async fn record_card_sale(
    ctx: &Context,
    txn: &DatabaseTransaction,
    amount: &str,
    currency: &str,
    method: PaymentMethod,
    plan_id: Option<i64>,
) -> CoreResult<payment::Model> {
    let input = PaymentInput {
        customer_id: None,
        profile_id: plan_id,
        periods: 1,
        amount: amount.to_string(),
        currency: currency.to_string(),
        method,
        reference: None,
    };
    let checked = check(txn, &input).await?;
    let reference = format!("cards-{}", ctx.random().text(&reference_alphabet(), 20));
    let drawer = crate::shift::for_payment(ctx, txn, method, currency).await?;
    let receipt_number = super::receipt_number::next(txn).await?;
    let new = NewPayment {
        input: &input,
        checked,
        gateway: MANUAL,
        reference: &reference,
        shift_id: drawer.shift_id,
        receipt_number,
    };
    let row = insert_paid(ctx, txn, new)
        .await?
        .ok_or_else(|| CoreError::Internal("a fresh sale reference was taken".into()))?;
    let mut active: payment::ActiveModel = row.into();
    active.state = Set(PaymentState::Applied.as_str().to_string());
    let row = active.update(txn).await?;
    state::log(
        ctx,
        txn,
        row.id,
        Some(PaymentState::Paid),
        PaymentState::Applied,
        CARD_SALE,
    )
    .await?;
    Ok(row)
}

fn reference_alphabet() -> Vec<char> {
    "abcdefghjkmnpqrstuvwxyz23456789".chars().collect()
}
