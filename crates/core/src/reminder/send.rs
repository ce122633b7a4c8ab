//! Sending the reminders that are due, each at most once: a reminder's row is taken (inserted,
//! `ON CONFLICT DO NOTHING` on the customer and expiry) before anything is sent, and only the
//! process whose insert made the row sends. A send that fails is recorded `failed` and not
//! tried again for that expiry; a process stopped between taking and sending leaves the row
//! `sending` (never sent twice, at the price of maybe never).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use tikbill_api::ReminderOutcome;

use super::ending::{ending, Ending};
use super::gateway::SmsGateway;
use super::settings::for_sending;
use super::{message, phone, snippet_of};
use crate::entity::sms_reminder;
use crate::gateway::Gateways;
use crate::notification::{self, Notice};
use crate::{Context, CoreResult};

/// How reminders are sent.
pub struct SendOptions<'a> {
    /// The HTTP client (the process's gateways client).
    pub gateways: &'a Gateways,
    /// Tests only: a loopback fake's `http://127.0.0.1:PORT` in place of the preset
    /// provider's host. Not a setting.
    pub api_base: Option<String>,
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReminderRun {
    /// Whether reminders are on.
    pub enabled: bool,
    pub sent: u64,
    pub failed: u64,
    /// Due, but taken by another process running at the same time.
    pub taken_elsewhere: u64,
}

impl std::fmt::Display for ReminderRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.enabled {
            return f.write_str("SMS reminders are off (Settings → SMS reminders)");
        }
        match (self.sent, self.failed) {
            (0, 0) => f.write_str("no expiry reminder due"),
            (sent, 0) => write!(f, "{} sent", count(sent)),
            (sent, failed) => write!(f, "{} sent, {failed} failed", count(sent)),
        }
    }
}

fn count(n: u64) -> String {
    if n == 1 {
        "1 expiry reminder".into()
    } else {
        format!("{n} expiry reminders")
    }
}

/// Sends every reminder due now (tikbill itself: the agent's job). Customers who were due
/// while nothing ran are found now, as long as their plan has not ended.
pub async fn send_due(ctx: &Context, options: &SendOptions<'_>) -> CoreResult<ReminderRun> {
    ctx.actor().require_system()?;
    let Some(sending) = for_sending(ctx).await? else {
        return Ok(ReminderRun::default());
    };
    let now = ctx.now();
    let zone = ctx.office_time_zone().await?;
    let office = crate::settings::stored_receipt_settings(ctx.db())
        .await?
        .office_name;
    let until = now + chrono::Duration::days(i64::from(sending.days_before));
    let mut run = ReminderRun {
        enabled: true,
        ..ReminderRun::default()
    };
    let mut lines = Vec::new();
    let mut first_taken = None;
    for due in ending(ctx.db(), now, until, None)
        .await?
        .into_iter()
        .filter(Ending::due)
    {
        let text = message(&sending.template, &due, zone, &office);
        let raw = due.customer.phone.clone().unwrap_or_default();
        let number = phone::normalise(&raw);
        let (kept_phone, outcome, detail) = match &number {
            Ok(number) => (number.clone(), ReminderOutcome::Sending, None),
            Err(why) => (
                raw.chars().take(32).collect(),
                ReminderOutcome::Failed,
                Some(why.clone()),
            ),
        };
        let row = Taken {
            customer_id: due.customer.id,
            expires_at: due.expires_at,
            phone: kept_phone,
            message: text.clone(),
            outcome,
            detail,
            at: now,
        };
        if !take(ctx.db(), row).await? {
            run.taken_elsewhere += 1;
            continue;
        }
        first_taken.get_or_insert(due.customer.id);
        let result = match number {
            Ok(number) => {
                let result = send(&sending.gateway, options, &number, &text).await;
                finish(ctx.db(), &due, &result).await?;
                result
            }
            Err(why) => Err(why),
        };
        let name = &due.customer.username;
        match &result {
            Ok(_) => {
                run.sent += 1;
                lines.push(format!("{name}: sent"));
            }
            Err(why) => {
                run.failed += 1;
                lines.push(format!("{name}: failed ({why})"));
            }
        }
    }
    if let Some(first) = first_taken {
        notify(ctx, &run, &lines, now, first).await?;
    }
    Ok(run)
}

async fn send(
    gateway: &SmsGateway,
    options: &SendOptions<'_>,
    number: &str,
    text: &str,
) -> Result<String, String> {
    let request = gateway.request(options.api_base.as_deref(), number, text);
    match options.gateways.send(request).await {
        Ok(answer) => gateway.outcome(answer.status, &answer.body),
        Err(e) => Err(e.to_string()),
    }
}

/// A reminder's row as it is taken.
struct Taken {
    customer_id: i64,
    expires_at: DateTime<Utc>,
    phone: String,
    message: String,
    outcome: ReminderOutcome,
    detail: Option<String>,
    at: DateTime<Utc>,
}

/// Inserts the reminder's row unless one exists for its customer and expiry. Returns whether
/// this call made it (and so is the one to send).
async fn take(db: &impl ConnectionTrait, row: Taken) -> CoreResult<bool> {
    let inserted = sms_reminder::Entity::insert(sms_reminder::ActiveModel {
        customer_id: Set(row.customer_id),
        expires_at: Set(row.expires_at),
        phone: Set(row.phone),
        message: Set(row.message),
        outcome: Set(row.outcome.as_str().into()),
        detail: Set(row.detail),
        sent_at: Set(row.at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            sms_reminder::Column::CustomerId,
            sms_reminder::Column::ExpiresAt,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

/// Records what became of a reminder that was sent.
async fn finish(
    db: &impl ConnectionTrait,
    due: &Ending,
    result: &Result<String, String>,
) -> CoreResult<()> {
    let (outcome, detail) = match result {
        Ok(id) => (ReminderOutcome::Sent, id),
        Err(why) => (ReminderOutcome::Failed, why),
    };
    sms_reminder::Entity::update_many()
        .col_expr(sms_reminder::Column::Outcome, Expr::value(outcome.as_str()))
        .col_expr(
            sms_reminder::Column::Detail,
            Expr::value(snippet_of(detail)),
        )
        .filter(sms_reminder::Column::CustomerId.eq(due.customer.id))
        .filter(sms_reminder::Column::ExpiresAt.eq(due.expires_at))
        .exec(db)
        .await?;
    Ok(())
}

/// One notification per run that sent or failed anything.
async fn notify(
    ctx: &Context,
    run: &ReminderRun,
    lines: &[String],
    at: DateTime<Utc>,
    first: i64,
) -> CoreResult<()> {
    const SHOWN: usize = 20;
    let mut body = lines
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > SHOWN {
        body.push_str(&format!("\n… and {} more", lines.len() - SHOWN));
    }
    notification::notify(
        ctx.db(),
        Notice {
            level: if run.failed > 0 { "warning" } else { "info" },
            kind: notification::EXPIRING,
            key: format!("{}:{first}", at.to_rfc3339()),
            title: run.to_string(),
            body,
        },
        at,
    )
    .await?;
    Ok(())
}
