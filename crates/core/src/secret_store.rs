//! Where router passwords live: never in the database.
//!
//! The desktop default is the OS keyring (Keychain, Windows Credential Manager, the Secret
//! Service on Linux desktops). Headless Linux servers often have no Secret Service; there the
//! operator chooses, explicitly, a file in the data directory readable only by its owner
//! (`TIKBILL_SECRET_STORE=file`), and Settings says so.

mod file;
mod os_keyring;
mod switchable;

use std::path::Path;
use std::sync::Arc;

use tikbill_routeros::Secret;

pub use file::FileSecretStore;
pub use os_keyring::KeyringSecretStore;
pub use switchable::SwitchableSecretStore;

/// The environment variable that picks the store: `keyring` (default) or `file`.
pub const SECRET_STORE_ENV: &str = "TIKBILL_SECRET_STORE";

/// Why a secret could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    /// There is no keyring to talk to (no Secret Service on this Linux desktop, a locked or
    /// missing keychain): the person can choose the password file instead.
    #[error(
        "the OS keyring is not available ({0}). Keep router passwords in an owner-only file \
         instead (offered on the router form and in Settings), or on a headless server set \
         TIKBILL_SECRET_STORE=file"
    )]
    KeyringUnavailable(String),
    /// The keyring answered but refused or failed this one request.
    #[error("the OS keyring failed: {0}")]
    Keyring(String),
    #[error("the password file {path} could not be used: {reason}")]
    File { path: String, reason: String },
}

/// A place for passwords, keyed by a stable name such as `router-7`.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError>;
    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError>;
    fn delete(&self, key: &str) -> Result<(), SecretStoreError>;
    /// Which kind of store this is, for Settings.
    fn kind(&self) -> SecretStoreKind;
}

pub use tikbill_api::SecretStoreKind;

/// The store named by `TIKBILL_SECRET_STORE`; anything but `file` means the keyring.
pub fn kind_from_env() -> SecretStoreKind {
    kind_named(std::env::var(SECRET_STORE_ENV).ok().as_deref())
}

/// The store a setting or variable names: `file`, else the keyring.
pub fn kind_named(name: Option<&str>) -> SecretStoreKind {
    match name.map(str::trim) {
        Some("file") => SecretStoreKind::File,
        _ => SecretStoreKind::Keyring,
    }
}

/// How a setting or `TIKBILL_SECRET_STORE` names a store.
pub fn kind_name(kind: SecretStoreKind) -> &'static str {
    match kind {
        SecretStoreKind::File => "file",
        SecretStoreKind::Keyring => "keyring",
    }
}

/// Where the file store keeps its passwords in `data_dir`.
pub fn file_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("secrets.json")
}

/// Opens the chosen store; the file store keeps `secrets.json` in `data_dir`.
pub fn open(kind: SecretStoreKind, data_dir: &Path) -> Arc<dyn SecretStore> {
    match kind {
        SecretStoreKind::Keyring => Arc::new(KeyringSecretStore::new("tikbill")),
        SecretStoreKind::File => Arc::new(FileSecretStore::new(file_path(data_dir))),
    }
}

/// The key a router's API password is stored under.
pub fn router_key(router_id: i64) -> String {
    format!("router-{router_id}")
}
