//! Customers: records, status changes (each wakes the router worker), and the router's view.

use std::time::Duration;

use tauri::State;
use tikbill_api::command::{
    ActivateCustomer, ActivateCustomers, CreateCustomer, CustomerRouter, DeleteCustomer,
    DisableCustomer, EnableCustomer, ExtendCustomer, GetCustomer, KickCustomer, ListCustomers,
    UpdateCustomer,
};
use tikbill_core::customer;

use crate::contract::{Answer, Args};
use crate::AppState;

/// How long the customer page waits for the router.
const ROUTER_TIMEOUT: Duration = Duration::from_secs(8);

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    args: Args<ListCustomers>,
) -> Answer<ListCustomers> {
    Ok(customer::list(&state.ctx().await?, &args.0.filter).await?)
}

#[tauri::command]
pub async fn get_customer(
    state: State<'_, AppState>,
    args: Args<GetCustomer>,
) -> Answer<GetCustomer> {
    Ok(customer::get(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn create_customer(
    state: State<'_, AppState>,
    args: Args<CreateCustomer>,
) -> Answer<CreateCustomer> {
    state.changed(customer::create(&state.ctx().await?, &args.0.input).await)
}

#[tauri::command]
pub async fn update_customer(
    state: State<'_, AppState>,
    args: Args<UpdateCustomer>,
) -> Answer<UpdateCustomer> {
    let Args(edit) = args;
    state.changed(customer::update(&state.ctx().await?, edit.id, &edit.input).await)
}

#[tauri::command]
pub async fn delete_customer(
    state: State<'_, AppState>,
    args: Args<DeleteCustomer>,
) -> Answer<DeleteCustomer> {
    state.changed(customer::delete(&state.ctx().await?, args.0.id).await)
}

#[tauri::command]
pub async fn activate_customer(
    state: State<'_, AppState>,
    args: Args<ActivateCustomer>,
) -> Answer<ActivateCustomer> {
    state.changed(customer::activate(&state.ctx().await?, args.0.id).await)
}

/// Activates many customers in one transaction ("Activate selected").
#[tauri::command]
pub async fn activate_customers(
    state: State<'_, AppState>,
    args: Args<ActivateCustomers>,
) -> Answer<ActivateCustomers> {
    state.changed(customer::activate_many(&state.ctx().await?, &args.0.ids).await)
}

/// No `input`: one period of the customer's profile.
#[tauri::command]
pub async fn extend_customer(
    state: State<'_, AppState>,
    args: Args<ExtendCustomer>,
) -> Answer<ExtendCustomer> {
    let Args(extend) = args;
    let by = extend.input.as_ref().map(customer::period_of).transpose()?;
    state.changed(customer::extend(&state.ctx().await?, extend.id, by).await)
}

#[tauri::command]
pub async fn disable_customer(
    state: State<'_, AppState>,
    args: Args<DisableCustomer>,
) -> Answer<DisableCustomer> {
    state.changed(customer::disable(&state.ctx().await?, args.0.id).await)
}

#[tauri::command]
pub async fn enable_customer(
    state: State<'_, AppState>,
    args: Args<EnableCustomer>,
) -> Answer<EnableCustomer> {
    state.changed(customer::enable(&state.ctx().await?, args.0.id).await)
}

#[tauri::command]
pub async fn customer_router(
    state: State<'_, AppState>,
    args: Args<CustomerRouter>,
) -> Answer<CustomerRouter> {
    Ok(customer::on_router(&state.ctx().await?, args.0.id, ROUTER_TIMEOUT).await?)
}

#[tauri::command]
pub async fn kick_customer(
    state: State<'_, AppState>,
    args: Args<KickCustomer>,
) -> Answer<KickCustomer> {
    Ok(customer::kick(&state.ctx().await?, args.0.id, ROUTER_TIMEOUT).await?)
}
