//! A router that is offline keeps its jobs until it is back.

use super::*;

#[tokio::test]
async fn an_offline_router_keeps_its_changes_until_it_is_back() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let router = emulator(None, StdDuration::ZERO).await;
        let address = router.address();
        let o = office(&ctx, &[&router]).await;
        let tower = o.routers[0];
        router.stop().await;

        for n in 0..14 {
            let name = format!("off{n:02}");
            let c = customer::create(&ctx, &customer_input(&name, "hotspot", tower, o.monthly))
                .await
                .expect("saving works with the router offline");
            if n % 2 == 0 {
                activate(&ctx, c.id).await;
            }
        }
        let report = drain(&ctx, tower).await;
        assert!(
            matches!(report.outcome, DrainOutcome::Unreachable(_)),
            "{label}: {report:?}"
        );
        let (waiting_now, failed, status, error) = waiting(&ctx, tower).await;
        assert_eq!(
            (waiting_now, failed, status),
            (21, 0, RouterStatus::Offline),
            "{label}"
        );
        assert!(
            error
                .unwrap_or_default()
                .contains("Cannot reach the router")
                || report_text(&report).contains("refused"),
            "{label}: the reason is shown"
        );
        // Tried again too soon: not even attempted.
        let again = drain(&ctx, tower).await;
        assert_eq!(again.outcome, DrainOutcome::NotDue, "{label}");

        // Back on the same address: everything arrives, once.
        let back = emulator(Some(address), StdDuration::ZERO).await;
        after_retry(&clock);
        let report = drain(&ctx, tower).await;
        assert!(finished(&report), "{label}: {report:?}");
        assert_eq!(
            report.applied, 21,
            "{label}: 14 creations and 7 activations"
        );
        let users = items(&back, "/ip/hotspot/user");
        assert_eq!(users.len(), 14, "{label}");
        let enabled = users.values().filter(|u| !flag(u, "disabled")).count();
        assert_eq!(enabled, 7, "{label}: the activated half can log in");
        assert_eq!(items(&back, "/system/scheduler").len(), 7, "{label}");
        let (waiting_now, _, status, error) = waiting(&ctx, tower).await;
        assert_eq!((waiting_now, error), (0, None), "{label}");
        assert_ne!(status, RouterStatus::Offline, "{label}");
        back.stop().await;
    })
    .await;
}

fn report_text(report: &DrainReport) -> String {
    format!("{report:?}")
}
