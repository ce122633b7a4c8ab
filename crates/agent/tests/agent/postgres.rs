//! `--database postgres://…`: the same commands on a scratch PostgreSQL database, created for
//! the case and dropped after it. Without PostgreSQL the case is skipped with a note, unless
//! `CI` or `TIKBILL_REQUIRE_POSTGRES` is set: then it fails.

use sea_orm::{ConnectionTrait, Database, Statement};

use tikbill_core::scratch_postgres::ScratchPostgres;

use crate::support::{emulator, AgentCli, Password};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_flag_puts_everything_in_postgresql() {
    let Some(scratch) = ScratchPostgres::create("tikbill_agent")
        .await
        .expect("a scratch PostgreSQL database")
    else {
        return;
    };
    let url = scratch.url().to_string();

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
    scratch
        .drop_database()
        .await
        .expect("drop the scratch database");
}
