use tikbill_routeros::Secret;

use super::{SecretStore, SecretStoreError, SecretStoreKind};

/// The operating system's keyring, under one service name.
pub struct KeyringSecretStore {
    service: String,
}

impl KeyringSecretStore {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(&self.service, key).map_err(failed)
    }
}

/// A keyring error in the store's terms: no keyring to talk to is
/// [`SecretStoreError::KeyringUnavailable`], so the person can be offered the file instead.
fn failed(error: keyring::Error) -> SecretStoreError {
    match error {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
            SecretStoreError::KeyringUnavailable(error.to_string())
        }
        other => SecretStoreError::Keyring(other.to_string()),
    }
}

impl SecretStore for KeyringSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        match self.entry(key)?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(failed)
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(failed(e)),
        }
    }

    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::Keyring
    }
}
