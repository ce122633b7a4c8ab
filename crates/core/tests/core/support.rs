//! Real databases for tests.
//!
//! Every case runs on SQLite (a new file in a temporary directory) and on PostgreSQL (a new
//! database created for the case and dropped after it) at `TIKBILL_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`. When PostgreSQL cannot be reached the case runs on
//! SQLite only and says so, unless `CI` or `TIKBILL_REQUIRE_POSTGRES` is set: then it fails.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{TimeZone, Utc};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tikbill_core::{db, FixedClock};

static NEXT: AtomicU32 = AtomicU32::new(0);

pub fn clock() -> FixedClock {
    FixedClock::at(
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
            .single()
            .expect("a valid instant"),
    )
}

fn admin_url() -> String {
    std::env::var("TIKBILL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn postgres_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("TIKBILL_REQUIRE_POSTGRES").is_some()
}

/// A database made for one case; dropped afterwards.
pub struct Scratch {
    pub db: DatabaseConnection,
    pub label: &'static str,
    cleanup: Option<(DatabaseConnection, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Scratch {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = db::open(&db::sqlite_url(dir.path()))
            .await
            .expect("SQLite opens and migrates");
        Self {
            db,
            label: "sqlite",
            cleanup: None,
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> Option<Self> {
        let admin = match Database::connect(admin_url()).await {
            Ok(admin) => admin,
            Err(e) if !postgres_required() => {
                eprintln!("note: PostgreSQL not reachable ({e}); this case ran on SQLite only");
                return None;
            }
            Err(e) => panic!("PostgreSQL must be reachable at {} in CI: {e}", admin_url()),
        };
        let name = format!(
            "tikbill_t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create a scratch database");
        let base = admin_url();
        let url = match base.rfind('/') {
            Some(i) if i > "postgres://".len() => format!("{}/{name}", &base[..i]),
            _ => format!("{base}/{name}"),
        };
        let db = db::open(&url).await.expect("PostgreSQL opens and migrates");
        Some(Self {
            db,
            label: "postgres",
            cleanup: Some((admin, name)),
            _dir: None,
        })
    }

    pub async fn finish(self) {
        let _ = self.db.close().await;
        if let Some((admin, name)) = self.cleanup {
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop the scratch database");
        }
    }
}

/// Runs a case on every database we have.
pub async fn on_each_database<F, Fut>(case: F)
where
    F: Fn(DatabaseConnection, &'static str) -> Fut,
    Fut: Future<Output = ()>,
{
    let sqlite = Scratch::sqlite().await;
    case(sqlite.db.clone(), sqlite.label).await;
    sqlite.finish().await;
    if let Some(pg) = Scratch::postgres().await {
        case(pg.db.clone(), pg.label).await;
        pg.finish().await;
    }
}
