use std::sync::Arc;
use std::time::Duration;

use tauri::State;
use tikbill_api::{
    ApiError, RouterCheck, RouterId, RouterInput, RouterLogView, RouterTrial, RouterView,
    TrustCertificateInput,
};
use tikbill_core::router::{self, health, log};

use crate::AppState;

/// How long "Test connection" waits for a router.
const TEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How many router log entries the UI shows.
const LOG_ENTRIES: u64 = 50;

#[tauri::command]
pub async fn list_routers(state: State<'_, AppState>) -> Result<Vec<RouterView>, ApiError> {
    Ok(router::list(&state.db).await?)
}

#[tauri::command]
pub async fn create_router(
    state: State<'_, AppState>,
    input: RouterInput,
) -> Result<RouterView, ApiError> {
    Ok(router::create(
        &state.db,
        state.secrets.as_ref(),
        state.clock.as_ref(),
        &input,
    )
    .await?)
}

#[tauri::command]
pub async fn update_router(
    state: State<'_, AppState>,
    id: RouterId,
    input: RouterInput,
) -> Result<RouterView, ApiError> {
    Ok(router::update(
        &state.db,
        state.secrets.as_ref(),
        state.clock.as_ref(),
        id,
        &input,
    )
    .await?)
}

#[tauri::command]
pub async fn delete_router(state: State<'_, AppState>, id: RouterId) -> Result<(), ApiError> {
    Ok(router::delete(&state.db, state.secrets.as_ref(), id).await?)
}

#[tauri::command]
pub async fn test_router(
    state: State<'_, AppState>,
    id: RouterId,
) -> Result<RouterCheck, ApiError> {
    Ok(health::check_router(
        &state.db,
        state.secrets.as_ref(),
        state.clock.as_ref(),
        id,
        TEST_TIMEOUT,
    )
    .await?)
}

#[tauri::command]
pub async fn check_routers(state: State<'_, AppState>) -> Result<Vec<RouterCheck>, ApiError> {
    let options = health::HealthOptions::default();
    Ok(health::check_all(
        &state.db,
        Arc::clone(&state.secrets),
        state.clock.as_ref(),
        options,
    )
    .await?)
}

#[tauri::command]
pub async fn router_log(
    state: State<'_, AppState>,
    id: RouterId,
) -> Result<Vec<RouterLogView>, ApiError> {
    Ok(log::recent(&state.db, id, LOG_ENTRIES).await?)
}

/// "Test" on the router form, before saving (api-ssl first when the form does not say).
#[tauri::command]
pub async fn try_router(input: RouterInput) -> Result<RouterTrial, ApiError> {
    Ok(router::try_router(&input, router::ApiPorts::default(), TEST_TIMEOUT).await?)
}

/// Accepts a router's changed api-ssl certificate, after an owner confirmed it.
#[tauri::command]
pub async fn trust_router_certificate(
    state: State<'_, AppState>,
    input: TrustCertificateInput,
) -> Result<RouterView, ApiError> {
    Ok(router::trust_certificate(
        &state.db,
        state.clock.as_ref(),
        input.router_id,
        &input.fingerprint,
    )
    .await?)
}
