use tauri::State;
use tikbill_api::{ApiError, ProfileId, ProfileInput, ProfileView};
use tikbill_core::profile;

use crate::AppState;

#[tauri::command]
pub async fn list_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileView>, ApiError> {
    Ok(profile::list(&state.db).await?)
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, AppState>,
    input: ProfileInput,
) -> Result<ProfileView, ApiError> {
    Ok(profile::create(&state.db, state.clock.as_ref(), &input).await?)
}

#[tauri::command]
pub async fn update_profile(
    state: State<'_, AppState>,
    id: ProfileId,
    input: ProfileInput,
) -> Result<ProfileView, ApiError> {
    state.changed(profile::update(&state.db, state.clock.as_ref(), id, &input).await)
}

#[tauri::command]
pub async fn delete_profile(state: State<'_, AppState>, id: ProfileId) -> Result<(), ApiError> {
    Ok(profile::delete(&state.db, id).await?)
}
