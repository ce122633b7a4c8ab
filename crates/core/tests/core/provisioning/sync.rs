//! Sync: a router that drifted from the database, compared (dry run) and fixed.

use tikbill_core::sync::{self, SyncAll};
use tikbill_core::CoreError;

use super::*;

const USERS: &str = "/ip/hotspot/user";
const SCHEDULER: &str = "/system/scheduler";

/// (kind, name, problem, action, detail) of each difference.
type Seen = Vec<(String, String, String, String, String)>;

fn seen(report: &tikbill_api::SyncReport) -> Seen {
    report
        .differences
        .iter()
        .map(|d| {
            (
                d.kind.clone(),
                d.name.clone(),
                d.problem.clone(),
                d.action.clone(),
                d.detail.clone(),
            )
        })
        .collect()
}

fn diff(kind: &str, name: &str, problem: &str, action: &str, detail: &str) -> Seen {
    vec![(
        kind.into(),
        name.into(),
        problem.into(),
        action.into(),
        detail.into(),
    )]
}

async fn sync_router(ctx: &Context, router: i64, dry_run: bool) -> tikbill_api::SyncReport {
    sync::sync_router(ctx, router, dry_run, &options())
        .await
        .expect("the router is compared")
}

fn run(router: &Emulator, script: &str) {
    router
        .run_script(script)
        .unwrap_or_else(|e| panic!("the emulator runs {script:?}: {e}"));
}

#[tokio::test]
async fn a_drifted_router_is_listed_then_fixed_by_sync() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        for name in ["ayu", "budi", "citra", "eko"] {
            let c = customer::create(&ctx, &customer_input(name, "hotspot", tower, o.monthly))
                .await
                .expect("create");
            if name != "citra" {
                activate(&ctx, c.id).await;
            }
        }
        assert!(finished(&drain(&ctx, tower).await), "{label}");
        let in_sync = sync_router(&ctx, tower, true).await;
        assert_eq!(
            seen(&in_sync),
            Seen::new(),
            "{label}: a router the worker just converged has no differences"
        );

        // Behind tikbill's back: ayu switched off, budi moved to the router's default profile,
        // citra deleted, eko's expiry entry deleted; a foreign user and a stale tikbill user.
        run(&router, "/ip hotspot user disable [find name=\"ayu\"]");
        run(
            &router,
            "/ip hotspot user set [find name=\"budi\"] profile=default",
        );
        run(&router, "/ip hotspot user remove [find name=\"citra\"]");
        run(
            &router,
            "/system scheduler remove [find name=\"tikbill-expire-hotspot-eko\"]",
        );
        for (name, comment) in [("guest", "vip lounge"), ("old", "tikbill:9999")] {
            let row: Row = [("name", name), ("password", "x"), ("comment", comment)]
                .into_iter()
                .collect();
            router.insert(USERS, &row).expect("a hotspot user");
        }
        let before = (router.rows(USERS), router.rows(SCHEDULER));

        let expected: Seen = [
            diff(
                "user",
                "ayu",
                "differs",
                "update",
                "disabled: router yes, tikbill no",
            ),
            diff(
                "user",
                "budi",
                "differs",
                "update",
                "profile: router default, tikbill Monthly 10M",
            ),
            diff(
                "user",
                "citra",
                "missing_on_router",
                "add",
                "not on the router; tikbill: profile Monthly 10M, disabled",
            ),
            diff(
                "user",
                "guest",
                "only_on_router",
                "none",
                "not a tikbill customer: import it instead",
            ),
            diff(
                "user",
                "old",
                "only_on_router",
                "remove",
                "marked tikbill:9999, but customer #9999 no longer exists",
            ),
            // The emulator's clock reads 2025-01-01 00:00 at the test's 2026-11-24 08:00 UTC.
            diff(
                "expiry_entry",
                "tikbill-expire-hotspot-eko",
                "missing_on_router",
                "add",
                "not on the router; tikbill: eko's plan ends 2025-01-31 00:00:00 on the \
                 router's clock",
            ),
        ]
        .concat();
        let dry = sync_router(&ctx, tower, true).await;
        assert_eq!(seen(&dry), expected, "{label}: exactly the drift, in order");
        assert_eq!(
            (dry.dry_run, dry.applied, dry.router_name.as_str()),
            (true, 0, "Tower 1"),
            "{label}"
        );
        assert_eq!(
            (router.rows(USERS), router.rows(SCHEDULER)),
            before,
            "{label}: a dry run changes nothing on the router"
        );
        assert_eq!(waiting(&ctx, tower).await.0, 0, "{label}: nor queues a job");

        let applied = sync_router(&ctx, tower, false).await;
        assert_eq!(seen(&applied), expected, "{label}: the same differences");
        assert_eq!(
            applied.applied, 5,
            "{label}: ayu, budi, citra, old and eko's entry; guest is left alone"
        );
        let users = items(&router, USERS);
        assert!(!flag(&users["ayu"], "disabled"), "{label}: ayu back on");
        assert_eq!(users["budi"].get("profile"), Some("Monthly 10M"), "{label}");
        assert!(
            flag(&users["citra"], "disabled"),
            "{label}: citra is back, still pending"
        );
        assert!(
            !users.contains_key("old"),
            "{label}: the stale user is gone"
        );
        assert_eq!(
            users["guest"].get("comment"),
            Some("vip lounge"),
            "{label}: the foreign user is untouched"
        );
        assert!(
            items(&router, SCHEDULER).contains_key("tikbill-expire-hotspot-eko"),
            "{label}"
        );

        let again = sync_router(&ctx, tower, true).await;
        assert_eq!(
            seen(&again),
            diff(
                "user",
                "guest",
                "only_on_router",
                "none",
                "not a tikbill customer: import it instead"
            ),
            "{label}: nothing left to fix; only the user tikbill leaves alone"
        );
        router.stop().await;
    })
    .await;
}

