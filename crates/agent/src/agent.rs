//! An opened agent: what every command and job works with.

use std::sync::Arc;

use tikbill_core::gateway::Gateways;
use tikbill_core::secret_store::{self, SecretStoreKind};
use tikbill_core::{actor, db, Actor, Clock, Context, Randomness};

use crate::storage::Storage;
use crate::AgentError;

/// The core context the agent works in: the database (opened and migrated), the router
/// password store, the clock and randomness.
#[derive(Clone)]
pub struct Agent {
    pub ctx: Context,
    /// Payment gateways' APIs (tokens and certificates cached for the process).
    pub gateways: Arc<Gateways>,
}

impl Agent {
    /// Opens the chosen database (migrating it) and password store.
    pub async fn open(
        storage: &Storage,
        secrets: SecretStoreKind,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, AgentError> {
        let url = storage.database_url()?;
        let data_dir = match secrets {
            SecretStoreKind::File => storage.data_dir()?,
            // The keyring does not use the directory; a system without one can still use it.
            SecretStoreKind::Keyring => storage.data_dir().unwrap_or_default(),
        };
        let db = db::open(&url).await?;
        let ctx = Context::new(
            db,
            clock,
            secret_store::open(secrets, &data_dir),
            Arc::new(Randomness::from_os()),
        )
        // What the agent does, on its own or told to on the command line, it does as
        // `agent@<host>`.
        .acting_as(Actor::agent())
        .from_origin(&format!("agent on {}", actor::host_name()));
        Self::new(ctx)
    }

    /// An agent working in `ctx`, talking to gateways over real HTTPS.
    pub fn new(ctx: Context) -> Result<Self, AgentError> {
        Ok(Self {
            ctx,
            gateways: Arc::new(Gateways::real()?),
        })
    }
}
