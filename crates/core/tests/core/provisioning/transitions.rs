//! Each customer transition, and a profile edit, as the router sees it.

use super::*;

const USERS: &str = "/ip/hotspot/user";
const SECRETS: &str = "/ppp/secret";
const ACTIVE: &str = "/ip/hotspot/active";
const SCHEDULER: &str = "/system/scheduler";

#[tokio::test]
async fn every_transition_reaches_the_router() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];

        // Created: on the router at once, but switched off until activated.
        let ayu = customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        assert_eq!(waiting(&ctx, tower).await.0, 1, "{label}: one change waits");
        let report = drain(&ctx, tower).await;
        assert!(
            finished(&report) && report.applied == 1,
            "{label}: {report:?}"
        );
        assert_eq!(waiting(&ctx, tower).await.0, 0, "{label}: nothing waits");
        let user = items(&router, USERS)
            .remove("ayu")
            .expect("the user is on the router");
        assert_eq!(user.get("profile"), Some("Monthly 10M"), "{label}");
        assert_eq!(
            user.get("comment"),
            Some(format!("tikbill:{}", ayu.id).as_str()),
            "{label}"
        );
        assert!(
            flag(&user, "disabled"),
            "{label}: a pending customer cannot log in"
        );
        let profile = items(&router, "/ip/hotspot/user/profile").remove("Monthly 10M");
        let profile = profile.expect("the profile was pushed with the user");
        assert_eq!(
            profile.get("rate-limit"),
            Some("5M/10M 10M/20M 4M/8M 16/16"),
            "{label}"
        );
        assert_eq!(profile.get("shared-users"), Some("2"), "{label}");
        assert_eq!(profile.get("session-timeout"), Some("4h"), "{label}");
        assert!(
            items(&router, SCHEDULER).is_empty(),
            "{label}: no expiry before a plan"
        );

        // Activated: enabled, and the router holds its own expiry entry. The emulator's clock
        // reads 2025-01-01 00:00:00 at the test's 2026-11-24 08:00 UTC, so the plan's end
        // (2026-12-24 08:00 UTC) is 2025-01-31 00:00:00 on the router's clock.
        activate(&ctx, ayu.id).await;
        drain(&ctx, tower).await;
        let user = items(&router, USERS).remove("ayu").expect("user");
        assert!(
            !flag(&user, "disabled"),
            "{label}: an active customer can log in"
        );
        let entry = items(&router, SCHEDULER)
            .remove("tikbill-expire-hotspot-ayu")
            .expect("an expiry entry on the router");
        assert_eq!(
            (entry.get("start-date"), entry.get("start-time")),
            (Some("2025-01-31"), Some("00:00:00")),
            "{label}"
        );
        assert!(
            entry
                .get("on-event")
                .unwrap_or_default()
                .contains("/ip hotspot user disable"),
            "{label}: {entry:?}"
        );

        // Extended by a week: the entry moves.
        customer::extend(&ctx, ayu.id, Some((7, tikbill_api::DurationUnit::Days)))
            .await
            .expect("extend");
        drain(&ctx, tower).await;
        let entry = items(&router, SCHEDULER)
            .remove("tikbill-expire-hotspot-ayu")
            .expect("entry");
        assert_eq!(entry.get("start-date"), Some("2025-02-07"), "{label}");
        assert_eq!(
            items(&router, SCHEDULER).len(),
            1,
            "{label}: moved, not added twice"
        );

        // Disabled while online: switched off, kicked, no expiry entry left.
        router.add_hotspot_session("ayu", "10.5.50.7");
        customer::disable(&ctx, ayu.id).await.expect("disable");
        drain(&ctx, tower).await;
        assert!(flag(&items(&router, USERS)["ayu"], "disabled"), "{label}");
        assert!(
            router.rows(ACTIVE).is_empty(),
            "{label}: the session was kicked"
        );
        assert!(items(&router, SCHEDULER).is_empty(), "{label}");

        // Enabled again: on, with the entry back.
        customer::enable(&ctx, ayu.id).await.expect("enable");
        drain(&ctx, tower).await;
        assert!(!flag(&items(&router, USERS)["ayu"], "disabled"), "{label}");
        assert_eq!(items(&router, SCHEDULER).len(), 1, "{label}");

        // Expired by the agent's job: off and kicked.
        router.add_hotspot_session("ayu", "10.5.50.7");
        clock.advance(Duration::days(40));
        let expired = customer::expire_due(&ctx).await.expect("expire");
        assert_eq!(expired, vec![ayu.id], "{label}");
        drain(&ctx, tower).await;
        assert!(flag(&items(&router, USERS)["ayu"], "disabled"), "{label}");
        assert!(
            router.rows(ACTIVE).is_empty(),
            "{label}: the expired session was kicked"
        );

        // Deleted: gone from the router.
        customer::delete(&ctx, ayu.id).await.expect("delete");
        drain(&ctx, tower).await;
        assert!(items(&router, USERS).is_empty(), "{label}");
        assert!(items(&router, SCHEDULER).is_empty(), "{label}");
    })
    .await;
}

