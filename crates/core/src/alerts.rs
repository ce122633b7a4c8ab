//! Alerts no single service raises on its own, into the notification center: money that came
//! in but could not be applied, every payment received (when the office asks for it),
//! customers whose plans end soon (once a day), and an agent job that has not run on time
//! (the app looks, since a stopped agent cannot tell).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tikbill_api::{AlertSettings, CustomerStatus, PaymentState, Permission};

use crate::audit::AuditEntry;
use crate::entity::{customer, payment};
use crate::notification::{self, Notice};
use crate::{Context, CoreResult};

/// The setting: a notification for every payment received (`true`/`false`, off by default).
pub const PAYMENTS_RECEIVED: &str = "alerts.payments_received";
/// A job whose last run is older than this is late (every job runs at least every 5 minutes).
pub const LATE_AFTER_MINUTES: i64 = 15;
/// "Plans ending soon" looks this many days ahead.
pub const EXPIRING_DAYS: i64 = 3;

pub const PAYMENT_RECEIVED: &str = "payment.received";
pub const PAYMENT_UNMATCHED: &str = "payment.unmatched";

/// What the office chose.
pub async fn settings(ctx: &Context) -> CoreResult<AlertSettings> {
    ctx.require(Permission::ViewSettings)?;
    stored(ctx.db()).await
}

async fn stored(db: &impl ConnectionTrait) -> CoreResult<AlertSettings> {
    Ok(AlertSettings {
        payments_received: crate::settings::read(db, PAYMENTS_RECEIVED)
            .await?
            .as_deref()
            == Some("true"),
    })
}

/// Saves what the office chose (audited as `settings.alerts`).
pub async fn save_settings(ctx: &Context, input: &AlertSettings) -> CoreResult<AlertSettings> {
    ctx.require(Permission::EditSettings)?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = stored(&txn).await?;
    let value = if input.payments_received {
        "true"
    } else {
        "false"
    };
    crate::settings::write(&txn, PAYMENTS_RECEIVED, value, ctx.now()).await?;
    let after = stored(&txn).await?;
    crate::audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.alerts", "settings", None)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Tells the office about payment `id` having moved to `to`, in the move's transaction.
pub(crate) async fn payment_moved(
    db: &impl ConnectionTrait,
    id: i64,
    to: PaymentState,
    at: DateTime<Utc>,
) -> CoreResult<()> {
    let wanted = match to {
        PaymentState::Unmatched => true,
        PaymentState::Paid => stored(db).await?.payments_received,
        _ => false,
    };
    if !wanted {
        return Ok(());
    }
    let Some(row) = payment::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let money = tikbill_api::money::format_money(
        &crate::money::from_e4(row.amount_e4).to_string(),
        &row.currency,
    );
    let method = tikbill_api::PaymentMethod::parse(&row.method)
        .map_or_else(|| row.method.clone(), |m| m.label().to_string());
    let reference = row.gateway_reference.clone().unwrap_or_default();
    let notice = if to == PaymentState::Unmatched {
        Notice {
            level: "warning",
            kind: PAYMENT_UNMATCHED,
            key: id.to_string(),
            title: format!("{money} waiting to be matched"),
            body: format!(
                "{money} ({method} {reference}) is nobody's yet: match it on the Payments page."
            ),
        }
    } else {
        Notice {
            level: "info",
            kind: PAYMENT_RECEIVED,
            key: id.to_string(),
            title: format!("Payment received: {money}"),
            body: format!("{money} by {method} {reference}"),
        }
    };
    notification::notify(db, notice, at).await?;
    Ok(())
}

/// Once a day (office day), how many active customers' plans end within [`EXPIRING_DAYS`].
pub async fn expiring_soon(ctx: &Context) -> CoreResult<u64> {
    ctx.actor().require_system()?;
    let now = ctx.now();
    let soon = customer::Entity::find()
        .filter(customer::Column::Status.eq(CustomerStatus::Active.as_str()))
        .filter(customer::Column::ExpiresAt.gt(now))
        .filter(customer::Column::ExpiresAt.lte(now + chrono::Duration::days(EXPIRING_DAYS)))
        .count(ctx.db())
        .await?;
    if soon > 0 {
        let zone = ctx.office_time_zone().await?;
        let day = crate::days::office_day(now, zone);
        let plans = if soon == 1 { "plan ends" } else { "plans end" };
        notification::notify(
            ctx.db(),
            Notice {
                level: "info",
                kind: notification::EXPIRING,
                key: day.to_string(),
                title: format!("{soon} customers' {plans} within {EXPIRING_DAYS} days"),
                body: "Customers → Expiring soon lists them; a reminder can go by SMS.".into(),
            },
            now,
        )
        .await?;
    }
    Ok(soon)
}

/// The agent's jobs whose last run is older than [`LATE_AFTER_MINUTES`], each told once per
/// stall (its last run is the key). Returns their names.
pub async fn late_jobs(ctx: &Context) -> CoreResult<Vec<String>> {
    ctx.actor().require_system()?;
    let now = ctx.now();
    let mut late = Vec::new();
    for run in crate::settings::job_runs_unchecked(ctx.db()).await? {
        let Some(last) = run
            .last_run
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        else {
            continue;
        };
        let minutes = (now - last.with_timezone(&Utc)).num_minutes();
        if minutes < LATE_AFTER_MINUTES {
            continue;
        }
        notification::notify(
            ctx.db(),
            Notice {
                level: "error",
                kind: notification::JOB_LATE,
                key: format!("{}:{}", run.name, last.to_rfc3339()),
                title: format!(
                    "The agent's '{}' job has not run for {minutes} minutes",
                    run.name
                ),
                body: "Routers are not being checked or updated while the agent is stopped: \
                       restart tikbill, or start tikbill-agent on the server."
                    .into(),
            },
            now,
        )
        .await?;
        late.push(run.name);
    }
    Ok(late)
}
