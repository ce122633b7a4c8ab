//! A core context for tests and benchmarks (feature `test-support`): the case's database, the
//! test's clock (a shared [`FixedClock`]: advancing the test's copy moves the context's now),
//! a password file in a temporary directory of its own (removed with the last clone of the
//! context), and randomness with a fixed seed.

use std::path::Path;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tikbill_routeros::Secret;

use crate::secret_store::{FileSecretStore, SecretStore, SecretStoreError, SecretStoreKind};
use crate::{Actor, Context, FixedClock, Randomness};

/// The seed every test context starts from.
pub const SEED: u64 = 7;

/// A context over `db` with `clock`, a fresh password file and seed [`SEED`], in which tikbill
/// itself ([`TEST_ACTOR`]) acts, from origin `test`: tests of roles take
/// `ctx.acting_as(Actor::staff(…))`.
pub fn context(db: &DatabaseConnection, clock: &FixedClock) -> Context {
    Context::new(
        db.clone(),
        Arc::new(clock.clone()),
        Arc::new(TempSecretStore::new()),
        Arc::new(Randomness::seeded(SEED)),
    )
    .acting_as(Actor::System {
        label: TEST_ACTOR.into(),
    })
    .from_origin("test")
}

/// How the audit log names the actor of a test context.
pub const TEST_ACTOR: &str = "test";

/// A password file in a temporary directory that goes when the store is dropped.
pub struct TempSecretStore {
    dir: tempfile::TempDir,
    file: FileSecretStore,
}

impl TempSecretStore {
    pub fn new() -> Self {
        // A test cannot go on without somewhere to keep passwords.
        #[allow(clippy::expect_used)]
        let dir = tempfile::tempdir().expect("a temporary directory for test passwords");
        let file = FileSecretStore::new(dir.path().join("secrets.json"));
        Self { dir, file }
    }

    /// The directory the password file is in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Default for TempSecretStore {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for TempSecretStore {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretStoreError> {
        self.file.get(key)
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretStoreError> {
        self.file.set(key, secret)
    }

    fn delete(&self, key: &str) -> Result<(), SecretStoreError> {
        self.file.delete(key)
    }

    fn kind(&self) -> SecretStoreKind {
        SecretStoreKind::File
    }
}
