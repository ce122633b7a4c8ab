use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tikbill_api::{ApiError, ErrorCode, RouterInput, RouterStatus};
use tikbill_core::router::health::{self, HealthOptions};
use tikbill_core::router::{self as routers, log};
use tikbill_core::secret_store::router_key;
use tikbill_routeros::emulator::{Emulator, EmulatorConfig, Fault};

use crate::support::{clock, context, on_each_database};

fn input(name: &str, port: u16, password: &str) -> RouterInput {
    RouterInput {
        name: name.into(),
        host: "127.0.0.1".into(),
        port: port.to_string(),
        use_tls: false,
        username: "billing".into(),
        password: Some(password.into()),
    }
}

async fn emulator(identity: &str) -> Emulator {
    let mut config = EmulatorConfig::new("billing", "s3cret-pw");
    config.identity = identity.into();
    Emulator::start(config)
        .await
        .expect("the emulator starts on loopback")
}

/// Every text value stored in the routers and router_logs tables.
async fn stored_text(db: &DatabaseConnection) -> String {
    let mut all = String::new();
    for sql in [
        "SELECT name, host, username, COALESCE(last_error, '') AS e FROM routers",
        "SELECT command, outcome, COALESCE(message, '') AS e FROM router_logs",
    ] {
        for row in db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("query")
        {
            for i in 0..3 {
                all.push_str(&row.try_get_by_index::<String>(i).unwrap_or_default());
                all.push('\n');
            }
        }
    }
    all
}

#[tokio::test]
async fn passwords_go_to_the_secret_store_and_never_to_the_database() {
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let secrets = ctx.secrets();
        let r = routers::create(&ctx, &input("Tower 1", 8728, "s3cret-pw"))
            .await
            .expect("create");
        assert_eq!(r.status, RouterStatus::Unknown, "{label}: not checked yet");
        assert_eq!(
            secrets
                .get(&router_key(r.id))
                .expect("read")
                .map(|s| s.expose().to_string()),
            Some("s3cret-pw".into())
        );
        assert!(
            !stored_text(&db).await.contains("s3cret-pw"),
            "{label}: the password is not in the database"
        );

        let mut edit = input("Tower 1b", 8728, "");
        edit.password = None;
        routers::update(&ctx, r.id, &edit)
            .await
            .expect("edit without a password");
        assert_eq!(
            secrets
                .get(&router_key(r.id))
                .expect("read")
                .map(|s| s.expose().to_string()),
            Some("s3cret-pw".into()),
            "{label}: editing without a new password keeps the old one"
        );
        let dup = ApiError::from(
            routers::create(&ctx, &input("Tower 1b", 1, "x"))
                .await
                .expect_err("dup"),
        );
        assert_eq!(dup.code, ErrorCode::Conflict, "{label}");
        routers::delete(&ctx, r.id).await.expect("delete");
        assert!(
            secrets.get(&router_key(r.id)).expect("read").is_none(),
            "{label}: deleting a router forgets its password"
        );
        assert!(routers::list(&ctx).await.expect("list").is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_connection_test_stores_identity_resources_and_a_log() {
    let online = emulator("Tower-1").await;
    let port = online.address().port();
    on_each_database(|db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        let _secrets = ctx.secrets();
        let good = routers::create(&ctx, &input("Tower 1", port, "s3cret-pw")).await.expect("create");
        let check = health::check_router(&ctx, good.id, Duration::from_secs(5)).await.expect("check");
        let report = check.report.expect("the emulator answers");
        assert_eq!(report.identity, "Tower-1", "{label}: the identity is the router's own");
        assert!(!report.routeros_version.is_empty(), "{label}: a version");
        let view = routers::get(&ctx, good.id).await.expect("get");
        assert_eq!(view.status, RouterStatus::Online, "{label}");
        assert_eq!(view.last_seen_at.as_deref(), Some("2026-11-24T08:00:00+00:00"), "{label}: last seen is the clock's now");
        assert_eq!(view.identity.as_deref(), Some("Tower-1"));
        let entries = log::recent(&ctx, good.id, 10).await.expect("log");
        let commands: Vec<(&str, &str)> = entries.iter().rev().map(|e| (e.command.as_str(), e.outcome.as_str())).collect();
        assert_eq!(
            commands,
            [("/login", "ok"), ("/system/identity/print", "ok"), ("/system/resource/print", "ok")],
            "{label}: every API interaction is logged"
        );

        let bad = routers::create(&ctx, &input("Wrong pw", port, "nope")).await.expect("create");
        let check = health::check_router(&ctx, bad.id, Duration::from_secs(5)).await.expect("check");
        assert_eq!(
            check.error.as_deref(),
            Some("The router rejected the user name or password. Check the API user's credentials in the router settings."),
            "{label}"
        );
        let view = routers::get(&ctx, bad.id).await.expect("get");
        assert_eq!((view.status, view.last_seen_at), (RouterStatus::Offline, None), "{label}: never seen");
        assert!(!stored_text(&db).await.contains("nope"), "{label}: no password in the log either");
    })
    .await;
    online.stop().await;
}

#[tokio::test]
async fn checking_all_routers_tells_online_from_silent_and_refused() {
    let online = emulator("Tower-1").await;
    let mut silent_config = EmulatorConfig::new("billing", "s3cret-pw");
    silent_config.fault = Some(Fault::Silent);
    let silent = Emulator::start(silent_config).await.expect("start");
    // A port nobody listens on: bind, note it, release it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let ports = (online.address().port(), silent.address().port());
    on_each_database(move |db, label| async move {
        let clock = clock();
        let ctx = context(&db, &clock);
        for (name, port) in [
            ("A online", ports.0),
            ("B silent", ports.1),
            ("C refused", closed),
        ] {
            routers::create(&ctx, &input(name, port, "s3cret-pw"))
                .await
                .expect("create");
        }
        let options = HealthOptions {
            concurrency: 2,
            timeout: Duration::from_millis(800),
        };
        let checks = health::check_all(&ctx, options).await.expect("health");
        let summary: Vec<(&str, bool)> = checks
            .iter()
            .map(|c| (c.name.as_str(), c.report.is_some()))
            .collect();
        assert_eq!(
            summary,
            [
                ("A online", true),
                ("B silent", false),
                ("C refused", false)
            ],
            "{label}"
        );
        assert!(
            checks[1]
                .error
                .as_deref()
                .unwrap_or("")
                .contains("did not answer in time"),
            "{label}: {:?}",
            checks[1].error
        );
        assert!(
            checks[2]
                .error
                .as_deref()
                .unwrap_or("")
                .contains("refused the connection"),
            "{label}: {:?}",
            checks[2].error
        );
        let statuses: Vec<RouterStatus> = routers::list(&ctx)
            .await
            .expect("list")
            .into_iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(
            statuses,
            [
                RouterStatus::Online,
                RouterStatus::Offline,
                RouterStatus::Offline
            ],
            "{label}: stored"
        );
    })
    .await;
    online.stop().await;
    silent.stop().await;
}
