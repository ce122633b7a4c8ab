//! Opening the database: SQLite in the OS data directory by default, PostgreSQL when a URL names
//! one. Either way the schema is migrated to the newest version before anything else runs.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};
use tikbill_api::DatabaseKind;
use tikbill_migrations::{Migrator, MigratorTrait};

use crate::{CoreError, CoreResult};

/// The environment variable that overrides where the data lives.
pub const DATABASE_URL_ENV: &str = "TIKBILL_DATABASE_URL";

/// How long a writer waits for another process (the app or the agent) to finish writing.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Run on every new PostgreSQL connection. Statements are prepared once per connection, and
/// after five runs PostgreSQL may switch to one generic plan for all values. The customer list
/// needs plans that know the values: a search of `zu` (no trigram) must scan the table where
/// `santo` uses the trigram indexes, and a filter matching a third of the customers pages best
/// through `idx_customers_username`. Planning these small statements costs well under 1 ms.
const POSTGRES_SESSION: &str = "SET plan_cache_mode = force_custom_plan";

/// The app's identifier; its data directory is named after it (as Tauri names it).
pub const APP_IDENTIFIER: &str = "com.tikbill.desktop";

/// Where the desktop app keeps its data by default (`~/.local/share/com.tikbill.desktop` on
/// Linux), so the agent sidecar finds the same database and password file as the app.
pub fn default_data_dir() -> CoreResult<std::path::PathBuf> {
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or_else(|| {
            CoreError::DatabaseOpen(
                "this system has no data directory for tikbill (HOME is not set?)".into(),
            )
        })
}

/// The default SQLite URL for a data directory (the file is created on first start).
pub fn sqlite_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("tikbill.sqlite3").display()
    )
}

/// Which database a URL names, refusing anything else with a clear message.
pub fn kind_of(url: &str) -> CoreResult<DatabaseKind> {
    if url.starts_with("sqlite:") {
        Ok(DatabaseKind::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseKind::Postgres)
    } else {
        Err(CoreError::DatabaseOpen(format!(
            "'{}' is not a database tikbill can use: give a sqlite:// or postgres:// URL",
            redact(url)
        )))
    }
}

/// The URL without a password, for showing to people and writing to logs: the password of
/// `user:password@host` and the value of a `password=` query parameter are left out.
pub fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut shown = match (base.find("://"), base.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &base[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &base[..scheme_end + 3], user, &base[at + 1..])
        }
        _ => base.to_string(),
    };
    if let Some(query) = query {
        let params: Vec<&str> = query
            .split('&')
            .filter(|param| {
                let name = param.split('=').next().unwrap_or("");
                !name.eq_ignore_ascii_case("password")
            })
            .collect();
        if !params.is_empty() {
            shown.push('?');
            shown.push_str(&params.join("&"));
        }
    }
    shown
}

/// Opens the database and brings its schema up to date.
///
/// SQLite runs in WAL mode with a busy timeout, since the agent sidecar shares the file with the
/// app; foreign keys are enforced. PostgreSQL plans every statement for its values (see
/// `POSTGRES_SESSION`).
pub async fn open(url: &str) -> CoreResult<DatabaseConnection> {
    let kind = kind_of(url)?;
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(8));
    match kind {
        DatabaseKind::Sqlite => {
            options.max_connections(4).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
            });
        }
        DatabaseKind::Postgres => {
            options
                .max_connections(8)
                .map_sqlx_postgres_pool_opts(|pool| {
                    pool.after_connect(|conn, _| {
                        Box::pin(async move {
                            sea_orm::sqlx::Executor::execute(conn, POSTGRES_SESSION)
                                .await
                                .map(|_| ())
                        })
                    })
                });
        }
    }
    let db = Database::connect(options)
        .await
        .map_err(|e| CoreError::DatabaseOpen(format!("{}: {e}", redact(url))))?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Which kind of database an open connection talks to.
pub fn kind(db: &DatabaseConnection) -> DatabaseKind {
    match db.get_database_backend() {
        DbBackend::Postgres => DatabaseKind::Postgres,
        _ => DatabaseKind::Sqlite,
    }
}

/// Begins a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`IMMEDIATE`): a deferred transaction that read first would be refused at its first write
/// ("database is locked") whenever another connection (the router worker, the agent) wrote in
/// between; this one waits its turn (up to the busy timeout) instead. PostgreSQL begins as usual.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            redact("postgres://postgres:s3cret@db.office:5432/tikbill"),
            "postgres://postgres@db.office:5432/tikbill"
        );
        assert_eq!(
            redact("sqlite:///tmp/a.sqlite3?mode=rwc"),
            "sqlite:///tmp/a.sqlite3?mode=rwc"
        );
        let check = |url: &str, expect: &str, why: &str| assert_eq!(redact(url), expect, "{why}");
        check(
            "postgres://db.office/tikbill?password=s3cret",
            "postgres://db.office/tikbill",
            "a password as the only query parameter",
        );
        check(
            "postgres://db.office/tikbill?user=billing&password=s3cret&sslmode=require",
            "postgres://db.office/tikbill?user=billing&sslmode=require",
            "a password among other query parameters",
        );
        check(
            "postgres://db.office/tikbill?sslmode=require&PASSWORD=s3cret",
            "postgres://db.office/tikbill?sslmode=require",
            "a password as the last query parameter, in capitals",
        );
        check(
            "postgres://billing:s3cret@db.office/tikbill?password=other&application_name=x",
            "postgres://billing@db.office/tikbill?application_name=x",
            "both places at once",
        );
        check(
            "postgres://billing:p@ss@db.office/tikbill",
            "postgres://billing@db.office/tikbill",
            "a password with an @ in it",
        );
        assert!(
            matches!(kind_of("mysql://x"), Err(CoreError::DatabaseOpen(m)) if m.contains("sqlite://"))
        );
        assert_eq!(
            kind_of("postgresql://h/db").unwrap(),
            DatabaseKind::Postgres
        );
    }
}
