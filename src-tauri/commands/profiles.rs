use tauri::State;
use tikbill_api::command::{CreateProfile, DeleteProfile, ListProfiles, UpdateProfile};
use tikbill_core::profile;

use crate::contract::{Answer, Args};
use crate::AppState;

#[tauri::command]
pub async fn list_profiles(
    state: State<'_, AppState>,
    _args: Args<ListProfiles>,
) -> Answer<ListProfiles> {
    Ok(profile::list(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn create_profile(
    state: State<'_, AppState>,
    args: Args<CreateProfile>,
) -> Answer<CreateProfile> {
    Ok(profile::create(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn update_profile(
    state: State<'_, AppState>,
    args: Args<UpdateProfile>,
) -> Answer<UpdateProfile> {
    let Args(edit) = args;
    state.changed(profile::update(&state.ctx().await?, edit.id, &edit.input).await)
}

#[tauri::command]
pub async fn delete_profile(
    state: State<'_, AppState>,
    args: Args<DeleteProfile>,
) -> Answer<DeleteProfile> {
    Ok(profile::delete(&state.ctx().await?, args.0.id).await?)
}
