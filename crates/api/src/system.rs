use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

/// Where router passwords are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretStoreKind {
    /// The OS keyring (Keychain, Credential Manager, Secret Service).
    Keyring,
    /// A file readable only by its owner, chosen explicitly for headless machines.
    File,
}

/// What the app is running on, shown in Settings and the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub database: DatabaseKind,
    /// Where the data lives: a file path for SQLite, `host:port/db` for PostgreSQL (no password).
    pub database_location: String,
    pub secret_store: SecretStoreKind,
    /// For the file store, where the file is.
    pub secret_store_location: Option<String>,
}
