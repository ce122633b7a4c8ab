//! Real databases for tests.
//!
//! Every case runs on SQLite (a new file in a temporary directory) and on PostgreSQL (a new
//! database created for the case and dropped after it) at `TIKBILL_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`. When PostgreSQL cannot be reached the case runs on
//! SQLite only and says so, unless `CI` or `TIKBILL_REQUIRE_POSTGRES` is set: then it fails.

use std::future::Future;

use chrono::{TimeZone, Utc};
use sea_orm::DatabaseConnection;
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{db, FixedClock};

pub use tikbill_core::test_context::context;

pub fn clock() -> FixedClock {
    FixedClock::at(
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
            .single()
            .expect("a valid instant"),
    )
}

/// A database made for one case; dropped afterwards.
pub struct Scratch {
    pub db: DatabaseConnection,
    pub label: &'static str,
    cleanup: Option<ScratchPostgres>,
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
        let scratch = ScratchPostgres::create("tikbill_t")
            .await
            .expect("a scratch PostgreSQL database")?;
        let db = db::open(scratch.url())
            .await
            .expect("PostgreSQL opens and migrates");
        Some(Self {
            db,
            label: "postgres",
            cleanup: Some(scratch),
            _dir: None,
        })
    }

    pub async fn finish(self) {
        let _ = self.db.close().await;
        if let Some(scratch) = self.cleanup {
            scratch
                .drop_database()
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

/// Sets the office's time zone to Asia/Jakarta (UTC+7, no daylight saving), which the cases'
/// expiries are written in.
pub async fn jakarta(ctx: &tikbill_core::Context) {
    let zone = tikbill_api::OfficeSettings {
        time_zone: "Asia/Jakarta".into(),
        idle_lock_minutes: tikbill_api::DEFAULT_IDLE_LOCK_MINUTES,
    };
    tikbill_core::settings::save_office_settings(ctx, &zone)
        .await
        .expect("the office time zone is saved");
}

/// A router named `name` at 10.8.0.2 (no password checked: nothing connects to it).
pub async fn router(ctx: &tikbill_core::Context, name: &str) -> i64 {
    tikbill_core::router::create(
        ctx,
        &tikbill_api::RouterInput {
            name: name.into(),
            host: "10.8.0.2".into(),
            port: "".into(),
            use_tls: false,
            username: "billing".into(),
            password: Some("pw".into()),
        },
    )
    .await
    .expect("a router")
    .id
}
