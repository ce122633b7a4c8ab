use std::time::Duration;

use tauri::State;
use tikbill_api::command::{
    CheckRouters, CreateRouter, DeleteRouter, ListRouters, RouterLog, TestRouter,
    TrustRouterCertificate, TryRouter, UpdateRouter,
};
use tikbill_core::router::{self, health, log};

use crate::contract::{Answer, Args};
use crate::AppState;

/// How long "Test connection" waits for a router.
const TEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How many router log entries the UI shows.
const LOG_ENTRIES: u64 = 50;

#[tauri::command]
pub async fn list_routers(
    state: State<'_, AppState>,
    _args: Args<ListRouters>,
) -> Answer<ListRouters> {
    Ok(router::list(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn create_router(
    state: State<'_, AppState>,
    args: Args<CreateRouter>,
) -> Answer<CreateRouter> {
    Ok(router::create(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn update_router(
    state: State<'_, AppState>,
    args: Args<UpdateRouter>,
) -> Answer<UpdateRouter> {
    let Args(edit) = args;
    Ok(router::update(&state.ctx().await?, edit.id, &edit.input).await?)
}

#[tauri::command]
pub async fn delete_router(
    state: State<'_, AppState>,
    args: Args<DeleteRouter>,
) -> Answer<DeleteRouter> {
    Ok(router::delete(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn test_router(state: State<'_, AppState>, args: Args<TestRouter>) -> Answer<TestRouter> {
    Ok(health::check_router(&state.ctx().await?, args.0.id, TEST_TIMEOUT).await?)
}

#[tauri::command]
pub async fn check_routers(
    state: State<'_, AppState>,
    _args: Args<CheckRouters>,
) -> Answer<CheckRouters> {
    Ok(health::check_all(&state.ctx().await?, health::HealthOptions::default()).await?)
}

#[tauri::command]
pub async fn router_log(state: State<'_, AppState>, args: Args<RouterLog>) -> Answer<RouterLog> {
    Ok(log::recent(&state.ctx().await?, args.0.id, LOG_ENTRIES).await?)
}

/// "Test" on the router form, before saving (api-ssl first when the form does not say).
#[tauri::command]
pub async fn try_router(state: State<'_, AppState>, args: Args<TryRouter>) -> Answer<TryRouter> {
    let ports = router::ApiPorts::default();
    Ok(router::try_router(&state.ctx().await?, &args.0.input, ports, TEST_TIMEOUT).await?)
}

/// Accepts a router's changed api-ssl certificate, after the owner confirmed it.
#[tauri::command]
pub async fn trust_router_certificate(
    state: State<'_, AppState>,
    args: Args<TrustRouterCertificate>,
) -> Answer<TrustRouterCertificate> {
    let Args(trust) = args;
    Ok(router::trust_certificate(
        &state.ctx().await?,
        trust.input.router_id,
        &trust.input.fingerprint,
    )
    .await?)
}
