//! The customer page on a router whose clock is far off: it says so, and when the router's
//! expiry entry fires in real time.

use super::*;

#[tokio::test]
async fn a_far_off_router_clock_is_named_and_its_entry_is_given_in_real_time() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        // The emulator's clock reads 2025-01-01 00:00:00 (a router never set), the office's
        // 2026-11-24 08:00 UTC.
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let ayu = customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        activate(&ctx, ayu.id).await;
        assert!(finished(&drain(&ctx, tower).await), "{label}");

        let seen = customer::on_router(&ctx, ayu.id, StdDuration::from_secs(5))
            .await
            .expect("the customer's router side");
        assert_eq!(
            seen.clock_warning.as_deref(),
            Some("The router's clock is 1 year 10 months behind."),
            "{label}"
        );
        let account = seen.account.expect("the account is on the router");
        assert_eq!(
            account.expiry_entry.as_deref(),
            Some("2025-01-31 00:00:00"),
            "{label}: the entry in the router's own time"
        );
        assert_eq!(
            account.expiry_fires_at.as_deref(),
            Some("2026-12-24T08:00:00+00:00"),
            "{label}: it fires when the 30-day plan ends"
        );

        router.set_clock("2026-11-24", "08:01:30");
        let seen = customer::on_router(&ctx, ayu.id, StdDuration::from_secs(5))
            .await
            .expect("the customer's router side");
        assert_eq!(
            seen.clock_warning, None,
            "{label}: a clock 90 s off is not worth a word"
        );
    })
    .await;
}
