//! M-Pesa C2B (paybill / till payments the customer starts): registering the relay's URLs
//! with Daraja, and answering the validation question.

use tikbill_gateway::mpesa::{self, C2bReject, ResponseType};
use tikbill_gateway::{Event, GatewayName, GatewaySettings, Hook};

use crate::gateway::{gateway_settings, relay_hook_token, Gateways};
use crate::{Context, CoreError, CoreResult};

/// Registers `{public_url}/hooks/{token}/c2b/validation` and `…/c2b/confirmation` with Daraja;
/// `default_action` is what Daraja does when validation does not answer in time.
pub async fn register_c2b(
    ctx: &Context,
    gateways: &Gateways,
    default_action: ResponseType,
) -> CoreResult<(String, String)> {
    ctx.require(tikbill_api::Permission::EditSettings)?;
    let Some(GatewaySettings::Mpesa(settings)) = gateway_settings(ctx, GatewayName::Mpesa)? else {
        return Err(CoreError::Gateway(
            "M-Pesa is not set up: `tikbill-agent gateways set mpesa` first.".into(),
        ));
    };
    let Some(public_url) = crate::settings::relay_public_url(ctx.db()).await? else {
        return Err(CoreError::Gateway(
            "The relay has no public URL: set it first (Settings → Online payments).".into(),
        ));
    };
    let token = relay_hook_token(ctx)?;
    let base = format!("{}/hooks/{token}", public_url.trim_end_matches('/'));
    let confirmation = format!("{base}/{}", Hook::C2bConfirmation.path());
    let validation = format!("{base}/{}", Hook::C2bValidation.path());
    let access = gateways.mpesa_token(&settings, ctx.now()).await?;
    let request = mpesa::c2b_register_request(
        &settings,
        &access,
        &confirmation,
        &validation,
        default_action,
    )
    .map_err(|e| CoreError::Gateway(format!("the C2B URLs: {e}")))?;
    let answer = gateways.send(request).await?;
    mpesa::parse_c2b_register(answer.status, &answer.body)
        .map_err(|e| CoreError::Gateway(format!("Daraja refused the C2B URLs: {e}")))?;
    Ok((validation, confirmation))
}

/// Daraja's validation question: accepted when the account (BillRefNumber) is a customer's
/// user name, else rejected as an invalid account (C2B00012); an amount under 1 as invalid.
pub async fn validate_c2b(ctx: &Context, event: &Event) -> Result<(), C2bReject> {
    if event.amount.is_some_and(|a| a < rust_decimal::Decimal::ONE) {
        return Err(C2bReject::InvalidAmount);
    }
    let Some(account) = event.account.as_deref().filter(|a| !a.trim().is_empty()) else {
        return Err(C2bReject::InvalidAccount);
    };
    match crate::customer::by_username(ctx, account, None).await {
        Ok(_) => Ok(()),
        Err(CoreError::NotFound(_)) => Err(C2bReject::InvalidAccount),
        // Ambiguous, or the database did not answer: let the money in; it waits unmatched.
        Err(_) => Ok(()),
    }
}
