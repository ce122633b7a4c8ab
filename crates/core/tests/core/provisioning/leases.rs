//! One worker per router at a time, even two tasks of one process with one owner name; a
//! worker that lost its lease stops writing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use tikbill_core::entity::{router_job, router_job_queue};
use tikbill_core::provisioning::lease;

use super::*;

/// `count` customers named `prefix000…` on `tower`, each created and activated (two jobs each).
async fn customers(ctx: &Context, o: &Office, prefix: &str, count: usize) {
    for n in 0..count {
        let name = format!("{prefix}{n:03}");
        let input = customer_input(&name, "hotspot", o.routers[0], o.monthly);
        let c = customer::create(ctx, &input).await.expect("create");
        activate(ctx, c.id).await;
    }
}

/// The lease token holding the router's queue now, if any.
async fn holder(db: &DatabaseConnection, router: i64) -> Option<String> {
    router_job_queue::Entity::find_by_id(router)
        .one(db)
        .await
        .expect("read the queue")
        .and_then(|q| q.lease_owner)
}

async fn done_jobs(db: &DatabaseConnection, router: i64) -> usize {
    router_job::Entity::find()
        .select_only()
        .column(router_job::Column::Id)
        .filter(router_job::Column::RouterId.eq(router))
        .filter(router_job::Column::Status.eq("done"))
        .into_tuple::<i64>()
        .all(db)
        .await
        .expect("read jobs")
        .len()
}

#[tokio::test]
async fn two_workers_with_one_name_never_work_a_router_at_once() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::from_millis(20)).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        customers(&ctx, &o, "w", 60).await;
        let mut opts = options();
        opts.batch = 20;

        // Watch the lease row while both run: every token seen holding it, and whether a
        // second token ever appeared while the first one's worker still ran.
        let tokens = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let watching = Arc::new(AtomicBool::new(true));
        let watcher = {
            let (db, tokens, watching) = (db.clone(), tokens.clone(), watching.clone());
            tokio::spawn(async move {
                while watching.load(Ordering::Relaxed) {
                    if let Some(token) = holder(&db, tower).await {
                        let mut seen = tokens.lock().expect("tokens");
                        if seen.last() != Some(&token) {
                            seen.push(token);
                        }
                    }
                    tokio::time::sleep(StdDuration::from_millis(2)).await;
                }
            })
        };
        let mut workers = Vec::new();
        for _ in 0..2 {
            let (ctx, opts) = (ctx.clone(), opts.clone());
            workers.push(tokio::spawn(async move {
                provisioning::drain_router(&ctx, tower, &opts)
                    .await
                    .expect("the worker runs")
            }));
        }
        let mut reports = Vec::new();
        for worker in workers {
            reports.push(worker.await.expect("the worker task"));
        }
        watching.store(false, Ordering::Relaxed);
        watcher.await.expect("the watcher");
        let outcomes: Vec<&DrainOutcome> = reports.iter().map(|r| &r.outcome).collect();
        assert!(
            outcomes.contains(&&DrainOutcome::Busy) && outcomes.contains(&&DrainOutcome::Finished),
            "{label}: one worked, the other found the router busy: {reports:?}"
        );
        let tokens = tokens.lock().expect("tokens").clone();
        assert_eq!(
            tokens.len(),
            1,
            "{label}: one taking held the router throughout: {tokens:?}"
        );
        let applied: u64 = reports.iter().map(|r| r.applied).sum();
        assert_eq!(applied, 120, "{label}: every job applied exactly once");
        assert_eq!(done_jobs(&db, tower).await, 120, "{label}");
        assert_eq!(items(&router, "/ip/hotspot/user").len(), 60, "{label}");
        assert_eq!(
            holder(&db, tower).await,
            None,
            "{label}: released at the end"
        );
    })
    .await;
}

#[tokio::test]
async fn the_same_owner_cannot_take_a_live_lease_twice_and_releases_only_its_own() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let length = Duration::seconds(30);
        let (first, _) = lease::take(&db, tower, "app:pc", clock.now(), length)
            .await
            .expect("take")
            .expect("a free router is taken");
        let second = lease::take(&db, tower, "app:pc", clock.now(), length)
            .await
            .expect("take");
        assert!(
            second.is_none(),
            "{label}: the same owner's second taking waits"
        );
        assert_eq!(
            holder(&db, tower).await.as_deref(),
            Some(first.token()),
            "{label}"
        );
        assert!(
            first.renew(&db, clock.now()).await.expect("renew"),
            "{label}"
        );
        first.release(&db).await.expect("release");
        assert_eq!(holder(&db, tower).await, None, "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_paused_worker_whose_lease_was_taken_over_writes_nothing_more() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::from_millis(300)).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        customers(&ctx, &o, "p", 40).await;
        let mut opts = options();
        // Small batches: the worker has many more to write after the one it is paused in.
        opts.batch = 10;
        opts.lease = Duration::milliseconds(600);
        // A pause (a frozen process) means no renewals: none while a phase runs.
        opts.renew_every = StdDuration::from_secs(3600);
        let first = {
            let (ctx, opts) = (ctx.clone(), opts.clone());
            tokio::spawn(async move { provisioning::drain_router(&ctx, tower, &opts).await })
        };
        // Wait until the first worker's writes are on the router: it is inside the first batch's
        // write phase, waiting 300 ms for the replies.
        let started = std::time::Instant::now();
        while items(&router, "/ip/hotspot/user").is_empty() {
            assert!(
                started.elapsed() < StdDuration::from_secs(10),
                "{label}: writes start"
            );
            tokio::time::sleep(StdDuration::from_millis(2)).await;
        }
        // Then it stalls: its next batch's read takes 2 s, with no renewal meanwhile (a frozen
        // process). Its lease runs out (on the database's clock, and on the worker's), and
        // another worker takes the router.
        router.set_latency(StdDuration::from_secs(2));
        tokio::time::sleep(StdDuration::from_millis(1200)).await;
        clock.advance(Duration::seconds(1));
        let (taker, _) = lease::take(&db, tower, "agent:pc", clock.now(), Duration::seconds(60))
            .await
            .expect("take")
            .expect("an expired lease is taken over");
        let users_at_takeover = router.rows("/ip/hotspot/user");
        let done_at_takeover = done_jobs(&db, tower).await;
        let report = first
            .await
            .expect("the first worker's task")
            .expect("the first worker runs");
        assert_eq!(
            report.outcome,
            DrainOutcome::LeaseLost,
            "{label}: the first worker says it lost the router: {report:?}"
        );
        assert_eq!(
            (report.applied, done_jobs(&db, tower).await),
            (10, done_at_takeover),
            "{label}: it confirmed its first batch, and marked nothing after losing the router"
        );
        assert_eq!(
            router.rows("/ip/hotspot/user"),
            users_at_takeover,
            "{label}: the router saw no write from it after the takeover"
        );
        assert_eq!(
            users_at_takeover.len(),
            5,
            "{label}: it stopped after its first batch"
        );
        assert_eq!(
            holder(&db, tower).await.as_deref(),
            Some(taker.token()),
            "{label}"
        );

        // The new holder finishes; every job is done once.
        taker.release(&db).await.expect("release");
        router.set_latency(StdDuration::ZERO);
        let rest = drain(&ctx, tower).await;
        assert!(finished(&rest), "{label}: {rest:?}");
        assert_eq!(done_jobs(&db, tower).await, 80, "{label}");
        assert_eq!(items(&router, "/ip/hotspot/user").len(), 40, "{label}");
    })
    .await;
}
