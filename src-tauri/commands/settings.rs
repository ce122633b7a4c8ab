//! Office settings and the agent's job record.

use tauri::State;
use tikbill_api::command::{AgentJobs, GetOfficeSettings, SaveOfficeSettings};
use tikbill_core::settings;

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn office_settings(
    state: State<'_, AppState>,
    _args: Args<GetOfficeSettings>,
) -> Answer<GetOfficeSettings> {
    Ok(settings::office_settings(&state.ctx).await?)
}

#[tauri::command]
pub async fn save_office_settings(
    state: State<'_, AppState>,
    args: Args<SaveOfficeSettings>,
) -> Answer<SaveOfficeSettings> {
    Ok(settings::save_office_settings(&state.ctx, &args.0.input).await?)
}

#[tauri::command]
pub async fn agent_jobs(state: State<'_, AppState>, _args: Args<AgentJobs>) -> Answer<AgentJobs> {
    Ok(settings::job_runs(&state.ctx).await?)
}
