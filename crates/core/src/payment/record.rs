//! Recording money taken at the counter: checked, stored `paid` with gateway `manual` and its
//! reference, then applied to its customer (or left `unmatched` for nobody known), in one
//! transaction. The same reference twice is the same payment: the second call returns the
//! first, unchanged.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use tikbill_api::{FieldError, PaymentInput, PaymentState, PaymentView, Permission};

use super::apply::{apply_in, check_currency};
use super::state;
use super::view::view_of;
use crate::audit::{self, AuditEntry};
use crate::entity::{payment, profile};
use crate::money::{parse_amount, parse_currency, to_e4};
use crate::{Context, CoreError, CoreResult};

/// The gateway of every payment recorded by hand.
pub const MANUAL: &str = "manual";

/// The longest reference stored.
const REFERENCE_MAX: usize = 128;

/// Records a payment and applies it (see the module).
pub async fn record(ctx: &Context, input: &PaymentInput) -> CoreResult<PaymentView> {
    ctx.require(Permission::TakePayments)?;
    let checked = check(ctx.db(), input).await?;
    let reference = match input.reference.as_deref().map(str::trim) {
        Some(given) if !given.is_empty() => given.to_string(),
        _ => format!("manual-{}", ctx.random().text(&alphabet(), 20)),
    };
    if let Some(existing) = by_reference(ctx.db(), &reference).await? {
        return view_of(ctx.db(), existing).await;
    }
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    if let Some(existing) = by_reference(&txn, &reference).await? {
        let view = view_of(&txn, existing).await?;
        txn.commit().await?;
        return Ok(view);
    }
    if let Some(customer_id) = input.customer_id {
        // Locked before the payment's insert takes its foreign-key share lock: two payments of
        // one customer queue here instead of deadlocking on upgrading that lock (PostgreSQL).
        crate::customer::find_for_update(&txn, customer_id).await?;
    }
    let drawer = crate::shift::for_payment(ctx, &txn, input.method, &checked.currency).await?;
    let receipt_number = super::receipt_number::next(&txn).await?;
    let now = ctx.now();
    // A savepoint: losing a race for the reference leaves the transaction usable.
    let savepoint = txn.begin().await?;
    let inserted = payment::ActiveModel {
        customer_id: Set(input.customer_id),
        profile_id: Set(checked.plan_id),
        amount_e4: Set(checked.amount_e4),
        currency: Set(checked.currency),
        method: Set(input.method.as_str().to_string()),
        gateway: Set(Some(MANUAL.to_string())),
        gateway_reference: Set(Some(reference.clone())),
        state: Set(PaymentState::Paid.as_str().to_string()),
        received_by: Set(ctx.actor().staff_id()),
        note: Set(None),
        paid_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        periods: Set(checked.periods),
        credit_added_e4: Set(0),
        credit_used_e4: Set(0),
        expiry_before: Set(None),
        expiry_after: Set(None),
        shift_id: Set(drawer.shift_id),
        receipt_number: Set(Some(receipt_number)),
        receipt_prints: Set(0),
        ..Default::default()
    }
    .insert(&savepoint)
    .await;
    let row = match inserted {
        Ok(row) => {
            savepoint.commit().await?;
            row
        }
        Err(err) if CoreError::is_unique_violation(&err) => {
            savepoint.rollback().await?;
            txn.rollback().await?;
            let existing = by_reference(ctx.db(), &reference)
                .await?
                .ok_or_else(|| CoreError::Internal("a duplicate payment vanished".into()))?;
            return view_of(ctx.db(), existing).await;
        }
        Err(err) => return Err(err.into()),
    };
    state::log(ctx, &txn, row.id, None, PaymentState::Paid, "recorded").await?;
    let mut entries = vec![
        AuditEntry::by(ctx, "payment.record", "payment", Some(row.id))
            .after(&view_of(&txn, row.clone()).await?),
    ];
    let row = if row.customer_id.is_some() {
        let (row, more) = apply_in(ctx, &txn, row, office_tz).await?;
        entries.extend(more);
        row
    } else {
        let mut active: payment::ActiveModel = row.into();
        active.state = Set(PaymentState::Unmatched.as_str().to_string());
        let row = active.update(&txn).await?;
        state::log(
            ctx,
            &txn,
            row.id,
            Some(PaymentState::Paid),
            PaymentState::Unmatched,
            "no customer",
        )
        .await?;
        row
    };
    audit::record_all(&txn, entries).await?;
    let view = view_of(&txn, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// What the input says, checked.
struct Checked {
    amount_e4: i64,
    currency: String,
    periods: i32,
    plan_id: Option<i64>,
}

async fn check(db: &impl ConnectionTrait, input: &PaymentInput) -> CoreResult<Checked> {
    let mut fields = Vec::new();
    let mut refuse = |field: &str, message: String| {
        fields.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let amount_e4 = match parse_amount(&input.amount).map(to_e4) {
        Ok(Ok(e4)) if e4 > 0 => Some(e4),
        Ok(Ok(_)) => {
            refuse("amount", "The amount must be more than 0.".into());
            None
        }
        Ok(Err(err)) | Err(err) => {
            refuse("amount", format!("{}.", capitalised(&err.to_string())));
            None
        }
    };
    let currency = parse_currency(&input.currency);
    if currency.is_none() {
        refuse(
            "currency",
            "Write the currency as its 3-letter code, such as IDR.".into(),
        );
    }
    let periods = i32::try_from(input.periods).ok().filter(|p| *p >= 1);
    if periods.is_none() {
        refuse("periods", "Pay for 1 period or more.".into());
    }
    if input
        .reference
        .as_deref()
        .is_some_and(|r| r.trim().chars().count() > REFERENCE_MAX)
    {
        refuse(
            "reference",
            format!("A reference has at most {REFERENCE_MAX} characters."),
        );
    }
    let customer = match input.customer_id {
        Some(id) => {
            let found = crate::entity::customer::Entity::find_by_id(id)
                .one(db)
                .await?;
            if found.is_none() {
                refuse("customer_id", format!("Customer #{id} does not exist."));
            }
            found
        }
        None => None,
    };
    let plan_id = input.profile_id.or(customer.as_ref().map(|c| c.profile_id));
    let plan = match plan_id {
        Some(id) => {
            let found = profile::Entity::find_by_id(id).one(db).await?;
            if found.is_none() {
                refuse("profile_id", format!("Plan #{id} does not exist."));
            }
            found
        }
        None => None,
    };
    if let (Some(plan), Some(code)) = (&plan, &currency) {
        if let Err(CoreError::Validation { fields: wrong, .. }) = check_currency(code, plan) {
            fields.extend(wrong);
        }
    }
    match (amount_e4, currency, periods) {
        (Some(amount_e4), Some(currency), Some(periods)) if fields.is_empty() => Ok(Checked {
            amount_e4,
            currency,
            periods,
            plan_id: input.profile_id,
        }),
        _ => Err(CoreError::invalid("payment", fields)),
    }
}

/// The stored payment with this manual reference, if any.
async fn by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> CoreResult<Option<payment::Model>> {
    Ok(payment::Entity::find()
        .filter(payment::Column::Gateway.eq(MANUAL))
        .filter(payment::Column::GatewayReference.eq(reference))
        .one(db)
        .await?)
}

fn alphabet() -> Vec<char> {
    "abcdefghjkmnpqrstuvwxyz23456789".chars().collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
