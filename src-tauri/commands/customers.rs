//! Customers: records, status changes (each wakes the router worker), and the router's view.

use std::time::Duration;

use tauri::State;
use tikbill_api::{
    ApiError, BulkOutcome, CustomerFilter, CustomerId, CustomerInput, CustomerPage,
    CustomerRouterView, CustomerView, ExtendInput,
};
use tikbill_core::{customer, settings};

use crate::AppState;

/// How long the customer page waits for the router.
const ROUTER_TIMEOUT: Duration = Duration::from_secs(8);

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    filter: CustomerFilter,
) -> Result<CustomerPage, ApiError> {
    Ok(customer::list(&state.db, &filter, state.clock.now()).await?)
}

#[tauri::command]
pub async fn get_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerView, ApiError> {
    Ok(customer::get(&state.db, id).await?)
}

#[tauri::command]
pub async fn create_customer(
    state: State<'_, AppState>,
    input: CustomerInput,
) -> Result<CustomerView, ApiError> {
    state.changed(customer::create(&state.db, state.clock.as_ref(), &input).await)
}

#[tauri::command]
pub async fn update_customer(
    state: State<'_, AppState>,
    id: CustomerId,
    input: CustomerInput,
) -> Result<CustomerView, ApiError> {
    state.changed(customer::update(&state.db, state.clock.as_ref(), id, &input).await)
}

#[tauri::command]
pub async fn delete_customer(state: State<'_, AppState>, id: CustomerId) -> Result<(), ApiError> {
    state.changed(customer::delete(&state.db, state.clock.as_ref(), id).await)
}

#[tauri::command]
pub async fn activate_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerView, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(customer::activate(&state.db, state.clock.as_ref(), id, zone).await)
}

/// Activates many customers in one transaction ("Activate selected").
#[tauri::command]
pub async fn activate_customers(
    state: State<'_, AppState>,
    ids: Vec<CustomerId>,
) -> Result<BulkOutcome, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(customer::activate_many(&state.db, state.clock.as_ref(), &ids, zone).await)
}

/// `input` `None`: one period of the customer's profile.
#[tauri::command]
pub async fn extend_customer(
    state: State<'_, AppState>,
    id: CustomerId,
    input: Option<ExtendInput>,
) -> Result<CustomerView, ApiError> {
    let by = input.as_ref().map(customer::period_of).transpose()?;
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(customer::extend(&state.db, state.clock.as_ref(), id, by, zone).await)
}

#[tauri::command]
pub async fn disable_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerView, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(customer::disable(&state.db, state.clock.as_ref(), id, zone).await)
}

#[tauri::command]
pub async fn enable_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerView, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(customer::enable(&state.db, state.clock.as_ref(), id, zone).await)
}

#[tauri::command]
pub async fn customer_router(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerRouterView, ApiError> {
    Ok(customer::on_router(
        &state.db,
        state.secrets.as_ref(),
        state.clock.as_ref(),
        id,
        ROUTER_TIMEOUT,
    )
    .await?)
}

#[tauri::command]
pub async fn kick_customer(
    state: State<'_, AppState>,
    id: CustomerId,
) -> Result<CustomerRouterView, ApiError> {
    Ok(customer::kick(
        &state.db,
        state.secrets.as_ref(),
        state.clock.as_ref(),
        id,
        ROUTER_TIMEOUT,
    )
    .await?)
}
