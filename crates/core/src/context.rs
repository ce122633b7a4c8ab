//! The one context every core service works in: the database, the clock, where router
//! passwords live, and a source of randomness. The app's state and the agent each hold one;
//! tests build one with a fixed clock and a fixed seed, so every rule is exact.
//!
//! Settings the rules depend on (the office time zone) are read here, by the core, not looked
//! up by each caller. The acting person ([`Actor`]) and where the call comes from (the origin
//! the audit log records: "app on host X", "agent on host Y") travel here too: a context is
//! made once, and each call takes a copy that names who is acting (`acting_as`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sea_orm::DatabaseConnection;

use tikbill_api::Permission;

use crate::actor::Actor;
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
    actor: Actor,
    origin: Arc<str>,
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
            actor: Actor::Nobody,
            origin: Arc::from("unknown"),
        }
    }

    /// The same context with `actor` acting.
    pub fn acting_as(&self, actor: Actor) -> Self {
        Self {
            actor,
            ..self.clone()
        }
    }

    /// The same context, its calls coming from `origin` ("app on host X").
    pub fn from_origin(&self, origin: &str) -> Self {
        Self {
            origin: Arc::from(origin),
            ..self.clone()
        }
    }

    /// Who is acting.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Where the calls come from, as the audit log records it.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Refuses unless the actor has `permission` (see [`Actor::require`]).
    pub fn require(&self, permission: Permission) -> CoreResult<()> {
        self.actor.require(permission)
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
