use sea_orm::{ConnectionTrait, Statement};
use tikbill_api::DatabaseKind;
use tikbill_core::db;
use tikbill_migrations::{Migrator, MigratorTrait};

use crate::support::{on_each_database, Scratch};

const TABLES: [&str; 33] = [
    "activity_log",
    "cash_shifts",
    "counters",
    "customer_credits",
    "customer_sessions",
    "customers",
    "daily_reports",
    "gateway_deliveries",
    "mpesa_pushes",
    "notification_reads",
    "notifications",
    "payment_transitions",
    "payments",
    "profiles",
    "report_days",
    "report_revenue_days",
    "report_router_days",
    "report_voucher_days",
    "router_checks",
    "router_job_queues",
    "router_jobs",
    "router_logs",
    "router_outages",
    "routers",
    "seaql_migrations",
    "settings",
    "sms_reminders",
    "staff_users",
    "voucher_batch_routers",
    "voucher_batches",
    "voucher_redeem_attempts",
    "voucher_transitions",
    "vouchers",
];

/// SQLite's customer search (FTS5, trigram tokenizer, external content) and its shadow tables.
const SQLITE_SEARCH_TABLES: [&str; 4] = [
    "customers_search",
    "customers_search_config",
    "customers_search_data",
    "customers_search_idx",
];

#[tokio::test]
async fn migrations_create_the_whole_model_and_roll_back() {
    on_each_database(|conn, label| async move {
        let sql = match db::kind(&conn) {
            DatabaseKind::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            DatabaseKind::Postgres => "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        };
        let tables = |conn: sea_orm::DatabaseConnection| async move {
            conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql))
                .await
                .expect("list tables")
                .iter()
                .map(|r| r.try_get::<String>("", "name").expect("a name"))
                .collect::<Vec<_>>()
        };
        let mut expected = TABLES.to_vec();
        if db::kind(&conn) == DatabaseKind::Sqlite {
            expected.extend(SQLITE_SEARCH_TABLES);
            expected.sort_unstable();
        }
        assert_eq!(tables(conn.clone()).await, expected, "{label}: every table of the data model exists");

        Migrator::down(&conn, None).await.expect("every migration rolls back");
        assert_eq!(tables(conn.clone()).await, ["seaql_migrations"], "{label}: down removes every table");
        Migrator::up(&conn, None).await.expect("and applies again");
        assert_eq!(tables(conn).await, expected, "{label}: up after down restores the schema");
    })
    .await;
}

async fn pragma(conn: &sea_orm::DatabaseConnection, name: &str) -> String {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("PRAGMA {name}"),
        ))
        .await
        .expect("a pragma answers")
        .expect("with a row");
    row.try_get_by_index::<String>(0)
        .or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string()))
        .expect("text or a number")
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_a_busy_timeout() {
    let s = Scratch::sqlite().await;
    assert_eq!(
        pragma(&s.db, "journal_mode").await,
        "wal",
        "the app and the agent share the file: readers must not block the writer"
    );
    assert_eq!(
        pragma(&s.db, "busy_timeout").await,
        "10000",
        "a writer waits 10 s for the other process"
    );
    assert_eq!(
        pragma(&s.db, "foreign_keys").await,
        "1",
        "foreign keys are enforced"
    );
    s.finish().await;
}

#[tokio::test]
async fn postgres_plans_each_statement_for_its_values() {
    let Some(pg) = Scratch::postgres().await else {
        return;
    };
    let row = pg
        .db
        .query_one_raw(Statement::from_string(
            pg.db.get_database_backend(),
            "SHOW plan_cache_mode",
        ))
        .await
        .expect("a setting answers")
        .expect("with a row");
    assert_eq!(
        row.try_get_by_index::<String>(0).expect("text"),
        "force_custom_plan",
        "a generic plan would scan the trigram indexes whole for a two-character search"
    );
    pg.finish().await;
}

#[tokio::test]
async fn a_bad_url_is_a_clear_error() {
    let err = db::open("mysql://root@localhost/x")
        .await
        .expect_err("MySQL is not supported");
    assert!(
        err.to_string().contains("sqlite:// or postgres://"),
        "says what to use instead: {err}"
    );
    let err = db::open("postgres://nobody:secret@127.0.0.1:1/none")
        .await
        .expect_err("nothing listens on port 1");
    assert!(
        !err.to_string().contains("secret"),
        "the password never appears in an error: {err}"
    );
}
