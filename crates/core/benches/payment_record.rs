//! Recording a payment at the counter (target: under 5 ms on SQLite, 10 ms on PostgreSQL):
//! `payment::record` of one period of a customer's plan, which checks the input, stores the
//! payment, applies it in the same transaction (the customer locked, the credit read, the time
//! added through `customer::add_periods`, the router job enqueued, never run: no router is
//! reached), writes its history and audit entries and commits. Each call pays for the next of
//! 100 customers (a 1-day plan at 150000 IDR), with a reference of its own (tikbill makes one),
//! so every call is a new payment; the table grows by one payment per call (tens of thousands
//! by the end).
//!
//! It runs on SQLite (a file in a temporary directory opened with `db::open`: WAL,
//! `synchronous = NORMAL`) and on PostgreSQL (a scratch database at
//! `TIKBILL_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`, dropped at the
//! end); when PostgreSQL cannot be reached it says so and runs SQLite only. The payments page's
//! bench (`payments_page`) records into a table of 1,000,000 payments too.
//!
//! Run: `cargo bench -p tikbill-core --bench payment_record`

use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use sea_orm::DatabaseConnection;
use tikbill_api::CustomerInput;
use tikbill_core::{customer, payment, Context, FixedClock};
use tokio::runtime::Runtime;

#[path = "support/fixture.rs"]
mod fixture;

use fixture::{cash, plan, tower, BenchDb};

const CUSTOMERS: usize = 100;

/// A router, a 1-day plan and [`CUSTOMERS`] customers on it, made through their services; the
/// customers' ids.
async fn shop(ctx: &Context) -> Vec<i64> {
    let router_id = tower(ctx).await;
    let plan = plan(ctx, "Daily", "150000", "IDR", "days").await;
    let mut ids = Vec::new();
    for n in 0..CUSTOMERS {
        let made = customer::create(
            ctx,
            &CustomerInput {
                username: format!("user{n}"),
                password: Some("rahasia".into()),
                full_name: format!("User {n}"),
                phone: String::new(),
                email: String::new(),
                service_type: "hotspot".into(),
                router_id: Some(router_id),
                profile_id: Some(plan),
            },
        )
        .await
        .expect("a customer");
        ids.push(made.id);
    }
    ids
}

fn measure(c: &mut Criterion, runtime: &Runtime, db: &DatabaseConnection, label: &str) {
    let clock = FixedClock::at(
        Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
            .single()
            .expect("a valid instant"),
    );
    let ctx = tikbill_core::test_context::context(db, &clock);
    let customers = runtime.block_on(shop(&ctx));
    let mut group = c.benchmark_group("payment_record");
    group
        .sample_size(100)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    let mut n = 0;
    group.bench_function(label, |b| {
        b.iter(|| {
            n += 1;
            let input = cash(customers[n % CUSTOMERS]);
            runtime
                .block_on(payment::record(&ctx, &input))
                .expect("a payment")
        });
    });
    group.finish();
    println!("{label}: {n} payments recorded");
}

fn payment_record(c: &mut Criterion) {
    let runtime = fixture::runtime();
    let sqlite = runtime.block_on(BenchDb::sqlite());
    measure(c, &runtime, &sqlite.db, sqlite.label);
    runtime.block_on(sqlite.finish("PAYMENT_RECORD_BENCH_KEEP"));
    if let Some(postgres) = runtime.block_on(BenchDb::postgres()) {
        measure(c, &runtime, &postgres.db, postgres.label);
        runtime.block_on(postgres.finish("PAYMENT_RECORD_BENCH_KEEP"));
    }
}

criterion_group!(benches, payment_record);
criterion_main!(benches);
