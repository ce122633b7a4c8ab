use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tikbill_api::AppInfo;
use tikbill_core::secret_store::SecretStore;
use tikbill_core::{db, Clock, CoreResult, SystemClock};

/// What every command can reach: the database, the password store and the clock.
pub struct AppState {
    pub db: DatabaseConnection,
    pub secrets: Arc<dyn SecretStore>,
    pub clock: Arc<dyn Clock>,
    pub info: AppInfo,
}

impl AppState {
    /// Opens (creating and migrating if needed) the database at `url`; router passwords go to
    /// `secrets` (whose file, for the file store, is at `secrets_location`).
    pub async fn open(
        url: &str,
        secrets: Arc<dyn SecretStore>,
        secrets_location: Option<String>,
    ) -> CoreResult<Self> {
        let db = db::open(url).await?;
        let info = AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            database: db::kind(&db),
            database_location: location(url),
            secret_store: secrets.kind(),
            secret_store_location: secrets_location,
        };
        Ok(Self {
            db,
            secrets,
            clock: Arc::new(SystemClock),
            info,
        })
    }
}

/// A file path for SQLite, the URL without its password for PostgreSQL.
fn location(url: &str) -> String {
    match url.strip_prefix("sqlite://") {
        Some(rest) => rest.split('?').next().unwrap_or(rest).to_string(),
        None => db::redact(url),
    }
}
