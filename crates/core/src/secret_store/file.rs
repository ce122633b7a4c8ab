use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use tikbill_routeros::Secret;

use super::{SecretStore, SecretStoreError, SecretStoreKind};

/// Passwords in a JSON file readable only by its owner (mode 0600 on Unix), replaced atomically
/// on every change. For headless servers without an OS keyring, chosen explicitly.
pub struct FileSecretStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileSecretStore {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            lock: Mutex::new(()),
        }
    }

    fn error(&self, reason: impl ToString) -> SecretStoreError {
        SecretStoreError::File {
            path: self.path.display().to_string(),
            reason: reason.to_string(),
        }
    }

    fn read(&self) -> Result<BTreeMap<String, String>, SecretStoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| self.error(e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn write(&self, map: &BTreeMap<String, String>) -> Result<(), SecretStoreError> {
        let dir = self
            .path
            .parent()
            .ok_or_else(|| self.error("no parent directory"))?;
        std::fs::create_dir_all(dir).map_err(|e| self.error(e))?;
        let tmp = self.path.with_extension("json.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(|e| self.error(e))?;
        let json = serde_json::to_vec_pretty(map).map_err(|e| self.error(e))?;
        file.write_all(&json)
            .and_then(|_| file.sync_all())
            .map_err(|e| self.error(e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| self.error(e))
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        Ok(self.read()?.get(key).map(|v| Secret::new(v.clone())))
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = self.read()?;
        map.insert(key.to_string(), secret.expose().to_string());
        self.write(&map)
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = self.read()?;
        if map.remove(key).is_some() {
            self.write(&map)?;
        }
        Ok(())
    }

    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::File
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_replaces_and_forgets_passwords_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        let store = FileSecretStore::new(path.clone());
        assert!(
            store.get("router-1").unwrap().is_none(),
            "nothing before the first save"
        );
        store.set("router-1", &Secret::new("s3cret")).unwrap();
        store.set("router-2", &Secret::new("other")).unwrap();
        store.set("router-1", &Secret::new("changed")).unwrap();
        let again = FileSecretStore::new(path.clone());
        assert_eq!(
            again
                .get("router-1")
                .unwrap()
                .map(|s| s.expose().to_string()),
            Some("changed".into()),
            "survives a restart"
        );
        again.delete("router-1").unwrap();
        assert!(again.get("router-1").unwrap().is_none());
        assert!(again.get("router-2").unwrap().is_some(), "others are kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "only the owner may read the passwords");
        }
    }

    #[test]
    fn a_damaged_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        std::fs::write(&path, b"{not json").unwrap();
        let err = FileSecretStore::new(path).get("router-1").unwrap_err();
        assert!(
            err.to_string().contains("secrets.json"),
            "names the file: {err}"
        );
    }
}
