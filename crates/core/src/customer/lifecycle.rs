//! Status changes as the office and the agent ask for them: each reads the customer (locked),
//! applies [`transition::next`] at the clock's now, stores the result and enqueues the router
//! job that makes the router follow (enable, disable, new expiry entry) and its audit entry, in
//! one transaction.

use chrono_tz::Tz;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use tikbill_api::{CustomerId, CustomerStatus, CustomerView, DurationUnit, ServiceType};

use super::transition::{self, Change, Period, State};
use super::{find_for_update, listing};
use crate::audit::{self, AuditEntry};
use crate::entity::{customer, profile};
use crate::provisioning::enqueue;
use crate::{Context, CoreError, CoreResult};
use tikbill_api::Permission;

/// How many ids one `UPDATE … WHERE id IN (…)` carries (well under every backend's limit on
/// bound parameters).
const EXPIRE_BATCH: usize = 1000;

/// Starts service: pending, expired or disabled → active for one period of the customer's
/// profile, from now or, if time is left, from the current expiry.
pub async fn activate(ctx: &Context, id: CustomerId) -> CoreResult<CustomerView> {
    ctx.require(Permission::ActivateCustomers)?;
    change(ctx, id, "customer.activate", |profile| {
        Ok(Change::Activate(duration_of(profile)?))
    })
    .await
}

/// Adds time: `by` (see [`period_of`] for the Extend form's), or one period of the customer's
/// profile. An active customer's time is added to the current expiry; an expired one is
/// active again from now.
pub async fn extend(
    ctx: &Context,
    id: CustomerId,
    by: Option<(u32, DurationUnit)>,
) -> CoreResult<CustomerView> {
    ctx.require(Permission::ActivateCustomers)?;
    change(ctx, id, "customer.extend", |profile| {
        Ok(Change::Extend(match by {
            Some(period) => period,
            None => duration_of(profile)?,
        }))
    })
    .await
}

/// Switches a customer off; the expiry is kept for when they are enabled again.
pub async fn disable(ctx: &Context, id: CustomerId) -> CoreResult<CustomerView> {
    ctx.require(Permission::SuspendCustomers)?;
    change(ctx, id, "customer.disable", |_| Ok(Change::Disable)).await
}

/// Switches a disabled customer back on: active if their expiry is still ahead, expired if it
/// passed meanwhile, pending if they were never activated.
pub async fn enable(ctx: &Context, id: CustomerId) -> CoreResult<CustomerView> {
    ctx.require(Permission::SuspendCustomers)?;
    change(ctx, id, "customer.enable", |_| Ok(Change::Enable)).await
}

/// Every active customer whose expiry is now or earlier becomes expired, in one transaction,
/// with a `customer.expire` audit entry each. Returns who changed, by id, in id order. Run by
/// the agent's scheduler.
pub async fn expire_due(ctx: &Context) -> CoreResult<Vec<CustomerId>> {
    ctx.actor().require_system()?;
    let now = ctx.now();
    let txn = crate::db::begin_write(ctx.db()).await?;
    // Locked (PostgreSQL), so a renewal committed meanwhile is seen and its customer skipped.
    let rows = customer::Entity::find()
        .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
        .filter(customer::Column::ExpiresAt.lte(now))
        .order_by_asc(customer::Column::Id)
        .lock_exclusive()
        .all(&txn)
        .await?;
    let due: Vec<CustomerId> = rows.iter().map(|row| row.id).collect();
    let entries = listing::views(&txn, rows)
        .await?
        .into_iter()
        .map(|before| {
            let after = CustomerView {
                status: CustomerStatus::Expired,
                ..before.clone()
            };
            AuditEntry::by(ctx, "customer.expire", "customer", Some(before.id))
                .before(&before)
                .after(&after)
        })
        .collect();
    for batch in due.chunks(EXPIRE_BATCH) {
        customer::Entity::update_many()
            .col_expr(
                customer::Column::Status,
                Expr::value(CustomerStatus::Expired.as_str()),
            )
            .col_expr(customer::Column::UpdatedAt, Expr::value(now))
            .filter(customer::Column::Id.is_in(batch.iter().copied()))
            .exec(&txn)
            .await?;
    }
    enqueue::customers(&txn, &due, now).await?;
    audit::record_all(&txn, entries).await?;
    txn.commit().await?;
    Ok(due)
}

/// Reads the customer and their profile, asks `what` for the change, applies it, stores it.
async fn change(
    ctx: &Context,
    id: CustomerId,
    action: &str,
    what: impl FnOnce(&profile::Model) -> CoreResult<Change>,
) -> CoreResult<CustomerView> {
    let office_tz = ctx.office_time_zone().await?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let (before, view) = change_in(ctx, &txn, id, office_tz, |profile, _| what(profile)).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, action, "customer", Some(id))
            .before(&before)
            .after(&view),
    )
    .await?;
    txn.commit().await?;
    Ok(view)
}

