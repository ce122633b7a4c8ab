//! The router job queue as the office sees it, sync with a router, and imports.

use tauri::State;
use tikbill_api::command::{
    FailedJobs, ImportCustomersCsv, ImportFromRouter, RetryFailedJobs, RouterQueues, SyncRouter,
};
use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{import, sync};

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn router_queues(
    state: State<'_, AppState>,
    _args: Args<RouterQueues>,
) -> Answer<RouterQueues> {
    Ok(provisioning::queues(&state.ctx().await?).await?)
}

/// Compares one router (`id`), or every router (`None`), with the database; fixes the
/// differences unless `dry_run`. What counts as falling short is the core's rule.
#[tauri::command]
pub async fn sync_router(state: State<'_, AppState>, args: Args<SyncRouter>) -> Answer<SyncRouter> {
    let Args(sync) = args;
    let options = WorkerOptions::one_off("app-sync");
    Ok(sync::run(&state.ctx().await?, sync.id, sync.dry_run, &options).await?)
}

/// Imports the router's hotspot users and PPP secrets as customers.
#[tauri::command]
pub async fn import_from_router(
    state: State<'_, AppState>,
    args: Args<ImportFromRouter>,
) -> Answer<ImportFromRouter> {
    state.changed(import::from_router(&state.ctx().await?, args.0.id).await)
}

/// Imports customers from a CSV file's text onto one router.
#[tauri::command]
pub async fn import_customers_csv(
    state: State<'_, AppState>,
    args: Args<ImportCustomersCsv>,
) -> Answer<ImportCustomersCsv> {
    state.changed(import::from_csv_form(&state.ctx().await?, &args.0.input).await)
}

/// Changes a router refused for good, for one router or one customer.
#[tauri::command]
pub async fn failed_jobs(state: State<'_, AppState>, args: Args<FailedJobs>) -> Answer<FailedJobs> {
    Ok(provisioning::failed_jobs(&state.ctx().await?, args.0.scope).await?)
}

/// "Retry": tries those changes again now.
#[tauri::command]
pub async fn retry_failed_jobs(
    state: State<'_, AppState>,
    args: Args<RetryFailedJobs>,
) -> Answer<RetryFailedJobs> {
    state.changed(provisioning::retry_failed(&state.ctx().await?, args.0.scope).await)
}
