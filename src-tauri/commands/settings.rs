//! Office settings and the agent's job record.

use tauri::{AppHandle, Runtime, State};
use tikbill_api::{ApiError, AppInfo, ErrorCode, JobRunView, OfficeSettings, SecretStoreKind};
use tikbill_core::settings;

use crate::database_choice::{open_secret_store, save_secret_store};
use crate::AppState;

#[tauri::command]
pub async fn office_settings(state: State<'_, AppState>) -> Result<OfficeSettings, ApiError> {
    Ok(settings::office_settings(&state.db).await?)
}

#[tauri::command]
pub async fn save_office_settings(
    state: State<'_, AppState>,
    input: OfficeSettings,
) -> Result<OfficeSettings, ApiError> {
    Ok(settings::save_office_settings(&state.db, state.clock.as_ref(), &input).await?)
}

#[tauri::command]
pub async fn agent_jobs(state: State<'_, AppState>) -> Result<Vec<JobRunView>, ApiError> {
    Ok(settings::job_runs(&state.db).await?)
}

/// Keeps router passwords in `kind` from now on ("Keep router passwords in an owner-only file
/// instead" when the OS keyring is not available): saved in settings.json and in effect at once.
#[tauri::command]
pub async fn choose_secret_store<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: SecretStoreKind,
) -> Result<AppInfo, ApiError> {
    let failed = |e: anyhow::Error| {
        ApiError::new(
            ErrorCode::Secrets,
            format!("The password store was not changed: {e}"),
        )
    };
    let (store, location) = open_secret_store(&app, kind).map_err(failed)?;
    save_secret_store(&app, kind).map_err(failed)?;
    state.secret_choice.switch(store, location);
    Ok(state.app_info())
}
