//! What the benches that fill a database share (each takes what it needs): a seeded random
//! source, SQL literals, and the databases themselves, SQLite in a temporary directory and a
//! scratch PostgreSQL database, opened through `db::open` so the real migrations and indexes
//! apply. Included by each bench with `#[path = "support/fixture.rs"] mod fixture;`.

#![allow(dead_code)]

use std::future::Future;
use std::time::Instant;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tikbill_api::{PaymentInput, PaymentMethod, ProfileInput, RouterInput};
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{db, profile, router, Context};

/// SplitMix64: the same data on every run and on both databases.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: impl Iterator<Item = u64> + Clone) -> usize {
        let mut left = self.below(weights.clone().sum());
        for (i, w) in weights.enumerate() {
            if left < w {
                return i;
            }
            left -= w;
        }
        0
    }

    /// A span of time up to `max`, to the second.
    pub fn within(&mut self, max: TimeDelta) -> TimeDelta {
        let secs = u64::try_from(max.num_seconds().max(1)).unwrap_or(1);
        TimeDelta::seconds(i64::try_from(self.below(secs)).unwrap_or(0))
    }

    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0)))
            .collect()
    }
}

/// `text` as an SQL string literal.
pub fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// An instant as an SQL literal: what sqlx writes for a `DateTime<Utc>` on SQLite (RFC 3339,
/// `+00:00`); PostgreSQL reads it as a `timestamptz`.
pub fn instant(at: DateTime<Utc>) -> String {
    quoted(&at.to_rfc3339_opts(SecondsFormat::AutoSi, false))
}

/// A runtime for a bench's calls.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Each database we have, SQLite then PostgreSQL (when it can be reached), as `fill` leaves it.
pub fn each_database<T, Fut>(
    runtime: &tokio::runtime::Runtime,
    fill: impl Fn(BenchDb) -> Fut,
) -> Vec<T>
where
    Fut: Future<Output = T>,
{
    let mut filled = vec![runtime.block_on(fill(runtime.block_on(BenchDb::sqlite())))];
    if let Some(postgres) = runtime.block_on(BenchDb::postgres()) {
        filled.push(runtime.block_on(fill(postgres)));
    }
    filled
}

/// The databases a bench kept on an earlier run (its `…_KEEP` variable), named by
/// `{prefix}_SQLITE` (the kept directory) and `{prefix}_POSTGRES` (the kept URL), opened (and
/// migrated, so a new index or table is there) instead of filled again; `None` when neither is
/// set. They are left in place at the end. BENCHMARKS.md says when its figures come from reused
/// databases.
pub fn kept(runtime: &tokio::runtime::Runtime, prefix: &str) -> Option<Vec<BenchDb>> {
    let sqlite = std::env::var(format!("{prefix}_SQLITE")).ok();
    let postgres = std::env::var(format!("{prefix}_POSTGRES")).ok();
    if sqlite.is_none() && postgres.is_none() {
        return None;
    }
    let mut out = Vec::new();
    for (label, url) in [
        (
            "sqlite",
            sqlite.map(|dir| db::sqlite_url(std::path::Path::new(&dir))),
        ),
        ("postgres", postgres),
    ] {
        if let Some(url) = url {
            let db = runtime
                .block_on(db::open(&url))
                .expect("the kept database opens");
            println!("{label}: reusing {url} (not filled again)");
            out.push(BenchDb {
                db,
                label,
                cleanup: None,
                dir: None,
            });
        }
    }
    Some(out)
}

/// A migrated database for one bench run, and how to get rid of it.
pub struct BenchDb {
    pub db: DatabaseConnection,
    pub label: &'static str,
    cleanup: Option<ScratchPostgres>,
    /// SQLite's directory.
    dir: Option<tempfile::TempDir>,
}

impl BenchDb {
    /// SQLite in a new temporary directory, left as the app leaves it (no `ANALYZE`).
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = db::open(&db::sqlite_url(dir.path()))
            .await
            .expect("SQLite opens and migrates");
        Self {
            db,
            label: "sqlite",
            cleanup: None,
            dir: Some(dir),
        }
    }

    /// A scratch PostgreSQL database at `TIKBILL_TEST_POSTGRES_URL`; `None` (said) when the
    /// server cannot be reached.
    pub async fn postgres() -> Option<Self> {
        let scratch = ScratchPostgres::create("tikbill_bench")
            .await
            .expect("a scratch PostgreSQL database")?;
        let db = db::open(scratch.url())
            .await
            .expect("PostgreSQL opens and migrates");
        Some(Self {
            db,
            label: "postgres",
            cleanup: Some(scratch),
            dir: None,
        })
    }

    /// On PostgreSQL, what autovacuum does soon after a bulk load: statistics for the planner
    /// and the visibility map for index-only scans. SQLite is left alone.
    pub async fn vacuum_analyze(&self, tables: &[&str]) {
        if self.cleanup.is_none() {
            return;
        }
        let started = Instant::now();
        for table in tables {
            self.db
                .execute_unprepared(&format!("VACUUM ANALYZE {table}"))
                .await
                .expect("vacuum and analyze");
        }
        println!(
            "{}: VACUUM ANALYZE in {:.1} s",
            self.label,
            started.elapsed().as_secs_f64()
        );
    }

    /// Closes the database and drops it, or, when the environment variable `keep` is set,
    /// leaves it in place and prints where it is (for a look at the plans with `EXPLAIN`).
    pub async fn finish(self, keep: &str) {
        let keep = std::env::var_os(keep).is_some();
        let _ = self.db.close().await;
        if keep {
            if let Some(scratch) = &self.cleanup {
                println!("{}: kept {}", self.label, scratch.url());
            }
            if let Some(dir) = self.dir {
                // Leave the directory behind.
                println!("{}: kept {}", self.label, dir.keep().display());
            }
            return;
        }
        if let Some(scratch) = self.cleanup {
            scratch
                .drop_database()
                .await
                .expect("drop the scratch database");
        }
    }
}

/// A router ("Tower 1", never reached), made through its service; its id.
pub async fn tower(ctx: &Context) -> i64 {
    let input = RouterInput {
        name: "Tower 1".into(),
        host: "10.8.0.2".into(),
        port: String::new(),
        use_tls: false,
        username: "billing".into(),
        password: Some("bench-pw".into()),
    };
    router::create(ctx, &input).await.expect("a router").id
}

/// A plan of one `unit` (`days`, `months`) at `price` in `currency`, made through its service;
/// its id.
pub async fn plan(ctx: &Context, name: &str, price: &str, currency: &str, unit: &str) -> i64 {
    let input = ProfileInput {
        name: name.into(),
        rate_limit: "10M/5M".into(),
        price: price.into(),
        currency: currency.into(),
        duration_value: "1".into(),
        duration_unit: unit.into(),
        data_limit: String::new(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    };
    profile::create(ctx, &input).await.expect("a plan").id
}

/// Cash for one period of `customer_id`'s plan (150000 IDR), with a reference tikbill makes.
pub fn cash(customer_id: i64) -> PaymentInput {
    PaymentInput {
        customer_id: Some(customer_id),
        profile_id: None,
        periods: 1,
        amount: "150000".into(),
        currency: "IDR".into(),
        method: PaymentMethod::Cash,
        reference: None,
    }
}
