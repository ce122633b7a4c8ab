use std::sync::Arc;

use tikbill_api::AppInfo;
use tikbill_core::secret_store::{SecretStore, SwitchableSecretStore};
use tikbill_core::{db, settings, Clock, Context, CoreResult, Randomness, SystemClock};

use crate::router_work::RouterWork;

/// What every command can reach: the core context (database, clock, password store,
/// randomness), what the app shows about itself, and the router worker to wake after a change.
pub struct AppState {
    pub ctx: Context,
    /// The context's password store, which a person can switch while the app runs.
    pub secret_choice: Arc<SwitchableSecretStore>,
    pub info: AppInfo,
    pub router_work: RouterWork,
}

impl AppState {
    /// Opens (creating and migrating if needed) the database at `url`; router passwords go to
    /// `secrets` (whose file, for the file store, is at `secrets_location`).
    pub async fn open(
        url: &str,
        secrets: Arc<dyn SecretStore>,
        secrets_location: Option<String>,
    ) -> CoreResult<Self> {
        let secret_choice = Arc::new(SwitchableSecretStore::new(
            secrets,
            secrets_location.clone(),
        ));
        let secrets: Arc<dyn SecretStore> = secret_choice.clone();
        let db = db::open(url).await?;
        let info = AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            database: db::kind(&db),
            database_location: location(url),
            secret_store: secrets.kind(),
            secret_store_location: secrets_location,
        };
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let ctx = Context::new(db, clock, secrets, Arc::new(Randomness::from_os()));
        // Until the office chooses, plans end by this computer's clock.
        if let Ok(zone) = iana_time_zone::get_timezone() {
            settings::default_office_time_zone(&ctx, &zone).await?;
        }
        let router_work = RouterWork::start(ctx.clone());
        Ok(Self {
            ctx,
            secret_choice,
            info,
            router_work,
        })
    }

    /// What the app runs on now (the password store may have been switched since start).
    pub fn app_info(&self) -> AppInfo {
        let mut info = self.info.clone();
        info.secret_store = self.secret_choice.kind();
        info.secret_store_location = self.secret_choice.location();
        info
    }

    /// A change's result, after waking the router worker to apply its job (on success).
    pub fn changed<T>(&self, result: CoreResult<T>) -> Result<T, tikbill_api::ApiError> {
        let saved = result?;
        self.router_work.nudge();
        Ok(saved)
    }
}

/// A file path for SQLite, the URL without its password for PostgreSQL.
fn location(url: &str) -> String {
    match url.strip_prefix("sqlite://") {
        Some(rest) => rest.split('?').next().unwrap_or(rest).to_string(),
        None => db::redact(url),
    }
}
