//! Which database the app opens: `TIKBILL_DATABASE_URL` if set, else the `database_url` setting
//! (tauri-plugin-store, settings.json in the app's config directory), else SQLite in the OS
//! app-data directory. Likewise where router passwords go: `TIKBILL_SECRET_STORE`, else the
//! `secret_store` setting (`keyring` or `file`), else the OS keyring.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreExt;
use tikbill_core::db;
use tikbill_core::secret_store::{self, SecretStoreKind, SECRET_STORE_ENV};

pub const SETTINGS_STORE: &str = "settings.json";
pub const DATABASE_URL_KEY: &str = "database_url";
pub const SECRET_STORE_KEY: &str = "secret_store";

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

fn setting<R: Runtime>(app: &AppHandle<R>, key: &str) -> Option<String> {
    let store = app.store(SETTINGS_STORE).ok()?;
    store
        .get(key)
        .and_then(|v| v.as_str().map(str::to_string))
        .filter(|v| !v.trim().is_empty())
}

/// The password store and, for the file store, where its file is.
pub fn secret_store<R: Runtime>(
    app: &AppHandle<R>,
) -> anyhow::Result<(
    std::sync::Arc<dyn secret_store::SecretStore>,
    Option<String>,
)> {
    let chosen = std::env::var(SECRET_STORE_ENV)
        .ok()
        .or_else(|| setting(app, SECRET_STORE_KEY));
    open_secret_store(app, secret_store::kind_named(chosen.as_deref()))
}

/// Opens the password store of `kind` in the app's data directory; for the file store, also
/// where its file is.
pub fn open_secret_store<R: Runtime>(
    app: &AppHandle<R>,
    kind: SecretStoreKind,
) -> anyhow::Result<(
    std::sync::Arc<dyn secret_store::SecretStore>,
    Option<String>,
)> {
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)?;
    let location = (kind == SecretStoreKind::File)
        .then(|| secret_store::file_path(&dir).display().to_string());
    Ok((secret_store::open(kind, &dir), location))
}

/// Remembers the password store in settings.json (`secret_store`), for the app and, at its
/// next start, the agent sidecar (which the app tells through TIKBILL_SECRET_STORE).
pub fn save_secret_store<R: Runtime>(
    app: &AppHandle<R>,
    kind: SecretStoreKind,
) -> anyhow::Result<()> {
    let store = app.store(SETTINGS_STORE)?;
    store.set(SECRET_STORE_KEY, secret_store::kind_name(kind));
    store.save()?;
    Ok(())
}
