//! A batch that partly fails keeps what the router confirmed.

use std::sync::Arc;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tikbill_core::entity::router_job;

use super::swallowing_proxy::SwallowingProxy;
use super::*;

const CUSTOMERS: usize = 1000;

#[tokio::test]
async fn a_batch_with_one_unanswered_write_keeps_what_the_router_confirmed() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        // The router gets every command, but the answer to adding user b0500 never comes back.
        let proxy = SwallowingProxy::start(
            router.address(),
            Arc::new(|words: &[String]| {
                words.first().map(String::as_str) == Some("/ip/hotspot/user/add")
                    && words.iter().any(|w| w == "=name=b0500")
            }),
        )
        .await;
        let o = office_on_ports(&ctx, &[proxy.port()]).await;
        let tower = o.routers[0];
        for n in 0..CUSTOMERS {
            let name = format!("b{n:04}");
            let input = customer_input(&name, "hotspot", tower, o.monthly);
            customer::create(&ctx, &input).await.expect("create");
        }
        let mut opts = options();
        opts.timeout = StdDuration::from_secs(1);
        let report = provisioning::drain_router(&ctx, tower, &opts)
            .await
            .expect("the worker runs");
        assert_eq!(proxy.swallowed(), 1, "{label}: one answer was lost");
        assert_eq!(
            report.applied,
            CUSTOMERS as u64 - 1,
            "{label}: the 999 confirmed jobs are done: {report:?}"
        );
        assert!(
            matches!(&report.outcome, DrainOutcome::Unreachable(why) if why.contains("did not answer in time")),
            "{label}: a timeout is not a refusal: {report:?}"
        );
        let pending: Vec<(String, i32)> = router_job::Entity::find()
            .filter(router_job::Column::RouterId.eq(tower))
            .filter(router_job::Column::Status.eq("pending"))
            .all(&db)
            .await
            .expect("read jobs")
            .into_iter()
            .map(|j| (j.name, j.attempts))
            .collect();
        assert_eq!(
            pending,
            [("b0500".to_string(), 0)],
            "{label}: only the unanswered job waits, not counted as a refusal"
        );

        // Tried again after the router's backoff: only that one is sent, and it is confirmed
        // (the router had it already: it is set, not added twice).
        after_retry(&clock);
        let again = provisioning::drain_router(&ctx, tower, &opts)
            .await
            .expect("the worker runs");
        assert!(finished(&again), "{label}: {again:?}");
        assert_eq!(again.applied, 1, "{label}");
        assert_eq!(
            items(&router, "/ip/hotspot/user").len(),
            CUSTOMERS,
            "{label}: every user once"
        );
        assert_eq!(proxy.swallowed(), 1, "{label}");
    })
    .await;
}
