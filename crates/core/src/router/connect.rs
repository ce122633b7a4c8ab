//! The one way tikbill logs in to a saved router, whatever it then does (apply jobs, sync,
//! import, read a customer's session): the password from the store, the pinned certificate
//! enforced, and on the first api-ssl connection the certificate seen is pinned.

use std::time::Duration;

use sea_orm::ConnectionTrait;
use tikbill_routeros::{Client, Error};

use super::pin::pin_first_use;
use super::probe::ProbeFailure;
use crate::entity::router;
use crate::secret_store::SecretStore;
use crate::{CoreError, CoreResult};

/// Connects to and logs in to `row`. A certificate other than the pinned one is
/// [`CoreError::CertificateChanged`] (with both fingerprints); a router that cannot be reached
/// or refuses the login is [`CoreError::Router`]; a pin that cannot be read is
/// [`CoreError::UnreadablePin`].
pub async fn connect(
    db: &impl ConnectionTrait,
    secrets: &dyn SecretStore,
    row: &router::Model,
    timeout: Duration,
) -> CoreResult<Client> {
    let options = super::connect_options(row, secrets, timeout)?;
    let client = Client::connect(&options)
        .await
        .map_err(|e| refused(row, e))?;
    if let Some(seen) = client.certificate_fingerprint() {
        if let Err(e) = pin_first_use(db, row, seen).await {
            client.close();
            return Err(e);
        }
    }
    Ok(client)
}

/// A connection error in the core's terms: a certificate mismatch names the router.
pub(crate) fn refused(row: &router::Model, error: Error) -> CoreError {
    match error {
        Error::CertificateMismatch { expected, found } => CoreError::CertificateChanged {
            router_id: row.id,
            router_name: row.name.clone(),
            pinned: expected,
            presented: found,
        },
        other => CoreError::Router(ProbeFailure::Router(other)),
    }
}
