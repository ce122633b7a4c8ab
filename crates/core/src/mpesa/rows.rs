//! Pushes as rows and as views.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{CustomerId, MpesaPushView, Permission, PushState};

use crate::entity::mpesa_push::{self, Column, Entity};
use crate::{money, Context, CoreError, CoreResult};

pub(crate) fn state_of(row: &mpesa_push::Model) -> PushState {
    PushState::parse(&row.state).unwrap_or(PushState::Pending)
}

/// A push as staff see it.
pub fn push_view(row: &mpesa_push::Model) -> MpesaPushView {
    let result = match (&row.result_code, &row.result_desc) {
        (Some(code), Some(desc)) => Some(format!("{code} {desc}")),
        (None, Some(desc)) => Some(desc.clone()),
        (Some(code), None) => Some(code.clone()),
        (None, None) => None,
    };
    MpesaPushView {
        id: row.id,
        customer_id: row.customer_id,
        phone: row.phone.clone(),
        amount: money::from_e4(row.amount_e4).normalize().to_string(),
        currency: "KES".into(),
        periods: u32::try_from(row.periods).unwrap_or(1),
        state: state_of(row),
        checkout_request_id: row.checkout_request_id.clone(),
        result,
        receipt: row.receipt.clone(),
        payment_id: row.payment_id,
        created_at: row.created_at.to_rfc3339(),
    }
}

/// A customer's pushes, newest first (the last 50).
pub async fn list_for_customer(
    ctx: &Context,
    customer_id: CustomerId,
) -> CoreResult<Vec<MpesaPushView>> {
    ctx.require(Permission::ViewPayments)?;
    let rows = Entity::find()
        .filter(Column::CustomerId.eq(customer_id))
        .order_by_desc(Column::Id)
        .limit(50)
        .all(ctx.db())
        .await?;
    Ok(rows.iter().map(push_view).collect())
}

pub(crate) async fn by_checkout(
    db: &impl ConnectionTrait,
    checkout_request_id: &str,
) -> CoreResult<Option<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::CheckoutRequestId.eq(checkout_request_id))
        .one(db)
        .await?)
}

pub(crate) async fn by_receipt(
    db: &impl ConnectionTrait,
    receipt: &str,
) -> CoreResult<Option<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::Receipt.eq(receipt))
        .one(db)
        .await?)
}

pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> CoreResult<mpesa_push::Model> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("There is no M-Pesa push {id}.")))
}

/// Pushes marked paid whose payment was not made (a process stopped between the two).
pub(crate) async fn paid_without_payment(
    db: &impl ConnectionTrait,
) -> CoreResult<Vec<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::State.eq(PushState::Paid.as_str()))
        .filter(Column::PaymentId.is_null())
        .order_by_asc(Column::Id)
        .limit(100)
        .all(db)
        .await?)
}

/// A push paid per Daraja's query (no receipt known) for this amount and account reference,
/// resolved since `since`.
pub(crate) async fn paid_by_query_like(
    db: &impl ConnectionTrait,
    amount_e4: i64,
    account_reference: &str,
    since: DateTime<Utc>,
) -> CoreResult<Option<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::State.eq(PushState::Paid.as_str()))
        .filter(Column::Receipt.is_null())
        .filter(Column::AmountE4.eq(amount_e4))
        .filter(Column::AccountReference.eq(account_reference))
        .filter(Column::ResolvedAt.gte(since))
        .order_by_asc(Column::Id)
        .one(db)
        .await?)
}

/// A push still open (not yet paid) for this amount and account reference, made since
/// `since`: money arriving by C2B for it is its money.
pub(crate) async fn open_like(
    db: &impl ConnectionTrait,
    amount_e4: i64,
    account_reference: &str,
    since: DateTime<Utc>,
) -> CoreResult<Option<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::State.is_in([
            PushState::Sending.as_str(),
            PushState::Pending.as_str(),
            PushState::Failed.as_str(),
            PushState::Expired.as_str(),
        ]))
        .filter(Column::AmountE4.eq(amount_e4))
        .filter(Column::AccountReference.eq(account_reference))
        .filter(Column::CreatedAt.gte(since))
        .order_by_asc(Column::Id)
        .one(db)
        .await?)
}

/// Pushes waiting for an answer whose next question to Daraja is due.
pub(crate) async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> CoreResult<Vec<mpesa_push::Model>> {
    Ok(Entity::find()
        .filter(Column::State.eq(PushState::Pending.as_str()))
        .filter(Column::NextQueryAt.lte(now))
        .order_by_asc(Column::NextQueryAt)
        .limit(100)
        .all(db)
        .await?)
}
