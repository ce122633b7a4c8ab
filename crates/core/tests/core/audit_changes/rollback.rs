//! A change refused, or failing at its commit after its entry was written, leaves neither.

use super::*;

async fn jobs(db: &DatabaseConnection) -> u64 {
    router_job::Entity::find()
        .count(db)
        .await
        .expect("count the router jobs")
}

#[tokio::test]
async fn a_refused_or_failed_change_leaves_no_entry_and_no_change() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let budi = staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("the owner");
        let tower = router::create(&ctx, &router_at("10.8.0.2", 8728, false, Some("pw")))
            .await
            .expect("router")
            .id;
        let monthly = profile::create(&ctx, &plan("Monthly", "150000"))
            .await
            .expect("profile");
        let ayu = customer::create(&ctx, &subscriber("ayu", tower, monthly.id))
            .await
            .expect("customer");
        let active = customer::activate(&ctx, ayu.id).await.expect("activate");
        let plan_before = profile::get(&ctx, monthly.id).await.expect("get");
        let mark = head(&db).await;
        let job_count = jobs(&db).await;

        let mut bad = plan("Monthly", "150000");
        bad.rate_limit = "fast".into();
        let validation = profile::update(&ctx, monthly.id, &bad).await;
        let conflict = customer::activate(&ctx, ayu.id).await;
        let last_owner = staff::disable(&ctx, budi.id).await;
        let taken = customer::create(&ctx, &subscriber("ayu", tower, monthly.id)).await;
        trip_commits(&db).await;
        let txn = db::begin_write(&db).await.expect("begin");
        let entry = AuditEntry::by(&ctx, "tripwire.check", "none", None);
        audit::record(&txn, entry)
            .await
            .expect("with the tripwire an entry is still written");
        assert!(
            txn.commit().await.is_err(),
            "{label}: the tripwire fails the commit, after the entry"
        );
        let failed_update = profile::update(&ctx, monthly.id, &plan("Gold", "999")).await;
        let failed_extend = customer::extend(&ctx, ayu.id, None).await;
        let failed_sign_in = staff::sign_in(&ctx, "budi", PASSWORD).await;
        untrip_commits(&db).await;
        for (outcome, why) in [
            (validation.map(drop), "an unreadable rate limit"),
            (conflict.map(drop), "activating an active customer"),
            (last_owner.map(drop), "disabling the only owner"),
            (taken.map(drop), "a user name taken on the router"),
            (
                failed_update.map(drop),
                "a commit failing after the entry was written",
            ),
            (failed_extend.map(drop), "the same, with a router job"),
            (failed_sign_in.map(drop), "the same, signing in"),
        ] {
            assert!(outcome.is_err(), "{label}: {why} is refused");
        }
        assert_eq!(
            seen(&since(&db, mark).await),
            Seen::new(),
            "{label}: no entry for any of them"
        );
        assert_eq!(
            profile::get(&ctx, monthly.id).await.expect("get"),
            plan_before,
            "{label}: the plan is as it was"
        );
        assert_eq!(
            customer::get(&ctx, ayu.id).await.expect("get"),
            active,
            "{label}: the customer is as they were"
        );
        assert_eq!(jobs(&db).await, job_count, "{label}: no router job either");
        assert_eq!(
            crate::staff::row(&db, budi.id).await.last_login_at,
            None,
            "{label}: the sign-in was not kept"
        );

        let saved = profile::update(&ctx, monthly.id, &plan("Gold", "999"))
            .await
            .expect("the same change, now that commits succeed");
        assert_eq!(saved.name, "Gold", "{label}");
        assert_eq!(
            seen(&since(&db, mark).await),
            expect(&[("test", "profile.update", "profile", Some(monthly.id))]),
            "{label}: written with its change"
        );
    })
    .await;
}
