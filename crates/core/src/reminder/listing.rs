//! What the app shows: the customers whose plan ends soon, with their reminder, and the
//! reminders sent.

use std::collections::HashMap;

use chrono::SecondsFormat;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tikbill_api::{ExpiringCustomer, FieldError, Permission, ReminderOutcome, SmsReminderView};

use super::ending::{ending, Ending};
use super::office_time;
use crate::entity::{customer, sms_reminder};
use crate::{Context, CoreError, CoreResult};

/// The longest look ahead of the "Expiring soon" list.
pub const EXPIRING_DAYS_MAX: u32 = 60;
/// The most customers the list shows.
const EXPIRING_SHOWN: u64 = 500;

/// Active customers whose plan ends within `days` (1 to [`EXPIRING_DAYS_MAX`]), soonest first,
/// each with the reminder of their current expiry.
pub async fn expiring(ctx: &Context, days: u32) -> CoreResult<Vec<ExpiringCustomer>> {
    ctx.require(Permission::ViewCustomers)?;
    if !(1..=EXPIRING_DAYS_MAX).contains(&days) {
        return Err(CoreError::invalid(
            "list",
            vec![FieldError {
                field: "days".into(),
                message: format!("Look between 1 and {EXPIRING_DAYS_MAX} days ahead."),
            }],
        ));
    }
    let now = ctx.now();
    let until = now + chrono::Duration::days(i64::from(days));
    let rows = ending(ctx.db(), now, until, Some(EXPIRING_SHOWN)).await?;
    views(ctx, rows).await
}

/// The customers a reminder is due to now (as the settings' days before say), whether or not
/// reminders are on: active, a phone on file, their plan ending within the days and no reminder
/// taken for this expiry.
pub async fn due(ctx: &Context) -> CoreResult<Vec<ExpiringCustomer>> {
    ctx.require(Permission::ViewCustomers)?;
    let days = super::settings::days_before(ctx.db()).await?;
    let now = ctx.now();
    let until = now + chrono::Duration::days(i64::from(days));
    let rows = ending(ctx.db(), now, until, None).await?;
    views(ctx, rows.into_iter().filter(Ending::due).collect()).await
}

async fn views(ctx: &Context, rows: Vec<Ending>) -> CoreResult<Vec<ExpiringCustomer>> {
    let zone = ctx.office_time_zone().await?;
    let now = ctx.now();
    Ok(rows
        .into_iter()
        .map(|row| ExpiringCustomer {
            customer_id: row.customer.id,
            username: row.customer.username,
            full_name: row.customer.full_name,
            phone: row.customer.phone,
            plan: row.plan,
            expires_at: row.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            expires_local: office_time(row.expires_at, zone),
            days_left: (row.expires_at - now).num_days(),
            reminder: row.reminder,
        })
        .collect())
}

/// The newest `limit` reminders (at most 500), newest first.
pub async fn list(ctx: &Context, limit: u64) -> CoreResult<Vec<SmsReminderView>> {
    ctx.require(Permission::ViewCustomers)?;
    let rows = sms_reminder::Entity::find()
        .order_by_desc(sms_reminder::Column::SentAt)
        .order_by_desc(sms_reminder::Column::Id)
        .limit(limit.min(500))
        .all(ctx.db())
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let names: HashMap<i64, String> = customer::Entity::find()
        .filter(customer::Column::Id.is_in(ids))
        .all(ctx.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c.username))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| SmsReminderView {
            id: r.id,
            customer_id: r.customer_id,
            username: names.get(&r.customer_id).cloned().unwrap_or_default(),
            phone: r.phone,
            message: r.message,
            expires_at: r.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            outcome: ReminderOutcome::parse(&r.outcome).unwrap_or(ReminderOutcome::Failed),
            detail: r.detail,
            sent_at: r.sent_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        })
        .collect())
}
