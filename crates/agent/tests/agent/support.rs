//! Running the built binary against a temporary data directory, and emulated routers.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tikbill_core::db;
use tikbill_routeros::emulator::{Emulator, EmulatorConfig, Fault};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// The emulated routers' API user and password.
pub const USER: &str = "billing";
pub const PASSWORD: &str = "s3cret-pw-7f2c";

/// How the password reaches the agent.
#[derive(Debug, Clone, Copy)]
pub enum Password<'a> {
    /// Not at all (standard input is empty).
    Missing,
    /// In `TIKBILL_ROUTER_PASSWORD`.
    Env(&'a str),
    /// As a line on standard input.
    Stdin(&'a str),
}

/// What a finished run printed.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Asserts success (saying what failed) and parses stdout as JSON.
    pub fn json(&self, what: &str) -> serde_json::Value {
        assert!(self.status.success(), "{what} should succeed: {self:?}");
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{what} prints JSON ({e}): {self:?}"))
    }

    /// Asserts a non-zero exit with a one-line message containing `words`, and no panic.
    pub fn refused(&self, what: &str, words: &str) {
        assert!(!self.status.success(), "{what} should fail: {self:?}");
        self.said(what, words);
    }

    /// Asserts exit status 1 with a one-line message containing `words`, and no panic.
    pub fn failed_with_1(&self, what: &str, words: &str) {
        assert_eq!(
            self.status.code(),
            Some(1),
            "{what}: exit status 1: {self:?}"
        );
        self.said(what, words);
    }

    fn said(&self, what: &str, words: &str) {
        assert!(
            self.stderr.contains(words),
            "{what} should say '{words}': {self:?}"
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what} must not panic: {self:?}"
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "{what}: one line of error: {self:?}"
        );
        assert!(self.stdout.is_empty(), "{what} prints no result: {self:?}");
    }
}

/// The agent binary with its own data directory and the file password store.
pub struct AgentCli {
    dir: tempfile::TempDir,
    database: Option<String>,
}

impl AgentCli {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
            database: None,
        }
    }

    /// Uses this database instead of SQLite in the data directory.
    pub fn on_database(url: &str) -> Self {
        Self {
            database: Some(url.to_string()),
            ..Self::new()
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The command, ready to spawn: `--data-dir` (and `--database`) set, a clean environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tikbill-agent"));
        command
            .args(args)
            .arg("--data-dir")
            .arg(self.dir.path())
            .env("TIKBILL_SECRET_STORE", "file")
            .env_remove("TIKBILL_DATABASE_URL")
            .env_remove("TIKBILL_ROUTER_PASSWORD")
            .env_remove("TIKBILL_STAFF_PASSWORD")
            .kill_on_drop(true);
        if let Some(url) = &self.database {
            command.arg("--database").arg(url);
        }
        command
    }

    /// Runs to the end (at most a minute) and collects what it printed; a router password in
    /// the environment goes in `TIKBILL_ROUTER_PASSWORD`.
    pub async fn run(&self, args: &[&str], password: Password<'_>) -> Outcome {
        self.run_with(args, "TIKBILL_ROUTER_PASSWORD", password)
            .await
    }

    /// [`AgentCli::run`] for staff commands: a password in the environment goes in
    /// `TIKBILL_STAFF_PASSWORD`.
    pub async fn run_staff(&self, args: &[&str], password: Password<'_>) -> Outcome {
        self.run_with(args, "TIKBILL_STAFF_PASSWORD", password)
            .await
    }

    async fn run_with(&self, args: &[&str], env: &str, password: Password<'_>) -> Outcome {
        let mut command = self.command(args);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Password::Env(p) = password {
            command.env(env, p);
        }
        let mut child = command.spawn().expect("the agent binary starts");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        if let Password::Stdin(p) = password {
            stdin
                .write_all(format!("{p}\n").as_bytes())
                .await
                .expect("write the password to stdin");
        }
        drop(stdin);
        let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("tikbill-agent {args:?} finishes within a minute"))
            .expect("the agent's output is read");
        Outcome {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Adds a router for `emulator` with the right password; returns its id.
    pub async fn add_router(&self, name: &str, emulator: &Emulator) -> i64 {
        let port = emulator.address().port().to_string();
        let out = self
            .run(
                &[
                    "routers",
                    "add",
                    "--name",
                    name,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port,
                    "--user",
                    USER,
                ],
                Password::Env(PASSWORD),
            )
            .await;
        out.json("routers add")["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("the new router has an id: {out:?}"))
    }

    /// The SQLite database the agent used (opened beside it; WAL lets both in).
    pub async fn sqlite(&self) -> DatabaseConnection {
        db::open(&db::sqlite_url(self.dir.path()))
            .await
            .expect("the agent's SQLite database opens")
    }
}

/// An emulated router that answers as `identity`.
pub async fn emulator(identity: &str) -> Emulator {
    let mut config = EmulatorConfig::new(USER, PASSWORD);
    config.identity = identity.into();
    Emulator::start(config)
        .await
        .expect("the emulator starts on loopback")
}

/// An emulated router that accepts connections and never answers.
pub async fn silent_emulator() -> Emulator {
    let mut config = EmulatorConfig::new(USER, PASSWORD);
    config.fault = Some(Fault::Silent);
    Emulator::start(config)
        .await
        .expect("the emulator starts on loopback")
}

/// The single number `sql` answers.
pub async fn count(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("the query runs")
        .and_then(|row| row.try_get_by_index::<i64>(0).ok())
        .unwrap_or(-1)
}

/// Waits until `done` holds, failing the test after `limit`.
pub async fn wait_for(what: &str, limit: Duration, mut done: impl AsyncFnMut() -> bool) {
    let until = Instant::now() + limit;
    while !done().await {
        assert!(
            Instant::now() < until,
            "{what} did not happen within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