/// Adds `periods` periods of `plan` to the customer in the caller's transaction, as [`extend`]
/// does (or as [`activate`] does for a customer who is not active): the one way a payment buys
/// time. Returns the customer before and after; the caller records the audit entries.
pub(crate) async fn add_periods(
    ctx: &Context,
    txn: &DatabaseTransaction,
    id: CustomerId,
    office_tz: Tz,
    plan: &profile::Model,
    periods: u32,
) -> CoreResult<(CustomerView, CustomerView)> {
    let (value, unit) = duration_of(plan)?;
    let value = value.checked_mul(periods).ok_or_else(|| {
        CoreError::invalid(
            "payment",
            vec![tikbill_api::FieldError {
                field: "periods".into(),
                message: format!("{periods} periods of '{}' is too long.", plan.name),
            }],
        )
    })?;
    change_in(ctx, txn, id, office_tz, |_, status| {
        Ok(match status {
            CustomerStatus::Active => Change::Extend((value, unit)),
            _ => Change::Activate((value, unit)),
        })
    })
    .await
}

/// Takes `bought` back from the customer's expiry in the caller's transaction (a reversed
/// payment): an active customer whose expiry is then past is expired. The router follows.
/// Returns the customer before and after.
pub(crate) async fn take_back(
    ctx: &Context,
    txn: &DatabaseTransaction,
    id: CustomerId,
    bought: chrono::TimeDelta,
) -> CoreResult<(CustomerView, CustomerView)> {
    let now = ctx.now();
    let row = find_for_update(txn, id).await?;
    let before = listing::view_of(txn, row.clone()).await?;
    let expires_at = row.expires_at.map(|t| t - bought);
    let status = match CustomerStatus::parse(&row.status) {
        Some(CustomerStatus::Active) if expires_at.is_some_and(|t| t <= now) => {
            CustomerStatus::Expired
        }
        Some(status) => status,
        None => CustomerStatus::Pending,
    };
    let mut active: customer::ActiveModel = row.into();
    active.status = Set(status.as_str().to_string());
    active.expires_at = Set(expires_at);
    active.updated_at = Set(now);
    let saved = active.update(txn).await?;
    let service = ServiceType::parse(&saved.service_type).unwrap_or(ServiceType::Hotspot);
    enqueue::account(
        txn,
        saved.router_id,
        service,
        &saved.username,
        Some(saved.id),
        now,
    )
    .await?;
    let after = listing::view_of(txn, saved).await?;
    Ok((before, after))
}

/// [`change`] in the caller's transaction: `what` sees the profile and the current status.
/// Returns the customer before and after; records no audit entry.
async fn change_in(
    ctx: &Context,
    txn: &DatabaseTransaction,
    id: CustomerId,
    office_tz: Tz,
    what: impl FnOnce(&profile::Model, CustomerStatus) -> CoreResult<Change>,
) -> CoreResult<(CustomerView, CustomerView)> {
    let now = ctx.now();
    let row = find_for_update(txn, id).await?;
    let profile = profile::Entity::find_by_id(row.profile_id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            CoreError::NotFound(format!(
                "{}'s profile #{} does not exist (it may have been deleted).",
                row.full_name, row.profile_id
            ))
        })?;
    let from = State {
        status: CustomerStatus::parse(&row.status).unwrap_or(CustomerStatus::Pending),
        expires_at: row.expires_at,
    };
    let to = transition::next(
        &row.full_name,
        from,
        what(&profile, from.status)?,
        now,
        office_tz,
    )?;
    let row_before = row.clone();
    let mut active: customer::ActiveModel = row.into();
    active.status = Set(to.status.as_str().to_string());
    active.expires_at = Set(to.expires_at);
    active.updated_at = Set(now);
    let saved = active.update(txn).await?;
    let service = ServiceType::parse(&saved.service_type).unwrap_or(ServiceType::Hotspot);
    enqueue::account(
        txn,
        saved.router_id,
        service,
        &saved.username,
        Some(saved.id),
        now,
    )
    .await?;
    let view = listing::view_of(txn, saved).await?;
    // A status change keeps the router and the profile: their names are the same before.
    let before = listing::view(
        row_before,
        view.router_name.clone(),
        view.profile_name.clone(),
    );
    Ok((before, view))
}

/// A profile's duration as a period. Stored durations were validated when saved.
pub(crate) fn duration_of(profile: &profile::Model) -> CoreResult<Period> {
    let value = u32::try_from(profile.duration_value).ok();
    let unit = DurationUnit::parse(&profile.duration_unit);
    match (value, unit) {
        (Some(value), Some(unit)) => Ok((value, unit)),
        _ => Err(CoreError::Validation {
            summary: format!(
                "Profile '{}' has no valid duration ({} {}). Edit the profile and save it again.",
                profile.name, profile.duration_value, profile.duration_unit
            ),
            fields: Vec::new(),
        }),
    }
}

/// A period typed in the Extend form: a whole number and a unit, refused under their fields.
pub fn period_of(input: &tikbill_api::ExtendInput) -> CoreResult<(u32, DurationUnit)> {
    let mut fields = Vec::new();
    let value = match input.value.trim().parse::<u32>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            fields.push(tikbill_api::FieldError {
                field: "value".into(),
                message: format!(
                    "'{}' is not a whole number of 1 or more.",
                    input.value.trim()
                ),
            });
            None
        }
    };
    let unit = DurationUnit::parse(input.unit.trim());
    if unit.is_none() {
        fields.push(tikbill_api::FieldError {
            field: "unit".into(),
            message: "Choose hours, days, weeks or months.".into(),
        });
    }
    match (value, unit) {
        (Some(value), Some(unit)) => Ok((value, unit)),
        _ => Err(CoreError::invalid("extension", fields)),
    }
}
