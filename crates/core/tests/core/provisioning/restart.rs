//! Killed mid-way: nothing lost, nothing doubled.

use super::*;

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
        // Kill the worker while its writes are in flight (reads take one 40 ms round).
        let first = {
            let ctx = ctx.clone();
            tokio::spawn(async move { provisioning::drain_router(&ctx, tower, &options()).await })
        };
        tokio::time::sleep(StdDuration::from_millis(70)).await;
        first.abort();
        let _ = first.await;
        let partial = items(&router, "/ip/hotspot/user").len();
        assert!(
            partial < 150,
            "{label}: the kill came mid-way ({partial} users written)"
        );

        // The restarted worker (same owner) takes its queue back and finishes.
        let report = drain(&ctx, tower).await;
        assert!(finished(&report), "{label}: {report:?}");
        assert_eq!(report.applied, 300, "{label}: every job, once");
        assert_eq!(waiting(&ctx, tower).await.0, 0, "{label}");
        let users = router.rows("/ip/hotspot/user");
        let entries = router.rows("/system/scheduler");
        assert_eq!(
            (users.len(), entries.len()),
            (150, 150),
            "{label}: no user or entry twice"
        );
        assert!(users.iter().all(|u| !flag(u, "disabled")), "{label}");
    })
    .await;
}
