//! A job written by a newer tikbill (a kind this version does not know) never holds up a
//! router: it is parked, shown, and picked up again by a version that knows it.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use tikbill_core::entity::router_job;

use super::*;

/// A job row as a newer tikbill would write it.
async fn job_from_a_newer_tikbill(db: &DatabaseConnection, router: i64, kind: &str) -> i64 {
    let at = clock().now();
    router_job::ActiveModel {
        router_id: Set(router),
        kind: Set(kind.into()),
        name: Set("vc-1".into()),
        customer_id: Set(None),
        status: Set("pending".into()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(at),
        created_at: Set(at),
        done_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a job row")
    .id
}

#[tokio::test]
async fn an_unknown_job_kind_is_parked_and_every_router_still_drains() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (one, two) = (
            emulator(None, StdDuration::ZERO).await,
            emulator(None, StdDuration::ZERO).await,
        );
        let o = office(&ctx, &[&one, &two]).await;
        let (tower1, tower2) = (o.routers[0], o.routers[1]);
        for (n, tower) in [(0, tower1), (1, tower1), (2, tower2), (3, tower2)] {
            let name = format!("u{n}");
            let input = customer_input(&name, "hotspot", tower, o.monthly);
            customer::create(&ctx, &input).await.expect("create");
        }
        let unknown = job_from_a_newer_tikbill(&db, tower1, "voucher").await;
        // Behind the unknown job on the same router, one more normal job.
        let late = customer_input("u4", "hotspot", tower1, o.monthly);
        customer::create(&ctx, &late).await.expect("create");
        let drained = tokio::time::timeout(
            StdDuration::from_secs(30),
            provisioning::drain_all(&ctx, &options()),
        )
        .await
        .unwrap_or_else(|_| panic!("{label}: drain_all finishes within 30 s"))
        .expect("the workers run");
        let by_router: Vec<(i64, u64, u64, &DrainOutcome)> = drained
            .iter()
            .map(|r| (r.router_id, r.applied, r.parked, &r.outcome))
            .collect();
        assert_eq!(
            by_router,
            [
                (tower1, 3, 1, &DrainOutcome::Finished),
                (tower2, 2, 0, &DrainOutcome::Finished)
            ],
            "{label}: both routers drained, the unknown job parked"
        );
        assert_eq!(items(&one, "/ip/hotspot/user").len(), 3, "{label}");
        assert_eq!(items(&two, "/ip/hotspot/user").len(), 2, "{label}");
        let row = router_job::Entity::find_by_id(unknown)
            .one(&db)
            .await
            .expect("read")
            .expect("the parked job is kept");
        assert_eq!(
            (row.status.as_str(), row.attempts, row.last_error.as_deref()),
            (
                "parked",
                0,
                Some("written by a newer tikbill: kind 'voucher' is unknown to this version")
            ),
            "{label}"
        );
        let queues = provisioning::queues(&ctx).await.expect("queues");
        let counts: Vec<(u64, u64, u64)> = queues
            .iter()
            .map(|q| (q.waiting, q.failed, q.parked))
            .collect();
        assert_eq!(
            counts,
            [(0, 0, 1), (0, 0, 0)],
            "{label}: the parked job is shown"
        );

        // Not retried by this version: a second drain leaves it parked, and finds nothing.
        let again = provisioning::drain_router(&ctx, tower1, &options())
            .await
            .expect("the worker runs");
        assert_eq!((again.applied, again.parked), (0, 0), "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_parked_job_of_a_kind_this_version_knows_goes_back_to_pending() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let c = customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        // An older tikbill that did not know hotspot users parked ayu's job.
        let parked = router_job::Entity::find()
            .one(&db)
            .await
            .expect("read")
            .expect("ayu's job");
        let mut row: router_job::ActiveModel = parked.into();
        row.status = Set("parked".into());
        row.last_error = Set(Some("written by a newer tikbill".into()));
        row.update(&db).await.expect("park");
        assert_eq!(
            waiting(&ctx, tower).await.0,
            0,
            "{label}: parked, not waiting"
        );

        let report = drain(&ctx, tower).await;
        assert_eq!(
            (report.applied, report.parked),
            (1, 0),
            "{label}: {report:?}"
        );
        assert!(
            items(&router, "/ip/hotspot/user").contains_key("ayu"),
            "{label}"
        );
        assert_eq!(
            provisioning::waiting_for(&db, c.id).await.expect("count"),
            0
        );
    })
    .await;
}
