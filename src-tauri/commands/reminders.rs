//! Expiry reminders: the SMS settings, the customers whose plan ends soon, the reminders sent.

use tauri::State;
use tikbill_api::command::{ExpiringCustomers, GetSmsSettings, ListSmsReminders, SaveSmsSettings};
use tikbill_core::reminder;

use crate::contract::{Answer, Args};
use crate::AppState;

/// How many reminders the list shows.
const SHOWN: u64 = 200;

#[tauri::command]
pub async fn sms_settings(
    state: State<'_, AppState>,
    _args: Args<GetSmsSettings>,
) -> Answer<GetSmsSettings> {
    Ok(reminder::sms_settings(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn save_sms_settings(
    state: State<'_, AppState>,
    args: Args<SaveSmsSettings>,
) -> Answer<SaveSmsSettings> {
    Ok(reminder::save_sms_settings(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn expiring_customers(
    state: State<'_, AppState>,
    args: Args<ExpiringCustomers>,
) -> Answer<ExpiringCustomers> {
    Ok(reminder::expiring(&state.ctx().await?, args.0.input).await?)
}

#[tauri::command]
pub async fn sms_reminders(
    state: State<'_, AppState>,
    _args: Args<ListSmsReminders>,
) -> Answer<ListSmsReminders> {
    Ok(reminder::list(&state.ctx().await?, SHOWN).await?)
}
