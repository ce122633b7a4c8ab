//! An opened agent: what every command and job works with.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tikbill_core::secret_store::{self, SecretStore, SecretStoreKind};
use tikbill_core::{db, Clock};

use crate::storage::Storage;
use crate::AgentError;

/// The database (opened and migrated), the router password store and the clock.
#[derive(Clone)]
pub struct Agent {
    pub db: DatabaseConnection,
    pub secrets: Arc<dyn SecretStore>,
    pub clock: Arc<dyn Clock>,
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
        Ok(Self {
            db,
            secrets: secret_store::open(secrets, &data_dir),
            clock,
        })
    }
}
