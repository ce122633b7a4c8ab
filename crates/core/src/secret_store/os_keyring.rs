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
        keyring::Entry::new(&self.service, key)
            .map_err(|e| SecretStoreError::Keyring(e.to_string()))
    }
}

impl SecretStore for KeyringSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        match self.entry(key)?.get_password() {
            Ok(p) => Ok(Some(Secret::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(SecretStoreError::Keyring(e.to_string())),
        }
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(|e| SecretStoreError::Keyring(e.to_string()))
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(SecretStoreError::Keyring(e.to_string())),
        }
    }

    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::Keyring
    }
}