#[tokio::test]
async fn pppoe_customers_get_a_secret_and_a_ppp_profile() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let budi = customer::create(&ctx, &customer_input("budi", "pppoe", tower, o.monthly))
            .await
            .expect("create");
        activate(&ctx, budi.id).await;
        drain(&ctx, tower).await;
        let secret = items(&router, SECRETS)
            .remove("budi")
            .expect("a PPP secret");
        assert_eq!(
            (
                secret.get("service"),
                secret.get("profile"),
                flag(&secret, "disabled")
            ),
            (Some("pppoe"), Some("Monthly 10M"), false),
            "{label}"
        );
        let profile = items(&router, "/ppp/profile")
            .remove("Monthly 10M")
            .expect("PPP profile");
        assert_eq!(
            profile.get("rate-limit"),
            Some("5M/10M 10M/20M 4M/8M 16/16"),
            "{label}"
        );
        assert_eq!(
            profile.get("only-one"),
            Some("no"),
            "{label}: 2 shared users"
        );
        assert_eq!(profile.get("session-timeout"), Some("4h"), "{label}");
        assert!(
            items(&router, SCHEDULER).contains_key("tikbill-expire-pppoe-budi"),
            "{label}"
        );
        assert!(
            items(&router, USERS).is_empty(),
            "{label}: no hotspot user for PPPoE"
        );

        // Moved to hotspot: the secret goes, a hotspot user comes.
        let mut edit = customer_input("budi", "hotspot", tower, o.monthly);
        edit.password = None;
        customer::update(&ctx, budi.id, &edit)
            .await
            .expect("update");
        drain(&ctx, tower).await;
        assert!(items(&router, SECRETS).is_empty(), "{label}");
        assert!(items(&router, USERS).contains_key("budi"), "{label}");
        assert_eq!(
            items(&router, SCHEDULER).keys().collect::<Vec<_>>(),
            ["tikbill-expire-hotspot-budi"],
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_profile_edit_reaches_every_router_that_has_it() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (one, two) = (
            emulator(None, StdDuration::ZERO).await,
            emulator(None, StdDuration::ZERO).await,
        );
        let o = office(&ctx, &[&one, &two]).await;
        for (n, tower) in o.routers.iter().enumerate() {
            let name = format!("user{n}");
            customer::create(&ctx, &customer_input(&name, "hotspot", *tower, o.monthly))
                .await
                .expect("create");
        }
        provisioning::drain_all(&ctx, &options())
            .await
            .expect("drain all");

        let mut input = ProfileInput {
            name: "Monthly 20M".into(),
            rate_limit: "10M/20M".into(),
            price: "250000".into(),
            currency: "IDR".into(),
            duration_value: "30".into(),
            duration_unit: "days".into(),
            data_limit: "".into(),
            shared_users: "1".into(),
            session_timeout: String::new(),
        };
        profile::update(&ctx, o.monthly, &input)
            .await
            .expect("rename and speed up");
        let reports = provisioning::drain_all(&ctx, &options())
            .await
            .expect("drain all");
        assert_eq!(
            reports.len(),
            2,
            "{label}: both routers had work: {reports:?}"
        );
        for (router, user) in [(&one, "user0"), (&two, "user1")] {
            let profiles = items(router, "/ip/hotspot/user/profile");
            assert!(
                !profiles.contains_key("Monthly 10M"),
                "{label}: the old name is removed"
            );
            let new = profiles.get("Monthly 20M").expect("the new profile");
            assert_eq!(
                (new.get("rate-limit"), new.get("shared-users")),
                (Some("10M/20M"), Some("1")),
                "{label}"
            );
            assert_eq!(
                items(router, USERS)[user].get("profile"),
                Some("Monthly 20M"),
                "{label}"
            );
        }
        input.rate_limit = "20M/40M".into();
        profile::update(&ctx, o.monthly, &input)
            .await
            .expect("faster");
        provisioning::drain_all(&ctx, &options())
            .await
            .expect("drain");
        for router in [&one, &two] {
            let profiles = items(router, "/ip/hotspot/user/profile");
            assert_eq!(
                profiles["Monthly 20M"].get("rate-limit"),
                Some("20M/40M"),
                "{label}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn applying_twice_leaves_the_router_as_once() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let c = customer::create(&ctx, &customer_input("citra", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        activate(&ctx, c.id).await;
        drain(&ctx, tower).await;
        let snapshot =
            |r: &Emulator| [USERS, "/ip/hotspot/user/profile", SCHEDULER].map(|menu| r.rows(menu));
        let once = snapshot(&router);
        // The same jobs again, as after a crash between applying and marking done.
        provisioning::enqueue::customers(&db, &[c.id], clock.now())
            .await
            .expect("enqueue");
        provisioning::enqueue::customers(&db, &[c.id], clock.now())
            .await
            .expect("enqueue");
        let report = drain(&ctx, tower).await;
        assert_eq!(report.applied, 2, "{label}: both coalesced into one key");
        assert_eq!(
            snapshot(&router),
            once,
            "{label}: nothing added, nothing doubled"
        );
    })
    .await;
}

