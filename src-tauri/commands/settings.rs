//! Office settings and the agent's job record.

use tauri::State;
use tikbill_api::{ApiError, JobRunView, OfficeSettings};
use tikbill_core::settings;

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
