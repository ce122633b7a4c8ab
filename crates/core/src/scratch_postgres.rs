//! A PostgreSQL database made for one test or benchmark and dropped afterwards (feature
//! `test-support`). The server is `TIKBILL_TEST_POSTGRES_URL`, by default
//! `postgres://postgres@127.0.0.1:5432/test`. When it cannot be reached, callers get `None` and a
//! note, unless `CI` or `TIKBILL_REQUIRE_POSTGRES` is set: then it is an error.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr};

static NEXT: AtomicU32 = AtomicU32::new(0);

pub struct ScratchPostgres {
    url: String,
    admin: DatabaseConnection,
    name: String,
}

impl ScratchPostgres {
    /// The server's administrative URL.
    pub fn admin_url() -> String {
        std::env::var("TIKBILL_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
    }

    /// Whether an unreachable server is a failure rather than a skip.
    pub fn required() -> bool {
        std::env::var_os("CI").is_some() || std::env::var_os("TIKBILL_REQUIRE_POSTGRES").is_some()
    }

    /// Creates a new empty database named `<prefix>_<pid>_<n>`.
    pub async fn create(prefix: &str) -> Result<Option<Self>, DbErr> {
        let admin = match Database::connect(Self::admin_url()).await {
            Ok(admin) => admin,
            Err(e) if !Self::required() => {
                eprintln!("note: PostgreSQL not reachable at {} ({e}); its cases are skipped", Self::admin_url());
                return Ok(None);
            }
            Err(e) => {
                return Err(DbErr::Custom(format!(
                    "PostgreSQL must be reachable at {} when CI or TIKBILL_REQUIRE_POSTGRES is set: {e}",
                    Self::admin_url()
                )))
            }
        };
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let base = Self::admin_url();
        let url = match base.rfind('/') {
            Some(i) if i > "postgres://".len() => format!("{}/{name}", &base[..i]),
            _ => format!("{base}/{name}"),
        };
        Ok(Some(Self { url, admin, name }))
    }

    /// The scratch database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops the database, closing whatever still uses it.
    pub async fn drop_database(self) -> Result<(), DbErr> {
        self.admin
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .await
            .map(drop)
    }
}
