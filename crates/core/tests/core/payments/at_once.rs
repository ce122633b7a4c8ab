//! Many payments at once: each customer gets exactly what was paid for them.

use std::time::Instant;

use tikbill_api::ChainState;
use tikbill_core::{audit, payment};

use super::{cash, days, expiry, now, shop};
use crate::support::{clock, context, on_each_database};

const PAYMENTS: usize = 1000;
const TASKS: usize = 8;
const CUSTOMERS: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn payments_applied_at_once_each_extend_exactly_once() {
    on_each_database(|db, label| async move {
        let ctx = context(&db, &clock());
        let shop = shop(&ctx, CUSTOMERS).await;
        let ids: Vec<i64> = shop.customers.iter().map(|c| c.id).collect();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let ctx = ctx.clone();
            let ids = ids.clone();
            tasks.push(tokio::spawn(async move {
                for n in (task..PAYMENTS).step_by(TASKS) {
                    let customer = ids[n % CUSTOMERS];
                    let mut input = cash(Some(customer), "150000");
                    input.reference = Some(format!("batch-{n}"));
                    payment::record(&ctx, &input).await.expect("recorded");
                }
            }));
        }
        for task in tasks {
            task.await.expect("the task finishes");
        }
        eprintln!("{label}: {PAYMENTS} payments in {:?}", started.elapsed());
        let each = i64::try_from(PAYMENTS / CUSTOMERS).expect("small");
        for id in &ids {
            assert_eq!(
                expiry(&ctx, *id).await,
                Some(now(&ctx) + days(each)),
                "{label}"
            );
        }
        let state = audit::verify(&ctx).await.expect("verify");
        assert!(
            matches!(state, ChainState::Intact { .. }),
            "{label}: {state}"
        );
        let page = payment::list(
            &ctx,
            &tikbill_api::PaymentFilter {
                customer_id: Some(ids[0]),
                limit: Some(500),
                ..Default::default()
            },
        )
        .await
        .expect("list")
        .payments;
        assert_eq!(page.len(), PAYMENTS / CUSTOMERS, "{label}");
        assert!(page.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    })
    .await;
}
