//! The chain verifies after a mix of every kind of change, a failed one among them.

use super::*;

async fn emulator() -> Emulator {
    Emulator::start(EmulatorConfig::new("billing", ROUTER_PASSWORD))
        .await
        .expect("the emulator starts on loopback")
}

fn options() -> WorkerOptions {
    let mut options = WorkerOptions::new("test:worker");
    options.timeout = StdDuration::from_secs(5);
    options
}

#[tokio::test]
async fn the_chain_verifies_after_every_kind_of_change() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let emulator = emulator().await;
        let mark = head(&db).await;
        staff::create_owner(&ctx, &owner("budi"))
            .await
            .expect("owner");
        let _ = staff::sign_in(&ctx, "budi", "wrong password here").await;
        let _ = staff::sign_in(&ctx, "ghost", "wrong password here").await;
        staff::sign_in(&ctx, "budi", PASSWORD).await.expect("in");
        settings::save_office_settings(
            &ctx,
            &OfficeSettings {
                time_zone: "Asia/Jakarta".into(),
                idle_lock_minutes: 30,
            },
        )
        .await
        .expect("settings");
        let input = router_at(
            "127.0.0.1",
            emulator.address().port(),
            false,
            Some(ROUTER_PASSWORD),
        );
        let tower = router::create(&ctx, &input).await.expect("router").id;
        let monthly = profile::create(&ctx, &plan("Monthly 10M", "150000"))
            .await
            .expect("profile");
        let mut ids = Vec::new();
        for name in ["ayu", "budi", "citra"] {
            let c = customer::create(&ctx, &subscriber(name, tower, monthly.id))
                .await
                .expect("customer");
            ids.push(c.id);
        }
        customer::activate_many(&ctx, &ids).await.expect("bulk");
        provisioning::drain_router(&ctx, tower, &options())
            .await
            .expect("applied");
        emulator.add_hotspot_session("ayu", "10.5.50.7");
        customer::kick(&ctx, ids[0], StdDuration::from_secs(5))
            .await
            .expect("kick");
        emulator
            .run_script("/ip hotspot user remove [find name=\"citra\"]")
            .expect("drift");
        let report = sync::sync_router(&ctx, tower, false, &options())
            .await
            .expect("sync");
        assert_eq!(report.applied, 1, "{label}: {report:?}");
        let csv = "username,password,full name,profile\ndedi,pw-dedi,Dedi,Monthly 10M\n";
        let imported = import::from_csv(&ctx, tower, csv).await.expect("csv");
        assert_eq!(imported.imported, 1, "{label}");
        let eko: Row = [
            ("name", "eko"),
            ("password", "pw-eko"),
            ("profile", "Monthly 10M"),
        ]
        .into_iter()
        .collect();
        emulator.insert("/ip/hotspot/user", &eko).expect("a user");
        let from_router = import::from_router(&ctx, tower).await.expect("import");
        assert_eq!(from_router.imported, 1, "{label}: {from_router:?}");
        router_job::Entity::update_many()
            .col_expr(router_job::Column::Status, Expr::value("failed"))
            .filter(router_job::Column::RouterId.eq(tower))
            .exec(&db)
            .await
            .expect("a job failed for good, by hand");
        let retried = provisioning::retry_failed(&ctx, JobScope::Router(tower))
            .await
            .expect("retry");
        assert!(retried > 0, "{label}");
        trip_commits(&db).await;
        let failed = customer::extend(&ctx, ids[1], None).await;
        untrip_commits(&db).await;
        assert!(failed.is_err(), "{label}");
        clock.advance(Duration::days(40));
        let expired = customer::expire_due(&ctx.acting_as(Actor::agent()))
            .await
            .expect("expire");
        customer::delete(&ctx, ids[2]).await.expect("delete");

        let entries = since(&db, mark).await;
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        let mut wanted = vec![
            "staff.create_owner",
            "staff.sign_in_failed",
            "staff.sign_in_failed",
            "staff.sign_in",
            "settings.office",
            "router.create",
            "profile.create",
            "customer.create",
            "customer.create",
            "customer.create",
            "customer.activate",
            "customer.activate",
            "customer.activate",
            "customer.kick",
            "router.sync",
            "import.csv",
            "import.router",
            "router.retry_failed",
        ];
        wanted.extend(expired.iter().map(|_| "customer.expire"));
        wanted.push("customer.delete");
        assert_eq!(actions, wanted, "{label}");
        assert_eq!(
            expired.len(),
            4,
            "{label}: ayu, budi, citra and eko expired; dedi is pending"
        );
        assert_eq!(
            json_of(&entries[14].after_json),
            json!({"router_name": "Tower 1", "differences": 1, "fixes_queued": 1}),
            "{label}: the sync's counts"
        );
        assert_eq!(
            json_of(&entries[15].after_json),
            json!({"imported": 1, "skipped": 0, "refused": 0, "profiles_created": [],
                   "ignored_columns": 0}),
            "{label}: the import's counts, one entry for the run"
        );
        assert_eq!(
            json_of(&entries[17].after_json),
            json!({"retried": retried}),
            "{label}"
        );
        assert!(
            !all_text(&entries).contains(ROUTER_PASSWORD),
            "{label}: no router password"
        );
        let total = activity_log::Entity::find()
            .count(&db)
            .await
            .expect("count");
        assert_eq!(
            audit::verify(&ctx).await.expect("verify"),
            ChainState::Intact { entries: total },
            "{label}"
        );
        assert_eq!(
            customer::get(&ctx, ids[1]).await.expect("get").status,
            CustomerStatus::Expired,
            "{label}: the failed extension did not happen, so budi expired"
        );
    })
    .await;
}
