//! "Request M-Pesa payment": an STK push to the customer's phone.

use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};
use tikbill_api::{FieldError, MpesaPushInput, MpesaPushView, Permission, PushState};
use tikbill_gateway::{mpesa, GatewayName, GatewaySettings};

use super::rows::push_view;
use crate::entity::mpesa_push;
use crate::gateway::{gateway_settings, Gateways};
use crate::{money, Context, CoreError, CoreResult};

/// The first question to Daraja about a push whose callback has not come.
pub(crate) const FIRST_QUERY_SECS: i64 = 30;

fn field(name: &str, message: impl Into<String>) -> CoreError {
    CoreError::invalid(
        "M-Pesa request",
        vec![FieldError {
            field: name.into(),
            message: message.into(),
        }],
    )
}

/// Sends an STK push for `periods` of the customer's plan to their phone (or the one given).
/// The push is stored before Daraja is asked; Daraja's refusal is kept on it and returned as a
/// `gateway` error.
pub async fn request_push(
    ctx: &Context,
    gateways: &Gateways,
    input: &MpesaPushInput,
) -> CoreResult<MpesaPushView> {
    ctx.require(Permission::TakePayments)?;
    let Some(GatewaySettings::Mpesa(settings)) = gateway_settings(ctx, GatewayName::Mpesa)? else {
        return Err(CoreError::Gateway(
            "M-Pesa is not set up on this computer: an owner sets it with \
             `tikbill-agent gateways set mpesa`."
                .into(),
        ));
    };
    let Some(public_url) = crate::settings::relay_public_url(ctx.db()).await? else {
        return Err(CoreError::Gateway(
            "The relay has no public URL, so Daraja could not call back: set it in Settings → \
             Online payments."
                .into(),
        ));
    };
    if input.periods == 0 {
        return Err(field("periods", "Ask for at least one period."));
    }
    let customer = crate::customer::get(ctx, input.customer_id).await?;
    let plan = crate::profile::get(ctx, customer.profile_id).await?;
    if plan.currency != "KES" {
        return Err(field(
            "amount",
            format!(
                "M-Pesa takes shillings; the plan '{}' is priced in {}.",
                plan.name, plan.currency
            ),
        ));
    }
    let price = money::parse_amount(&plan.price)
        .map_err(|e| CoreError::Internal(format!("the plan's price: {e:?}")))?;
    let amount = price * Decimal::from(input.periods);
    if amount.fract() != Decimal::ZERO || amount < Decimal::ONE {
        return Err(field(
            "amount",
            format!("M-Pesa takes whole shillings of at least 1; this is {amount}."),
        ));
    }
    let typed = input
        .phone
        .clone()
        .or_else(|| customer.phone.clone())
        .unwrap_or_default();
    let phone = mpesa::normalize_phone(&typed).map_err(|e| field("phone", e.to_string()))?;
    let account_reference: String = customer.username.chars().take(12).collect();
    let now = ctx.now();
    let stored = mpesa_push::ActiveModel {
        customer_id: Set(customer.id),
        profile_id: Set(Some(customer.profile_id)),
        periods: Set(i32::try_from(input.periods).unwrap_or(i32::MAX)),
        amount_e4: Set(money::to_e4(amount).map_err(|e| field("amount", format!("{e:?}")))?),
        phone: Set(phone.clone()),
        account_reference: Set(account_reference.clone()),
        state: Set(PushState::Sending.as_str().into()),
        created_at: Set(now),
        created_by: Set(ctx.actor().label()),
        queries: Set(0),
        ..Default::default()
    }
    .insert(ctx.db())
    .await?;
    let callback_url = format!(
        "{}/hooks/{}/{}",
        public_url.trim_end_matches('/'),
        crate::gateway::relay_hook_token(ctx)?,
        tikbill_gateway::Hook::Stk.path()
    );
    let push = mpesa::StkPush {
        phone: phone.clone(),
        amount,
        account_reference,
        description: "Internet".into(),
        callback_url,
    };
    let sent = send(gateways, &settings, &push, now).await;
    let mut row: mpesa_push::ActiveModel = stored.into();
    match sent {
        Ok(accepted) => {
            row.state = Set(PushState::Pending.as_str().into());
            row.merchant_request_id = Set(Some(accepted.merchant_request_id));
            row.checkout_request_id = Set(Some(accepted.checkout_request_id));
            row.result_desc = Set(Some(accepted.customer_message));
            row.next_query_at = Set(Some(now + chrono::Duration::seconds(FIRST_QUERY_SECS)));
            let row = row.update(ctx.db()).await?;
            Ok(push_view(&row))
        }
        Err(why) => {
            row.state = Set(PushState::Refused.as_str().into());
            row.result_desc = Set(Some(why.clone()));
            row.resolved_at = Set(Some(now));
            row.update(ctx.db()).await?;
            Err(CoreError::Gateway(format!(
                "M-Pesa did not take the request: {why}"
            )))
        }
    }
}

/// Asks Daraja; a token it no longer accepts is renewed once.
async fn send(
    gateways: &Gateways,
    settings: &tikbill_gateway::MpesaSettings,
    push: &mpesa::StkPush,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<mpesa::PushAccepted, String> {
    for attempt in 0..2 {
        let token = gateways
            .mpesa_token(settings, now)
            .await
            .map_err(|e| e.to_string())?;
        let request =
            mpesa::stk_push_request(settings, &token, push, now).map_err(|e| e.to_string())?;
        let answer = gateways.send(request).await.map_err(|e| e.to_string())?;
        if answer.status == 401 && attempt == 0 {
            gateways.forget_tokens().await;
            continue;
        }
        return mpesa::parse_stk_push(answer.status, &answer.body).map_err(|e| e.to_string());
    }
    Err("Daraja refused a fresh access token".into())
}
