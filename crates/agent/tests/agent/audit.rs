//! `tikbill-agent audit verify`, run for real on SQLite in a temporary data directory and on a
//! scratch PostgreSQL database: a fresh log is intact; a row edited with plain SQL is named.

use chrono::{TimeZone, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::json;
use tikbill_core::audit::{self, AuditEntry};
use tikbill_core::db;
use tikbill_core::entity::activity_log;
use tikbill_core::scratch_postgres::ScratchPostgres;

use crate::support::{AgentCli, Password};

async fn record_three(db: &DatabaseConnection) {
    let at = Utc
        .with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .expect("a valid instant");
    for n in 1..=3 {
        let txn = db::begin_write(db).await.expect("begin");
        let entry = AuditEntry {
            at,
            staff_id: None,
            actor: "cli".into(),
            origin: "cli".into(),
            action: "customer.extend".into(),
            entity_kind: "customer".into(),
            entity_id: Some(n),
            before: None,
            after: Some(json!({"n": n})),
        };
        audit::record(&txn, entry).await.expect("recorded");
        txn.commit().await.expect("commit");
    }
}

async fn audit_verify_round(agent: &AgentCli, db: DatabaseConnection, label: &str) {
    let fresh = agent.run(&["audit", "verify"], Password::Missing).await;
    assert_eq!(fresh.status.code(), Some(0), "{label}: {fresh:?}");
    assert_eq!(
        fresh.stderr.trim_end(),
        "0 entries, chain intact",
        "{label}: a fresh database"
    );
    assert_eq!(
        fresh.json("audit verify")["entries"],
        0,
        "{label}: the JSON says the same"
    );

    record_three(&db).await;
    let intact = agent.run(&["audit", "verify"], Password::Missing).await;
    assert_eq!(
        intact.stderr.trim_end(),
        "3 entries, chain intact",
        "{label}: {intact:?}"
    );

    let second = activity_log::Entity::find()
        .order_by_asc(activity_log::Column::Id)
        .all(&db)
        .await
        .expect("read the log")[1]
        .id;
    db.execute_unprepared(&format!(
        "UPDATE activity_log SET after_json = '{{\"n\":99}}' WHERE id = {second}"
    ))
    .await
    .expect("edit the row by hand");
    let broken = agent.run(&["audit", "verify"], Password::Missing).await;
    broken.failed_with_1(
        &format!("{label}: audit verify after an edit"),
        &format!("chain broken at entry {second}: its hash does not match its contents (the entry was edited)"),
    );
    db.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_on_sqlite() {
    let agent = AgentCli::new();
    // The agent's first run makes and migrates the database.
    let fresh = agent.run(&["audit", "verify"], Password::Missing).await;
    assert!(fresh.status.success(), "{fresh:?}");
    let db = agent.sqlite().await;
    audit_verify_round(&agent, db, "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_on_postgresql() {
    let Some(scratch) = ScratchPostgres::create("tikbill_agent")
        .await
        .expect("a scratch PostgreSQL database")
    else {
        return;
    };
    let url = scratch.url().to_string();
    let agent = AgentCli::on_database(&url);
    let db = db::open(&url).await.expect("the scratch database");
    audit_verify_round(&agent, db, "postgres").await;
    scratch
        .drop_database()
        .await
        .expect("drop the scratch database");
}
