//! A router account tikbill did not create is never taken over by a new customer; an imported
//! customer adopts it.

use super::*;

const THE_ROUTERS_OWN: &str = "the router's own user";

/// A hotspot user the router had before tikbill.
fn routers_own_user(router: &Emulator, name: &str, profile: &str) {
    let row: Row = [
        ("name", name),
        ("password", "old-pw"),
        ("profile", profile),
        ("comment", THE_ROUTERS_OWN),
        ("disabled", "no"),
    ]
    .into_iter()
    .collect();
    router.insert("/ip/hotspot/user", &row);
}

#[tokio::test]
async fn a_new_customer_does_not_take_over_a_router_account_tikbill_did_not_create() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        routers_own_user(&router, "ayu", "default");
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let c = customer::create(&ctx, &customer_input("ayu", "hotspot", tower, o.monthly))
            .await
            .expect("saving works: the router decides when the job runs");
        let report = drain(&ctx, tower).await;
        assert_eq!(
            (report.applied, report.refused),
            (0, 1),
            "{label}: {report:?}"
        );
        let users = items(&router, "/ip/hotspot/user");
        assert_eq!(
            (users["ayu"].get("comment"), users["ayu"].get("password")),
            (Some(THE_ROUTERS_OWN), Some("old-pw")),
            "{label}: the router's own user is untouched"
        );
        let (_, _, _, error) = waiting(&ctx, tower).await;
        assert_eq!(
            error.as_deref(),
            Some(
                "the router already has a hotspot user 'ayu' that tikbill did not create; \
                 import it from the router to adopt it"
            ),
            "{label}"
        );

        // Deleting the customer leaves the router's user where it was.
        customer::delete(&ctx, c.id).await.expect("delete");
        clock.advance(Duration::minutes(5));
        let report = drain(&ctx, tower).await;
        assert!(finished(&report), "{label}: {report:?}");
        let users = items(&router, "/ip/hotspot/user");
        assert_eq!(
            users.get("ayu").and_then(|u| u.get("comment")),
            Some(THE_ROUTERS_OWN),
            "{label}: still there after the customer is gone"
        );
    })
    .await;
}

#[tokio::test]
async fn a_customer_imported_from_the_router_adopts_its_account() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        routers_own_user(&router, "budi", "Monthly 10M");
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        let imported = tikbill_core::import::from_router(&ctx, tower)
            .await
            .expect("import");
        assert_eq!(imported.imported, 1, "{label}: {imported:?}");
        let report = drain(&ctx, tower).await;
        assert_eq!(
            (report.applied, report.refused),
            (1, 0),
            "{label}: {report:?}"
        );
        let users = items(&router, "/ip/hotspot/user");
        assert!(
            users["budi"]
                .get("comment")
                .is_some_and(|c| c.starts_with("tikbill:")),
            "{label}: the account is tikbill's now: {:?}",
            users["budi"]
        );
    })
    .await;
}
