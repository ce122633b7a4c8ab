use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fs4::FileExt;
use tikbill_routeros::Secret;

use super::{SecretStore, SecretStoreError, SecretStoreKind};

/// Passwords in a JSON file readable only by its owner (mode 0600 on Unix), replaced atomically
/// on every change. For machines without an OS keyring, chosen explicitly.
///
/// The app and the agent sidecar share the file, so every read-modify-write holds an advisory
/// lock on `<file>.lock` across processes (readers share it). The file is never reached through a
/// symbolic link: it and its temporary file are opened with `O_NOFOLLOW`, the temporary file is
/// created new (`O_EXCL`), and the directory is synced after the rename so the new file survives
/// a power cut.
pub struct FileSecretStore {
    path: PathBuf,
    /// Threads of one process take turns before they take the file lock.
    lock: Mutex<()>,
}

/// Which lock a step needs.
#[derive(Clone, Copy)]
enum Access {
    Read,
    Write,
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

    fn dir(&self) -> Result<&Path, SecretStoreError> {
        self.path
            .parent()
            .ok_or_else(|| self.error("no parent directory"))
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    }

    /// Runs `work` holding the in-process lock and the file lock (shared for reads).
    fn locked<T>(
        &self,
        access: Access,
        work: impl FnOnce() -> Result<T, SecretStoreError>,
    ) -> Result<T, SecretStoreError> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        std::fs::create_dir_all(self.dir()?).map_err(|e| self.error(e))?;
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        let lock_file = open_no_follow(&mut options, &self.sibling(".lock"))
            .map_err(|e| self.error(format!("its lock file: {e}")))?;
        match access {
            Access::Read => FileExt::lock_shared(&lock_file),
            Access::Write => FileExt::lock(&lock_file),
        }
        .map_err(|e| self.error(format!("locking it: {e}")))?;
        let result = work();
        // Closing the lock file releases the lock.
        drop(lock_file);
        result
    }

    fn read(&self) -> Result<BTreeMap<String, String>, SecretStoreError> {
        let mut options = OpenOptions::new();
        options.read(true);
        let mut file = match open_no_follow(&mut options, &self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(self.error(e)),
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| self.error(e))?;
        serde_json::from_slice(&bytes).map_err(|e| self.error(e))
    }

    fn write(&self, map: &BTreeMap<String, String>) -> Result<(), SecretStoreError> {
        let tmp = self.sibling(".tmp");
        // Left by a writer that died: removed (a symbolic link is removed, not followed).
        match std::fs::remove_file(&tmp) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(self.error(e)),
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = open_no_follow(&mut options, &tmp).map_err(|e| self.error(e))?;
        let json = serde_json::to_vec_pretty(map).map_err(|e| self.error(e))?;
        file.write_all(&json)
            .and_then(|_| file.sync_all())
            .map_err(|e| self.error(e))?;
        drop(file);
        std::fs::rename(&tmp, &self.path).map_err(|e| self.error(e))?;
        sync_dir(self.dir()?).map_err(|e| self.error(format!("syncing its directory: {e}")))
    }
}

/// Opens `path` with `options`, refusing a symbolic link at `path` itself.
fn open_no_follow(options: &mut OpenOptions, path: &Path) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
        options.open(path).map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                std::io::Error::other("it is a symbolic link, which tikbill does not follow")
            } else {
                e
            }
        })
    }
    #[cfg(not(unix))]
    {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other(
                "it is a symbolic link, which tikbill does not follow",
            ));
        }
        options.open(path)
    }
}

/// Makes a rename in `dir` durable (a no-op where directories cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        self.locked(Access::Read, || {
            Ok(self.read()?.get(key).map(|v| Secret::new(v.clone())))
        })
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.locked(Access::Write, || {
            let mut map = self.read()?;
            map.insert(key.to_string(), secret.expose().to_string());
            self.write(&map)
        })
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        self.locked(Access::Write, || {
            let mut map = self.read()?;
            if map.remove(key).is_some() {
                self.write(&map)?;
            }
            Ok(())
        })
    }

    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::File
    }
}

#[cfg(test)]
mod tests;
