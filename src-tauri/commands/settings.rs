//! Office settings, the agent's job record, and where router passwords are kept.

use tauri::{AppHandle, Runtime, State};
use tikbill_api::command::{
    AgentJobs, ChooseSecretStore, GetOfficeSettings, GetReceiptSettings, SaveOfficeSettings,
    SaveReceiptSettings, SetOfficeLogo,
};
use tikbill_api::{ApiError, ErrorCode, Permission};
use tikbill_core::settings;

use crate::contract::{Answer, Args};
use crate::database_choice::{open_secret_store, save_secret_store};
use crate::AppState;

#[tauri::command]
pub async fn office_settings(
    state: State<'_, AppState>,
    _args: Args<GetOfficeSettings>,
) -> Answer<GetOfficeSettings> {
    Ok(settings::office_settings(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn save_office_settings(
    state: State<'_, AppState>,
    args: Args<SaveOfficeSettings>,
) -> Answer<SaveOfficeSettings> {
    Ok(settings::save_office_settings(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn receipt_settings(
    state: State<'_, AppState>,
    _args: Args<GetReceiptSettings>,
) -> Answer<GetReceiptSettings> {
    Ok(settings::receipt_settings(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn save_receipt_settings(
    state: State<'_, AppState>,
    args: Args<SaveReceiptSettings>,
) -> Answer<SaveReceiptSettings> {
    Ok(settings::save_receipt_settings(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn set_office_logo(
    state: State<'_, AppState>,
    args: Args<SetOfficeLogo>,
) -> Answer<SetOfficeLogo> {
    Ok(settings::set_logo(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn agent_jobs(state: State<'_, AppState>, _args: Args<AgentJobs>) -> Answer<AgentJobs> {
    Ok(settings::job_runs(&state.ctx().await?).await?)
}

/// Keeps router passwords in `kind` from now on ("Keep router passwords in an owner-only file
/// instead" when the OS keyring is not available): saved in settings.json and in effect at once.
#[tauri::command]
pub async fn choose_secret_store<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ChooseSecretStore>,
) -> Answer<ChooseSecretStore> {
    state.ctx().await?.require(Permission::ChooseSecretStore)?;
    let kind = args.0.kind;
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
