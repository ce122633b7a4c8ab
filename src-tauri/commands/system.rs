use tauri::State;
use tikbill_api::command::GetAppInfo;

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>, _args: Args<GetAppInfo>) -> Answer<GetAppInfo> {
    Ok(state.app_info())
}

/// The dashboard's tiles.
#[tauri::command]
pub async fn dashboard_figures(
    state: tauri::State<'_, crate::AppState>,
    _args: crate::contract::Args<tikbill_api::command::DashboardFiguresNow>,
) -> crate::contract::Answer<tikbill_api::command::DashboardFiguresNow> {
    Ok(tikbill_core::dashboard::figures(&state.ctx().await?).await?)
}
