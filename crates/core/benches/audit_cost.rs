//! What an audit entry adds to a change (the staff issue: "writing a change with its audit entry
//! costs at most 1 ms more than without"), on SQLite and, when reachable, PostgreSQL.
//!
//! The product has no way to change a plan without its entry, and keeps none for a benchmark.
//! So the "without" baseline is the same write by hand: a write transaction
//! (`db::begin_write`) that updates the plan's row (its name and price, alternating, so every
//! run really changes it) and commits. "With" is that very transaction with
//! `audit::record` of the plan's view before and after added just before the commit, as every
//! service does it: PostgreSQL's advisory lock at the chain's head, the read of the head's
//! hash, the JSON (redacted) and SHA-256, the insert, and what the commit then writes more.
//! The two differ by the entry and nothing else, so their difference is its cost. A third
//! case, `profile::update` itself (parsing the form, checking the name, counting customers,
//! enqueueing the plan for every router, the entry), shows the whole service for scale.
//!
//! Each database starts empty but for one plan; the log grows by one entry per "with" and
//! per service run (tens of thousands by the end), which the head's read (the newest id, by
//! the primary key) does not feel. The time per run is the median of criterion's samples.
//!
//! Run: `cargo bench -p tikbill-core --bench audit_cost`

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tikbill_api::{ProfileInput, ProfileView};
use tikbill_core::audit::{self, AuditEntry};
use tikbill_core::entity::profile as profile_row;
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{db, profile, Context, FixedClock};
use tokio::runtime::Runtime;

struct Office {
    db: DatabaseConnection,
    ctx: Context,
    plan: ProfileView,
    _dir: tempfile::TempDir,
}

fn form(name: &str, price: &str) -> ProfileInput {
    ProfileInput {
        name: name.into(),
        rate_limit: "5M/10M".into(),
        price: price.into(),
        currency: "IDR".into(),
        duration_value: "30".into(),
        duration_unit: "days".into(),
        data_limit: String::new(),
        shared_users: "1".into(),
        session_timeout: String::new(),
    }
}

async fn office(url: Option<String>) -> Office {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = url.unwrap_or_else(|| db::sqlite_url(dir.path()));
    let db = db::open(&url).await.expect("the database opens");
    let clock = FixedClock::at(Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap());
    let ctx = tikbill_core::test_context::context(&db, &clock);
    let plan = profile::create(&ctx, &form("Monthly A", "150000"))
        .await
        .expect("the plan");
    Office {
        db,
        ctx,
        plan,
        _dir: dir,
    }
}

/// The `n`th version of the plan: its name and price alternate.
fn version(plan: &ProfileView, n: u64) -> ProfileView {
    let (name, price) = if n.is_multiple_of(2) {
        ("Monthly B", "175000")
    } else {
        ("Monthly A", "150000")
    };
    ProfileView {
        name: name.into(),
        price: price.into(),
        ..plan.clone()
    }
}

#[derive(Clone, Copy)]
enum Way {
    /// The row updated in a write transaction, nothing else.
    ByHand,
    /// The same, and its audit entry.
    ByHandWithEntry,
    /// `profile::update`.
    Service,
}

async fn change(o: &Office, way: Way, n: u64) {
    let before = version(&o.plan, n + 1);
    let after = version(&o.plan, n);
    match way {
        Way::ByHand | Way::ByHandWithEntry => {
            let txn = db::begin_write(&o.db).await.expect("begin");
            let price_e4: i64 = if after.price == "175000" {
                1_750_000_000
            } else {
                1_500_000_000
            };
            profile_row::Entity::update_many()
                .col_expr(profile_row::Column::Name, Expr::value(after.name.clone()))
                .col_expr(profile_row::Column::PriceE4, Expr::value(price_e4))
                .col_expr(profile_row::Column::UpdatedAt, Expr::value(o.ctx.now()))
                .filter(profile_row::Column::Id.eq(o.plan.id))
                .exec(&txn)
                .await
                .expect("the row");
            if let Way::ByHandWithEntry = way {
                let entry = AuditEntry::by(&o.ctx, "profile.update", "profile", Some(o.plan.id))
                    .before(&before)
                    .after(&after);
                audit::record(&txn, entry).await.expect("the entry");
            }
            txn.commit().await.expect("commit");
        }
        Way::Service => {
            profile::update(&o.ctx, o.plan.id, &form(&after.name, &after.price))
                .await
                .expect("the service");
        }
    }
}

fn bench(c: &mut Criterion) {
    let runtime = Runtime::new().expect("a tokio runtime");
    let mut group = c.benchmark_group("one plan change");
    group.measurement_time(Duration::from_secs(8));
    let postgres = runtime
        .block_on(ScratchPostgres::create("tikbill_bench_audit"))
        .expect("PostgreSQL answers or is absent");
    if postgres.is_none() {
        eprintln!("PostgreSQL is not reachable: SQLite only");
    }
    let mut backends = vec![("sqlite", None)];
    if let Some(pg) = &postgres {
        backends.push(("postgres", Some(pg.url().to_string())));
    }
    for (label, url) in backends {
        let o = runtime.block_on(office(url));
        for (way, name) in [
            (Way::ByHand, "without entry (row by hand)"),
            (
                Way::ByHandWithEntry,
                "with entry (row by hand + audit::record)",
            ),
            (Way::Service, "profile::update (service, with entry)"),
        ] {
            group.bench_function(format!("{label}, {name}"), |b| {
                b.iter_custom(|runs| {
                    runtime.block_on(async {
                        let started = Instant::now();
                        for n in 0..runs {
                            change(&o, way, n).await;
                        }
                        started.elapsed()
                    })
                });
            });
        }
        runtime.block_on(o.db.close()).expect("close");
    }
    group.finish();
    if let Some(pg) = postgres {
        runtime
            .block_on(pg.drop_database())
            .expect("drop the scratch database");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
