//! Where the data lives, chosen as the desktop app chooses it, so the agent works on the same
//! database and password file: `--database`, else `TIKBILL_DATABASE_URL`, else the SQLite file in
//! the data directory (`--data-dir`, else the app's own).

use std::path::PathBuf;

use tikbill_core::db;

use crate::AgentError;

/// The database URL and data directory the command line and environment asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Storage {
    database: Option<String>,
    data_dir: Option<PathBuf>,
}

impl Storage {
    /// `database` from `--database`, else `env_database`; `data_dir` from `--data-dir`. Empty
    /// values count as not given.
    pub fn choose(
        database: Option<String>,
        env_database: Option<String>,
        data_dir: Option<PathBuf>,
    ) -> Self {
        let given = |v: &String| !v.trim().is_empty();
        Self {
            database: database
                .filter(given)
                .or_else(|| env_database.filter(given)),
            data_dir: data_dir.filter(|d| !d.as_os_str().is_empty()),
        }
    }

    /// Like [`Storage::choose`], reading `TIKBILL_DATABASE_URL` from the environment.
    pub fn from_env(database: Option<String>, data_dir: Option<PathBuf>) -> Self {
        Self::choose(database, std::env::var(db::DATABASE_URL_ENV).ok(), data_dir)
    }

    /// The data directory, made absolute: the one given, else the desktop app's.
    pub fn data_dir(&self) -> Result<PathBuf, AgentError> {
        let dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => db::default_data_dir()?,
        };
        std::path::absolute(&dir).map_err(|e| {
            AgentError::Io(format!(
                "cannot use the data directory {}: {e}",
                dir.display()
            ))
        })
    }

    /// The database URL: the one given, else the SQLite file in the data directory (the
    /// directory is created if missing).
    pub fn database_url(&self) -> Result<String, AgentError> {
        if let Some(url) = &self.database {
            return Ok(url.clone());
        }
        let dir = self.data_dir()?;
        std::fs::create_dir_all(&dir).map_err(|e| {
            AgentError::Io(format!(
                "cannot create the data directory {}: {e}",
                dir.display()
            ))
        })?;
        Ok(db::sqlite_url(&dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_environment_which_wins_over_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("nested").join("tikbill");
        let check = |database: Option<&str>, env: Option<&str>, expect: String, why: &str| {
            let storage = Storage::choose(
                database.map(Into::into),
                env.map(Into::into),
                Some(data_dir.clone()),
            );
            assert_eq!(storage.database_url().unwrap(), expect, "{why}");
        };
        check(
            Some("postgres://a/x"),
            Some("postgres://b/y"),
            "postgres://a/x".into(),
            "--database beats the environment",
        );
        check(
            None,
            Some("postgres://b/y"),
            "postgres://b/y".into(),
            "the environment beats the default",
        );
        check(
            Some(" "),
            Some(""),
            db::sqlite_url(&data_dir),
            "empty values count as not given",
        );
        assert!(
            data_dir.is_dir(),
            "the default SQLite file's directory is created"
        );
    }
}
