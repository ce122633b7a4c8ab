//! A change the router refuses for good is not forgotten: retried hourly, retried at once on
//! request, listed, and announced once.

use sea_orm::{EntityTrait, PaginatorTrait};
use tikbill_core::entity::notification;
use tikbill_core::provisioning::JobScope;

use super::*;

const ROUTER_WORDS: &str = "cannot remove default entry";

#[tokio::test]
async fn a_disable_refused_for_good_is_retried_hourly_listed_and_announced_once() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let c = customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        activate(&ctx, c.id).await;
        assert!(finished(&drain(&ctx, tower).await), "{label}");
        // ayu is online in a session the router will not drop.
        let session: Row = [("user", "ayu"), ("address", "10.5.50.9"), ("default", "true")]
            .into_iter()
            .collect();
        router.insert("/ip/hotspot/active", &session);
        customer::disable(&ctx, c.id)
            .await
            .expect("disable");

        // Six refusals, 5 s after the first, doubling.
        for wait in [0, 5, 10, 20, 40, 80] {
            clock.advance(Duration::seconds(wait));
            let report = drain(&ctx, tower).await;
            assert_eq!(report.refused, 1, "{label}: after {wait} s: {report:?}");
        }
        let failed = provisioning::failed_jobs(&ctx, JobScope::Router(tower))
            .await
            .expect("list");
        assert_eq!(failed.len(), 1, "{label}: {failed:?}");
        let job = &failed[0];
        assert_eq!(
            (
                job.router_name.as_str(),
                job.customer_id,
                job.kind.as_str(),
                job.name.as_str(),
                job.attempts
            ),
            ("Tower 1", Some(c.id), "hotspot user", "ayu", 6),
            "{label}"
        );
        assert!(job.last_error.contains(ROUTER_WORDS), "{label}: {job:?}");
        assert_eq!(
            provisioning::failed_jobs(&ctx, JobScope::Customer(c.id))
                .await
                .expect("list"),
            failed,
            "{label}: the customer's list shows the same"
        );
        assert_eq!(waiting(&ctx, tower).await.1, 1, "{label}: one failed");
        let notes = notification::Entity::find().all(&db).await.expect("read");
        assert_eq!(notes.len(), 1, "{label}: {notes:?}");
        assert_eq!(
            (notes[0].level.as_str(), notes[0].kind.as_str(), notes[0].title.as_str()),
            (
                "error",
                "router.job_failed",
                "Router 'Tower 1' refused to disable hotspot user ayu 6 times"
            ),
            "{label}"
        );
        assert!(
            notes[0].body.starts_with(
                "Router 'Tower 1' refused to disable hotspot user ayu 6 times: /ip/hotspot/active/remove"
            ) && notes[0].body.contains(ROUTER_WORDS),
            "{label}: {}",
            notes[0].body
        );

        // Not tried again within the hour; tried again after it, and every hour after.
        clock.advance(Duration::minutes(59));
        let report = drain(&ctx, tower).await;
        assert_eq!(report.refused, 0, "{label}: not within the hour");
        clock.advance(Duration::minutes(1));
        let report = drain(&ctx, tower).await;
        assert_eq!(report.refused, 1, "{label}: an hour after the last attempt");
        let attempts = |list: Vec<tikbill_api::FailedRouterJob>| list[0].attempts;
        let list = provisioning::failed_jobs(&ctx, JobScope::Customer(c.id));
        assert_eq!(attempts(list.await.expect("list")), 7, "{label}");
        // Retry now: tried at once, without waiting for the hour.
        let retried = provisioning::retry_failed(&ctx, JobScope::Customer(c.id))
            .await
            .expect("retry");
        assert_eq!(retried, 1, "{label}");
        let report = drain(&ctx, tower).await;
        assert_eq!(report.refused, 1, "{label}: tried at once");
        let list = provisioning::failed_jobs(&ctx, JobScope::Router(tower));
        assert_eq!(attempts(list.await.expect("list")), 8, "{label}");
        assert_eq!(
            notification::Entity::find().count(&db).await.expect("count"),
            1,
            "{label}: announced once, not at every retry"
        );

        // A newer change of the same key that the router takes settles the failed one, though
        // its next hourly try is not due yet.
        customer::enable(&ctx, c.id).await.expect("enable");
        let report = drain(&ctx, tower).await;
        assert_eq!(
            (report.applied, report.refused),
            (1, 0),
            "{label}: only the new job was due: {report:?}"
        );
        assert!(
            provisioning::failed_jobs(&ctx, JobScope::Router(tower))
                .await
                .expect("list")
                .is_empty(),
            "{label}: the failed disable is settled by the enable the router confirmed"
        );
        assert_eq!(waiting(&ctx, tower).await.1, 0, "{label}: none failed");
    })
    .await;
}
