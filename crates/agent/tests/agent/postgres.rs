//! `--database postgres://…`: the same commands on a scratch PostgreSQL database, created for
//! the case and dropped after it. Without PostgreSQL the case is skipped with a note, unless
//! `CI` or `TIKBILL_REQUIRE_POSTGRES` is set: then it fails.

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, Statement};

use crate::support::{emulator, AgentCli, Password};

static NEXT: AtomicU32 = AtomicU32::new(0);

fn admin_url() -> String {
    std::env::var("TIKBILL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn postgres_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("TIKBILL_REQUIRE_POSTGRES").is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_flag_puts_everything_in_postgresql() {
    let admin = match Database::connect(admin_url()).await {
        Ok(admin) => admin,
        Err(e) if !postgres_required() => {
            eprintln!("note: PostgreSQL not reachable at {} ({e}); the --database postgres case was skipped", admin_url());
            return;
        }
        Err(e) => panic!(
            "PostgreSQL must be reachable at {} when CI or TIKBILL_REQUIRE_POSTGRES is set: {e}",
            admin_url()
        ),
    };
    let name = format!(
        "tikbill_agent_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a scratch database");
    let base = admin_url();
    let url = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => format!("{}/{name}", &base[..i]),
        _ => format!("{base}/{name}"),
    };

    let router = emulator("Tower PG").await;
    let agent = AgentCli::on_database(&url);
    agent.add_router("Tower PG", &router).await;
    let checks = agent
        .run(&["health"], Password::Missing)
        .await
        .json("health on PostgreSQL");
    assert_eq!(
        checks[0]["report"]["identity"], "Tower PG",
        "checked through PostgreSQL: {checks}"
    );
    let listed = agent
        .run(&["routers", "list"], Password::Missing)
        .await
        .json("routers list on PostgreSQL");
    assert_eq!(
        listed[0]["status"], "online",
        "the check was stored in PostgreSQL: {listed}"
    );
    assert!(
        !agent.data_dir().join("tikbill.sqlite3").exists(),
        "no SQLite file was made beside it"
    );

    let db = Database::connect(&url)
        .await
        .expect("the scratch database opens");
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM routers",
        ))
        .await
        .expect("count routers")
        .and_then(|r| r.try_get_by_index::<i64>(0).ok());
    assert_eq!(row, Some(1), "the router row is in PostgreSQL");
    let _ = db.close().await;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("drop the scratch database");
}
