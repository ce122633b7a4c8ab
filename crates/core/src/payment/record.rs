//! Recording money taken at the counter: checked, stored `paid` with gateway `manual` and its
//! reference, then applied to its customer (or left `unmatched` for nobody known), in one
//! transaction. The same reference twice is the same payment: the second call returns the
//! first, unchanged.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, TransactionTrait,
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
        same_payment(&existing, input, &checked)?;
        return view_of(ctx.db(), existing).await;
    }
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    if let Some(existing) = by_reference(&txn, &reference).await? {
        same_payment(&existing, input, &checked)?;
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
    let new = NewPayment {
        input,
        checked: checked.clone(),
        gateway: MANUAL,
        reference: &reference,
        shift_id: drawer.shift_id,
        receipt_number,
    };
    let Some(row) = insert_paid(ctx, &txn, new).await? else {
        txn.rollback().await?;
        let existing = by_reference(ctx.db(), &reference)
            .await?
            .ok_or_else(|| CoreError::Internal("a duplicate payment vanished".into()))?;
        same_payment(&existing, input, &checked)?;
        return view_of(ctx.db(), existing).await;
    };
    let mut entries = vec![
        AuditEntry::by(ctx, "payment.record", "payment", Some(row.id))
            .after(&view_of(&txn, row.clone()).await?),
    ];
    let row = if row.customer_id.is_some() {
        let (row, more) = apply_in(ctx, &txn, row, office_tz).await?;
        entries.extend(more);
        row
    } else {
        unmatched(ctx, &txn, row).await?
    };
    audit::record_all(&txn, entries).await?;
    let view = view_of(&txn, row).await?;
    txn.commit().await?;
    Ok(view)
}

/// A payment to store `paid`.
pub(super) struct NewPayment<'a> {
    pub input: &'a PaymentInput,
    pub checked: Checked,
    pub gateway: &'a str,
    pub reference: &'a str,
    pub shift_id: Option<i64>,
    pub receipt_number: i64,
}

/// Inserts the payment `paid` with its first transition, in a savepoint of `txn`; `None` when
/// another writer stored the same (gateway, reference) first (the savepoint is undone, `txn`
/// stays usable).
pub(super) async fn insert_paid(
    ctx: &Context,
    txn: &DatabaseTransaction,
    new: NewPayment<'_>,
) -> CoreResult<Option<payment::Model>> {
    let now = ctx.now();
    let savepoint = txn.begin().await?;
    let inserted = payment::ActiveModel {
        customer_id: Set(new.input.customer_id),
        profile_id: Set(new.checked.plan_id),
        amount_e4: Set(new.checked.amount_e4),
        currency: Set(new.checked.currency),
        method: Set(new.input.method.as_str().to_string()),
        gateway: Set(Some(new.gateway.to_string())),
        gateway_reference: Set(Some(new.reference.to_string())),
        state: Set(PaymentState::Paid.as_str().to_string()),
        received_by: Set(ctx.actor().staff_id()),
        note: Set(None),
        paid_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        periods: Set(new.checked.periods),
        credit_added_e4: Set(0),
        credit_used_e4: Set(0),
        expiry_before: Set(None),
        expiry_after: Set(None),
        shift_id: Set(new.shift_id),
        receipt_number: Set(Some(new.receipt_number)),
        receipt_prints: Set(0),
        ..Default::default()
    }
    .insert(&savepoint)
    .await;
    match inserted {
        Ok(row) => {
            savepoint.commit().await?;
            let why = if new.gateway == MANUAL {
                "recorded"
            } else {
                "received"
            };
            state::log(ctx, txn, row.id, None, PaymentState::Paid, why).await?;
            Ok(Some(row))
        }
        Err(err) if CoreError::is_unique_violation(&err) => {
            savepoint.rollback().await?;
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

/// Money for nobody known: `paid` → `unmatched`, waiting to be assigned.
pub(super) async fn unmatched(
    ctx: &Context,
    txn: &DatabaseTransaction,
    row: payment::Model,
) -> CoreResult<payment::Model> {
    let mut active: payment::ActiveModel = row.into();
    active.state = Set(PaymentState::Unmatched.as_str().to_string());
    let row = active.update(txn).await?;
    state::log(
        ctx,
        txn,
        row.id,
        Some(PaymentState::Paid),
        PaymentState::Unmatched,
        "no customer",
    )
    .await?;
    Ok(row)
}

/// The same reference again must be the same payment (a retry, a double click); a reference
/// already used for another customer, amount, currency or method is refused under its field
/// rather than answered with that other payment.
fn same_payment(
    existing: &payment::Model,
    input: &PaymentInput,
    checked: &Checked,
) -> CoreResult<()> {
    let same = existing.customer_id == input.customer_id
        && existing.amount_e4 == checked.amount_e4
        && existing.currency == checked.currency
        && existing.method == input.method.as_str();
    if same {
        return Ok(());
    }
    Err(CoreError::invalid(
        "payment",
        vec![FieldError {
            field: "reference".into(),
            message: format!(
                "Reference '{}' is already payment #{} ({} {}): check the reference.",
                existing.gateway_reference.as_deref().unwrap_or_default(),
                existing.id,
                crate::money::from_e4(existing.amount_e4),
                existing.currency
            ),
        }],
    ))
}

/// What the input says, checked.
#[derive(Clone)]
pub(super) struct Checked {
    amount_e4: i64,
    currency: String,
    periods: i32,
    plan_id: Option<i64>,
}

pub(super) async fn check(db: &impl ConnectionTrait, input: &PaymentInput) -> CoreResult<Checked> {
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
    by_reference_of(db, MANUAL, reference).await
}

/// The stored payment with this gateway's reference, if any.
pub(crate) async fn by_reference_of(
    db: &impl ConnectionTrait,
    gateway: &str,
    reference: &str,
) -> CoreResult<Option<payment::Model>> {
    Ok(payment::Entity::find()
        .filter(payment::Column::Gateway.eq(gateway))
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
