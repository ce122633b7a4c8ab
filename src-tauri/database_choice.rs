//! Which database the app opens: `TIKBILL_DATABASE_URL` if set, else the `database_url` setting
//! (tauri-plugin-store, settings.json in the app's config directory), else SQLite in the OS
//! app-data directory.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;
use tikbill_core::db;

pub const SETTINGS_STORE: &str = "settings.json";
pub const DATABASE_URL_KEY: &str = "database_url";

pub fn database_url<R: Runtime>(app: &AppHandle<R>) -> anyhow::Result<String> {
    if let Ok(url) = std::env::var(db::DATABASE_URL_ENV) {
        if !url.trim().is_empty() {
            return Ok(url);
        }
    }
    if let Ok(store) = app.store(SETTINGS_STORE) {
        if let Some(url) = store
            .get(DATABASE_URL_KEY)
            .and_then(|v| v.as_str().map(str::to_string))
        {
            if !url.trim().is_empty() {
                return Ok(url);
            }
        }
    }
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)?;
    Ok(db::sqlite_url(&dir))
}
