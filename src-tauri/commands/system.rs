use tauri::State;
use tikbill_api::command::GetAppInfo;

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>, _args: Args<GetAppInfo>) -> Answer<GetAppInfo> {
    Ok(state.app_info())
}
