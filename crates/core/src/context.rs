//! The one context every core service works in: the database, the clock, where router
//! passwords live, and a source of randomness. The app's state and the agent each hold one;
//! tests build one with a fixed clock and a fixed seed, so every rule is exact.
//!
//! Settings the rules depend on (the office time zone) are read here, by the core, not looked
//! up by each caller. The acting person joins the context with the staff issue.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use crate::random::Randomness;
use crate::secret_store::SecretStore;
use crate::{settings, Clock, CoreResult};

/// What a core service needs from the world. Cheap to clone (every part is shared).
#[derive(Clone)]
pub struct Context {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    secrets: Arc<dyn SecretStore>,
    random: Arc<Randomness>,
}

impl Context {
    pub fn new(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        secrets: Arc<dyn SecretStore>,
        random: Arc<Randomness>,
    ) -> Self {
        Self {
            db,
            clock,
            secrets,
            random,
        }
    }

    /// The database (SQLite or PostgreSQL).
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Where "now" comes from.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The clock's now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Where router passwords live.
    pub fn secrets(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    /// The password store shared, for work that outlives the call.
    pub fn shared_secrets(&self) -> Arc<dyn SecretStore> {
        Arc::clone(&self.secrets)
    }

    /// Randomness for codes and tokens.
    pub fn random(&self) -> &Randomness {
        &self.random
    }

    /// The office's time zone (Settings; UTC until the office chooses one): plans end by it.
    pub async fn office_time_zone(&self) -> CoreResult<Tz> {
        settings::office_time_zone(&self.db).await
    }
}
