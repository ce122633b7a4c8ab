//! A customer's credit: money paid that bought no time yet, per currency. A reversal may take
//! the balance below zero (credit already spent by a later payment): the next payment pays
//! that first.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tikbill_api::{CustomerId, Permission};

use crate::entity::customer_credit;
use crate::money::from_e4;
use crate::{Context, CoreResult};

/// The customer's balances: (currency, exact amount), by currency.
pub async fn credit(ctx: &Context, customer_id: CustomerId) -> CoreResult<Vec<(String, String)>> {
    ctx.require(Permission::ViewCustomers)?;
    crate::customer::find(ctx.db(), customer_id).await?;
    Ok(customer_credit::Entity::find()
        .filter(customer_credit::Column::CustomerId.eq(customer_id))
        .order_by_asc(customer_credit::Column::Currency)
        .all(ctx.db())
        .await?
        .into_iter()
        .map(|row| (row.currency, from_e4(row.balance_e4).to_string()))
        .collect())
}

/// The balance in `currency` (1/10,000 units), locked until the transaction ends. The caller
/// holds the customer's row lock, so two payments of one customer take turns here.
pub(crate) async fn balance(
    db: &impl ConnectionTrait,
    customer_id: CustomerId,
    currency: &str,
) -> CoreResult<i64> {
    Ok(row(db, customer_id, currency)
        .await?
        .map_or(0, |r| r.balance_e4))
}

/// Adds `delta_e4` (may be negative) to the balance in `currency`.
pub(crate) async fn adjust(
    ctx: &Context,
    db: &impl ConnectionTrait,
    customer_id: CustomerId,
    currency: &str,
    delta_e4: i64,
) -> CoreResult<()> {
    if delta_e4 == 0 {
        return Ok(());
    }
    match row(db, customer_id, currency).await? {
        Some(found) => {
            let balance = found.balance_e4.saturating_add(delta_e4);
            let mut active: customer_credit::ActiveModel = found.into();
            active.balance_e4 = Set(balance);
            active.updated_at = Set(ctx.now());
            active.update(db).await?;
        }
        None => {
            customer_credit::ActiveModel {
                customer_id: Set(customer_id),
                currency: Set(currency.to_string()),
                balance_e4: Set(delta_e4),
                updated_at: Set(ctx.now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

async fn row(
    db: &impl ConnectionTrait,
    customer_id: CustomerId,
    currency: &str,
) -> CoreResult<Option<customer_credit::Model>> {
    Ok(customer_credit::Entity::find()
        .filter(customer_credit::Column::CustomerId.eq(customer_id))
        .filter(customer_credit::Column::Currency.eq(currency))
        .lock_exclusive()
        .one(db)
        .await?)
}
