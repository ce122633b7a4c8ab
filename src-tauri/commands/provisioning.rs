//! The router job queue as the office sees it, sync with a router, and imports.

use std::sync::Arc;

use tauri::State;
use tikbill_api::{
    ApiError, CsvImportInput, ErrorCode, ImportReport, RouterId, RouterQueueView, SyncReport,
};
use tikbill_core::provisioning::{self, WorkerOptions};
use tikbill_core::{import, settings, sync};

use crate::AppState;

#[tauri::command]
pub async fn router_queues(state: State<'_, AppState>) -> Result<Vec<RouterQueueView>, ApiError> {
    Ok(provisioning::queues(&state.db).await?)
}

/// Compares one router (`id`), or every router (`None`), with the database; fixes the
/// differences unless `dry_run`.
#[tauri::command]
pub async fn sync_router(
    state: State<'_, AppState>,
    id: Option<RouterId>,
    dry_run: bool,
) -> Result<Vec<SyncReport>, ApiError> {
    let options = WorkerOptions::on_this_computer("app");
    match id {
        Some(id) => {
            let report = sync::sync_router(
                &state.db,
                state.secrets.as_ref(),
                state.clock.as_ref(),
                id,
                dry_run,
                &options,
            )
            .await?;
            Ok(vec![report])
        }
        None => {
            let all = sync::sync_all(
                &state.db,
                Arc::clone(&state.secrets),
                Arc::clone(&state.clock),
                dry_run,
                &options,
            )
            .await?;
            match all.failure_text() {
                // Nothing to show but why: say it.
                Some(why) if all.reports.is_empty() => Err(ApiError::new(ErrorCode::Router, why)),
                _ => Ok(all.reports),
            }
        }
    }
}

/// Imports the router's hotspot users and PPP secrets as customers.
#[tauri::command]
pub async fn import_from_router(
    state: State<'_, AppState>,
    id: RouterId,
) -> Result<ImportReport, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(
        import::from_router(
            &state.db,
            state.secrets.as_ref(),
            state.clock.as_ref(),
            id,
            zone,
        )
        .await,
    )
}

/// Imports customers from a CSV file's text onto one router.
#[tauri::command]
pub async fn import_customers_csv(
    state: State<'_, AppState>,
    input: CsvImportInput,
) -> Result<ImportReport, ApiError> {
    let zone = settings::office_time_zone(&state.db).await?;
    state.changed(import::from_csv_form(&state.db, state.clock.as_ref(), &input, zone).await)
}
