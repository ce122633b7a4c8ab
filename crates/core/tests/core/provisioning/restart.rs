//! Killed mid-way: nothing lost, nothing doubled.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tikbill_core::entity::router_job;

use super::*;

async fn done_jobs(db: &DatabaseConnection, router: i64) -> u64 {
    router_job::Entity::find()
        .filter(router_job::Column::RouterId.eq(router))
        .filter(router_job::Column::Status.eq("done"))
        .count(db)
        .await
        .expect("count jobs")
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_and_doubles_nothing() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::from_millis(40)).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        for n in 0..150 {
            let name = format!("k{n:03}");
            let c = customer::create(&ctx, &customer_input(&name, "hotspot", tower, o.monthly))
                .await
                .expect("create");
            activate(&ctx, c.id).await;
        }
        // Batches of 60 jobs (30 customers): the worker has more to write after the first.
        let mut opts = options();
        opts.batch = 60;
        opts.lease = Duration::seconds(1);
        let first = {
            let (ctx, opts) = (ctx.clone(), opts.clone());
            tokio::spawn(async move { provisioning::drain_router(&ctx, tower, &opts).await })
        };
        // Kill the worker as soon as its first writes reach the router (their replies are
        // still 40 ms away).
        let started = std::time::Instant::now();
        while items(&router, "/ip/hotspot/user").is_empty() {
            assert!(
                started.elapsed() < StdDuration::from_secs(10),
                "{label}: writes start"
            );
            tokio::time::sleep(StdDuration::from_millis(1)).await;
        }
        first.abort();
        assert!(
            first.await.is_err_and(|e| e.is_cancelled()),
            "{label}: killed"
        );
        let partial = items(&router, "/ip/hotspot/user").len();
        assert!(
            partial > 0 && partial < 150,
            "{label}: the kill came mid-batch, after some writes and before the last \
             ({partial} of 150 users written)"
        );
        let done_before = done_jobs(&db, tower).await;
        assert!(
            done_before < 300,
            "{label}: work was left ({done_before} done)"
        );

        // The restarted worker waits for the dead one's lease to expire, then finishes.
        let waiting_worker = provisioning::drain_router(&ctx, tower, &opts)
            .await
            .expect("the worker runs");
        assert_eq!(waiting_worker.outcome, DrainOutcome::Busy, "{label}");
        tokio::time::sleep(StdDuration::from_millis(1100)).await;
        clock.advance(Duration::seconds(2));
        let report = provisioning::drain_router(&ctx, tower, &opts)
            .await
            .expect("the worker runs");
        assert!(finished(&report), "{label}: {report:?}");
        assert_eq!(
            done_before + report.applied,
            300,
            "{label}: every job done, none twice"
        );
        assert_eq!(done_jobs(&db, tower).await, 300, "{label}");
        assert_eq!(waiting(&ctx, tower).await.0, 0, "{label}");
        let users = items(&router, "/ip/hotspot/user");
        let entries = router.rows("/system/scheduler");
        assert_eq!(
            (
                router.rows("/ip/hotspot/user").len(),
                users.len(),
                entries.len()
            ),
            (150, 150, 150),
            "{label}: every user and entry once"
        );
        for (name, user) in &users {
            assert!(!flag(user, "disabled"), "{label}: {name} can log in");
            assert!(
                user.get("comment")
                    .is_some_and(|c| c.starts_with("tikbill:")),
                "{label}: {name} is tikbill's"
            );
        }
    })
    .await;
}
