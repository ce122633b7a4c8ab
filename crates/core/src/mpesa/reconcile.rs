//! Pushes whose callback has not come: asked of Daraja (STK Query) with back-off.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tikbill_api::PushState;
use tikbill_gateway::mpesa::{self, QueryAnswer};
use tikbill_gateway::{GatewayName, GatewaySettings, Outcome};

use super::claim::{claim_paid, close_push, ensure_payment};
use super::rows::{due, paid_without_payment};
use crate::entity::mpesa_push::{self, Column, Entity};
use crate::gateway::{gateway_settings, Gateways};
use crate::{Context, CoreResult};

/// Nobody answered a push for this long: it is expired.
pub const EXPIRE_AFTER_HOURS: i64 = 24;

/// What one reconciliation pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    pub asked: usize,
    pub paid: usize,
    pub failed: usize,
    pub expired: usize,
    pub still_processing: usize,
    /// Daraja could not be asked (the next pass asks again).
    pub errors: Vec<String>,
}

/// When to ask again after `queries` questions: +30 s, +60 s, +2 min, +5 min, then every 10 min.
pub fn next_query_after(queries: i32) -> Duration {
    match queries {
        0 => Duration::seconds(30),
        1 => Duration::seconds(60),
        2 => Duration::seconds(120),
        3 => Duration::seconds(300),
        _ => Duration::seconds(600),
    }
}

/// Asks Daraja about every pending push whose time has come.
pub async fn reconcile(ctx: &Context, gateways: &Gateways) -> CoreResult<Reconciled> {
    ctx.actor().require_system()?;
    let now = ctx.now();
    let mut done = Reconciled::default();
    // A push marked paid whose payment a stopped process did not make: made now.
    for push in paid_without_payment(ctx.db()).await? {
        match ensure_payment(ctx, push.id).await {
            Ok(_) => done.paid += 1,
            // One push's trouble stops neither the others nor the questions to Daraja.
            Err(e) => done.errors.push(format!("push {}: {e}", push.id)),
        }
    }
    let pushes = due(ctx.db(), now).await?;
    if pushes.is_empty() {
        return Ok(done);
    }
    let settings = match gateway_settings(ctx, GatewayName::Mpesa)? {
        Some(GatewaySettings::Mpesa(s)) => Some(s),
        _ => None,
    };
    for push in pushes {
        if now - push.created_at >= Duration::hours(EXPIRE_AFTER_HOURS) {
            if close_push(
                ctx,
                push.id,
                PushState::Expired,
                None,
                Some("nobody answered in 24 hours"),
            )
            .await?
            {
                done.expired += 1;
            }
            continue;
        }
        let Some(settings) = &settings else {
            done.errors
                .push("M-Pesa is not set up: pushes cannot be asked about".into());
            postpone(ctx, &push, now).await?;
            continue;
        };
        let Some(checkout) = push.checkout_request_id.clone() else {
            continue;
        };
        done.asked += 1;
        let answer = ask(gateways, settings, &checkout, now).await;
        match answer {
            Ok(QueryAnswer::Processing) => {
                done.still_processing += 1;
                postpone(ctx, &push, now).await?;
            }
            Ok(QueryAnswer::Resolved(Outcome::Paid)) => match pay(ctx, &push).await {
                Ok(true) => done.paid += 1,
                Ok(false) => {}
                Err(e) => done.errors.push(format!("push {}: {e}", push.id)),
            },
            Ok(QueryAnswer::Resolved(Outcome::Failed { code, reason })) => {
                close_push(ctx, push.id, PushState::Failed, Some(&code), Some(&reason)).await?;
                done.failed += 1;
            }
            Ok(QueryAnswer::Resolved(_)) => postpone(ctx, &push, now).await?,
            Err(why) => {
                done.errors.push(format!("push {}: {why}", push.id));
                postpone(ctx, &push, now).await?;
            }
        }
    }
    Ok(done)
}

async fn ask(
    gateways: &Gateways,
    settings: &tikbill_gateway::MpesaSettings,
    checkout: &str,
    now: DateTime<Utc>,
) -> Result<QueryAnswer, String> {
    let token = gateways
        .mpesa_token(settings, now)
        .await
        .map_err(|e| e.to_string())?;
    let request = mpesa::stk_query_request(settings, &token, checkout, now);
    let answer = gateways.send(request).await.map_err(|e| e.to_string())?;
    if answer.status == 401 {
        gateways.forget_tokens().await;
    }
    mpesa::parse_stk_query(answer.status, &answer.body).map_err(|e| e.to_string())
}

/// Paid per Daraja's query, which gives no receipt number: claimed (a callback processed
/// meanwhile wins and this does nothing), then the payment made once, its reference the
/// CheckoutRequestID until the callback (if it ever comes) brings the receipt to the push.
async fn pay(ctx: &Context, push: &mpesa_push::Model) -> CoreResult<bool> {
    if !claim_paid(ctx, push, None, "paid (STK Query)", false).await? {
        return Ok(false);
    }
    ensure_payment(ctx, push.id).await?;
    Ok(true)
}

async fn postpone(ctx: &Context, push: &mpesa_push::Model, now: DateTime<Utc>) -> CoreResult<()> {
    Entity::update_many()
        .col_expr(Column::Queries, Expr::value(push.queries.saturating_add(1)))
        .col_expr(
            Column::NextQueryAt,
            Expr::value(now + next_query_after(push.queries.saturating_add(1))),
        )
        .filter(Column::Id.eq(push.id))
        .exec(ctx.db())
        .await?;
    Ok(())
}