#[tokio::test]
async fn profiles_secrets_and_stale_entries_are_compared_too() {
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
        assert!(finished(&drain(&ctx, tower).await), "{label}");

        run(
            &router,
            "/ppp profile set [find name=\"Monthly 10M\"] rate-limit=1M/1M only-one=yes \
             session-timeout=0s",
        );
        run(&router, "/ppp secret set [find name=\"budi\"] service=any");
        run(
            &router,
            "/system scheduler set [find name=\"tikbill-expire-pppoe-budi\"] \
             start-date=2025-01-30",
        );
        let entry: Row = [
            ("name", "tikbill-expire-hotspot-gone"),
            ("start-date", "2025-02-01"),
            ("start-time", "00:00:00"),
        ]
        .into_iter()
        .collect();
        router.insert(SCHEDULER, &entry).expect("an entry");

        let dry = sync_router(&ctx, tower, true).await;
        let expected: Seen = [
            diff(
                "secret",
                "budi",
                "differs",
                "update",
                "service: router any, tikbill pppoe",
            ),
            diff(
                "ppp_profile",
                "Monthly 10M",
                "differs",
                "update",
                "rate-limit: router 1M/1M, tikbill 5M/10M 10M/20M 4M/8M 16/16; only-one: \
                 router yes, tikbill no; session-timeout: router none, tikbill 4h",
            ),
            diff(
                "expiry_entry",
                "tikbill-expire-hotspot-gone",
                "only_on_router",
                "remove",
                "tikbill has no customer gone on this router",
            ),
            diff(
                "expiry_entry",
                "tikbill-expire-pppoe-budi",
                "differs",
                "update",
                "ends: router 2025-01-30 00:00:00, tikbill 2025-01-31 00:00:00",
            ),
        ]
        .concat();
        assert_eq!(seen(&dry), expected, "{label}");
        let fixed = sync_router(&ctx, tower, false).await;
        assert_eq!(
            fixed.applied, 4,
            "{label}: every difference (budi's secret and its entry share one job)"
        );
        let again = sync_router(&ctx, tower, true).await;
        assert_eq!(seen(&again), Seen::new(), "{label}: all fixed");
        router.stop().await;
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_router_is_its_own_error_and_not_everyones() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let (up, down) = (
            emulator(None, StdDuration::ZERO).await,
            emulator(None, StdDuration::ZERO).await,
        );
        let o = office(&ctx, &[&up, &down]).await;
        down.stop().await;
        let err = sync::sync_router(&ctx, o.routers[1], true, &options())
            .await
            .expect_err("an offline router cannot be compared");
        assert!(matches!(err, CoreError::Router(_)), "{label}: {err:?}");

        let all: SyncAll = sync::sync_all(&ctx, true, &options())
            .await
            .expect("listing the routers works");
        assert_eq!(
            all.reports.iter().map(|r| r.router_id).collect::<Vec<_>>(),
            [o.routers[0]],
            "{label}: the router that answered has its report"
        );
        assert_eq!(
            all.failures
                .iter()
                .map(|f| f.router_name.as_str())
                .collect::<Vec<_>>(),
            ["Tower 2"],
            "{label}"
        );
        let text = all.failure_text().expect("a failure is described");
        assert!(
            text.starts_with("1 of 2 routers could not be synced: Tower 2: "),
            "{label}: {text}"
        );
        up.stop().await;
    })
    .await;
}