#[tokio::test]
async fn the_router_ends_the_plan_by_itself_when_no_tikbill_runs() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        for (name, service) in [("dewi", "hotspot"), ("eko", "pppoe")] {
            let c = customer::create(&ctx, &customer_input(name, service, tower, o.monthly))
                .await
                .expect("create");
            activate(&ctx, c.id).await;
        }
        drain(&ctx, tower).await;
        router.add_hotspot_session("dewi", "10.5.50.9");
        router.add_ppp_session("eko", "10.0.0.9");
        // tikbill is off from here on. The plan ends at 2025-01-31 00:00:00 router time.
        let runs = router.set_clock("2025-01-30", "23:59:59");
        assert!(runs.is_empty(), "{label}: nothing is due a second early");
        assert!(!flag(&items(&router, USERS)["dewi"], "disabled"), "{label}");
        let runs = router.set_clock("2025-01-31", "00:00:01");
        assert_eq!(runs.len(), 2, "{label}: both entries ran");
        assert!(runs.iter().all(|r| r.outcome.is_ok()), "{label}: {runs:?}");
        assert!(flag(&items(&router, USERS)["dewi"], "disabled"), "{label}");
        assert!(flag(&items(&router, SECRETS)["eko"], "disabled"), "{label}");
        assert!(
            router.rows(ACTIVE).is_empty(),
            "{label}: hotspot session ended"
        );
        assert!(
            router.rows("/ppp/active").is_empty(),
            "{label}: PPP session ended"
        );
        assert!(
            items(&router, SCHEDULER).is_empty(),
            "{label}: the entries removed themselves"
        );
    })
    .await;
}

#[tokio::test]
async fn activating_many_at_once_follows_the_same_rules() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let mut ids = Vec::new();
        for name in ["m1", "m2", "m3"] {
            let c = customer::create(&ctx, &customer_input(name, "hotspot", tower, o.monthly))
                .await
                .expect("create");
            ids.push(c.id);
        }
        activate(&ctx, ids[2]).await;
        let mut asked = ids.clone();
        asked.push(9999);
        let outcome = customer::activate_many(&ctx, &asked)
            .await
            .expect("bulk activate");
        assert_eq!(outcome.changed, ids[..2], "{label}");
        let refused: Vec<(i64, &str)> = outcome
            .refused
            .iter()
            .map(|r| (r.customer_id, r.reason.as_str()))
            .collect();
        assert_eq!(
            refused,
            [
                (
                    ids[2],
                    "Customer m3 is already active until 2026-12-24 15:00 WIB. Extend the plan \
                     to add time."
                ),
                (
                    9999,
                    "Customer #9999 does not exist (it may have been deleted)."
                )
            ],
            "{label}"
        );
        for id in &ids[..2] {
            let c = customer::get(&ctx, *id).await.expect("get");
            assert_eq!(
                (c.status, c.expires_at.as_deref()),
                (
                    tikbill_api::CustomerStatus::Active,
                    Some("2026-12-24T08:00:00+00:00")
                ),
                "{label}: the same expiry as one activation"
            );
        }
        drain(&ctx, tower).await;
        let users = items(&router, USERS);
        assert!(users.values().all(|u| !flag(u, "disabled")), "{label}");
        assert_eq!(items(&router, SCHEDULER).len(), 3, "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_router_on_summer_time_gets_its_expiry_entry_at_the_right_wall_time() {
    on_each_database(|db, label| async move {
        // A router in Berlin, read in winter (UTC+1): 2026-11-24 08:00 UTC is 09:00 there.
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        router.set_time_zone("Europe/Berlin");
        router.set_clock("2026-11-24", "09:00:00");
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let ana = customer::create(&ctx, &customer_input("ana", "hotspot", tower, o.monthly))
            .await
            .expect("create");
        activate(&ctx, ana.id).await;
        // 30 days, then 5 months more: 2027-05-24 08:00 UTC, in Berlin's summer (UTC+2).
        customer::extend(&ctx, ana.id, Some((5, tikbill_api::DurationUnit::Months)))
            .await
            .expect("extend");
        drain(&ctx, tower).await;
        let entry = items(&router, SCHEDULER)
            .remove("tikbill-expire-hotspot-ana")
            .expect("an expiry entry on the router");
        assert_eq!(
            (entry.get("start-date"), entry.get("start-time")),
            (Some("2027-05-24"), Some("10:00:00")),
            "{label}: summer time on the router's clock, not the winter offset (09:00)"
        );
        router.stop().await;
    })
    .await;
}
