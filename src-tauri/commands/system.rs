use tauri::State;
use tikbill_api::{ApiError, AppInfo};

use crate::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    Ok(state.app_info())
}
