use std::sync::{Arc, RwLock};

use tikbill_routeros::Secret;

use super::{SecretStore, SecretStoreError, SecretStoreKind};

/// The store the app uses now, which a person can change while it runs (e.g. to the password
/// file when the OS keyring is not available): every request goes to the store chosen last.
pub struct SwitchableSecretStore {
    current: RwLock<Chosen>,
}

struct Chosen {
    store: Arc<dyn SecretStore>,
    /// For the file store, where its file is.
    location: Option<String>,
}

impl SwitchableSecretStore {
    pub fn new(store: Arc<dyn SecretStore>, location: Option<String>) -> Self {
        Self {
            current: RwLock::new(Chosen { store, location }),
        }
    }

    /// From now on, passwords are read from and written to `store`. Passwords kept in the old
    /// store stay there (a keyring that is not available cannot be read to move them).
    pub fn switch(&self, store: Arc<dyn SecretStore>, location: Option<String>) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        *current = Chosen { store, location };
    }

    /// Where the chosen store keeps its passwords, for the file store.
    pub fn location(&self) -> Option<String> {
        self.chosen(|c| c.location.clone())
    }

    fn store(&self) -> Arc<dyn SecretStore> {
        self.chosen(|c| Arc::clone(&c.store))
    }

    fn chosen<T>(&self, read: impl FnOnce(&Chosen) -> T) -> T {
        read(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }
}

impl SecretStore for SwitchableSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        self.store().get(key)
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.store().set(key, secret)
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        self.store().delete(key)
    }

    fn kind(&self) -> SecretStoreKind {
        self.store().kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret_store::FileSecretStore;

    /// A keyring that is not there.
    struct NoKeyring;

    impl SecretStore for NoKeyring {
        fn get(&self, _: &str) -> Result<Option<Secret>, SecretStoreError> {
            Err(SecretStoreError::KeyringUnavailable(
                "no Secret Service".into(),
            ))
        }
        fn set(&self, _: &str, _: &Secret) -> Result<(), SecretStoreError> {
            Err(SecretStoreError::KeyringUnavailable(
                "no Secret Service".into(),
            ))
        }
        fn delete(&self, _: &str) -> Result<(), SecretStoreError> {
            Err(SecretStoreError::KeyringUnavailable(
                "no Secret Service".into(),
            ))
        }
        fn kind(&self) -> SecretStoreKind {
            SecretStoreKind::Keyring
        }
    }

    #[test]
    fn a_switch_takes_effect_for_the_next_request() {
        let dir = tempfile::tempdir().unwrap();
        let store = SwitchableSecretStore::new(Arc::new(NoKeyring), None);
        assert!(
            matches!(
                store.set("router-1", &Secret::new("pw")),
                Err(SecretStoreError::KeyringUnavailable(_))
            ),
            "the keyring is not there"
        );
        let path = dir.path().join("secrets.json");
        let location = Some(path.display().to_string());
        store.switch(Arc::new(FileSecretStore::new(path)), location.clone());
        store
            .set("router-1", &Secret::new("pw"))
            .expect("the file takes it");
        assert_eq!(
            store
                .get("router-1")
                .unwrap()
                .map(|s| s.expose().to_string()),
            Some("pw".into())
        );
        assert_eq!(
            (store.kind(), store.location()),
            (SecretStoreKind::File, location)
        );
    }
}
