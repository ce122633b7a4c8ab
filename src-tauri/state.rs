use std::sync::{Arc, Mutex, PoisonError};

use tikbill_api::{AppInfo, StaffId};
use tikbill_core::secret_store::{SecretStore, SwitchableSecretStore};
use tikbill_core::{
    actor, db, settings, staff, Actor, Clock, Context, CoreResult, Randomness, SystemClock,
};

use crate::router_work::RouterWork;

/// What every command can reach: the core context (database, clock, password store,
/// randomness), who is signed in, what the app shows about itself, and the router worker to
/// wake after a change.
pub struct AppState {
    /// The context with nobody acting, calls coming from "app on <host>"; [`AppState::ctx`]
    /// names the person signed in.
    base: Context,
    /// The staff account signed in on this app, if any.
    session: Mutex<Option<StaffId>>,
    /// The context's password store, which a person can switch while the app runs.
    pub secret_choice: Arc<SwitchableSecretStore>,
    pub info: AppInfo,
    pub router_work: RouterWork,
    /// Where exports (the audit log's CSV) are saved: the Downloads folder.
    pub export_dir: std::path::PathBuf,
    /// Payment gateways' APIs (an STK push, processing a delivery again).
    pub gateways: Arc<tikbill_core::gateway::Gateways>,
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
        let host = actor::host_name();
        let base = Context::new(db, clock, secrets, Arc::new(Randomness::from_os()))
            .from_origin(&format!("app on {host}"));
        // The app's own work (expiry, applying queued changes) is done as `app@<host>`.
        let app = base.acting_as(Actor::System {
            label: format!("app@{host}"),
        });
        // Until the office chooses, plans end by this computer's clock.
        if let Ok(zone) = iana_time_zone::get_timezone() {
            settings::default_office_time_zone(&app, &zone).await?;
        }
        let router_work = RouterWork::start(app);
        let gateways = Arc::new(tikbill_core::gateway::Gateways::real()?);
        Ok(Self {
            gateways,
            base,
            session: Mutex::new(None),
            export_dir: std::env::temp_dir(),
            secret_choice,
            info,
            router_work,
        })
    }

    /// The context of a call: the person signed in acts (read afresh, so a role changed or an
    /// account disabled since sign-in counts at once), or nobody.
    pub async fn ctx(&self) -> CoreResult<Context> {
        let Some(id) = self.signed_in() else {
            return Ok(self.base.clone());
        };
        match staff::acting(&self.base, id).await? {
            Some(actor) => Ok(self.base.acting_as(actor)),
            None => {
                // Disabled (or gone) since signing in: that session is over (unless someone
                // else signed in meanwhile).
                self.end_session_of(id);
                Ok(self.base.clone())
            }
        }
    }

    /// The context with nobody acting (signing in, the first owner).
    pub fn anonymous(&self) -> &Context {
        &self.base
    }

    /// The app itself acting (`app@<host>`): its own background work.
    pub fn itself(&self) -> Context {
        self.base.acting_as(Actor::System {
            label: format!("app@{}", actor::host_name()),
        })
    }

    /// Who is signed in on this app.
    pub fn signed_in(&self) -> Option<StaffId> {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `id` is signed in on this app from now on (replacing whoever was).
    pub fn sign_in(&self, id: StaffId) {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) = Some(id);
    }

    /// Nobody is signed in on this app from now on; who was, if anyone.
    pub fn sign_out(&self) -> Option<StaffId> {
        self.session
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// Ends `id`'s session if it is still the one signed in.
    fn end_session_of(&self, id: StaffId) {
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        if *session == Some(id) {
            *session = None;
        }
    }

    /// The same state, saving exports to `dir`.
    pub fn with_export_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.export_dir = dir;
        self
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
