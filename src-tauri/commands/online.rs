//! Online payments: M-Pesa pushes, what gateways sent (deliveries), applying stuck payments,
//! and where the relay is.

use tauri::State;
use tikbill_api::command::{
    ApplyPayment, CustomerPushes, GetDelivery, GetRelaySettings, ListDeliveries, ProcessDelivery,
    RegisterMpesaC2b, RequestMpesaPush, SaveRelaySettings,
};
use tikbill_core::{delivery, mpesa, payment, settings};

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn apply_payment(
    state: State<'_, AppState>,
    args: Args<ApplyPayment>,
) -> Answer<ApplyPayment> {
    let ctx = state.ctx().await?;
    state.changed(payment::apply(&ctx, args.0.id).await)
}

#[tauri::command]
pub async fn request_mpesa_push(
    state: State<'_, AppState>,
    args: Args<RequestMpesaPush>,
) -> Answer<RequestMpesaPush> {
    let ctx = state.ctx().await?;
    Ok(mpesa::request_push(&ctx, &state.gateways, &args.0.input).await?)
}

#[tauri::command]
pub async fn customer_pushes(
    state: State<'_, AppState>,
    args: Args<CustomerPushes>,
) -> Answer<CustomerPushes> {
    Ok(mpesa::list_for_customer(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn list_deliveries(
    state: State<'_, AppState>,
    args: Args<ListDeliveries>,
) -> Answer<ListDeliveries> {
    Ok(delivery::list(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn get_delivery(
    state: State<'_, AppState>,
    args: Args<GetDelivery>,
) -> Answer<GetDelivery> {
    Ok(delivery::detail(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn process_delivery(
    state: State<'_, AppState>,
    args: Args<ProcessDelivery>,
) -> Answer<ProcessDelivery> {
    let ctx = state.ctx().await?;
    state.changed(delivery::process_again(&ctx, &state.gateways, args.0.id).await)
}

#[tauri::command]
pub async fn relay_settings(
    state: State<'_, AppState>,
    _args: Args<GetRelaySettings>,
) -> Answer<GetRelaySettings> {
    Ok(settings::relay_settings(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn save_relay_settings(
    state: State<'_, AppState>,
    args: Args<SaveRelaySettings>,
) -> Answer<SaveRelaySettings> {
    Ok(settings::save_relay_settings(&state.ctx().await?, &args.0.input).await?)
}

/// "Register C2B URLs": Daraja calls the relay for paybill payments customers start.
#[tauri::command]
pub async fn register_mpesa_urls(
    state: State<'_, AppState>,
    _args: Args<RegisterMpesaC2b>,
) -> Answer<RegisterMpesaC2b> {
    let ctx = state.ctx().await?;
    let (validation, confirmation) = mpesa::register_c2b(
        &ctx,
        &state.gateways,
        tikbill_gateway::mpesa::ResponseType::Completed,
    )
    .await?;
    Ok(vec![validation, confirmation])
}
