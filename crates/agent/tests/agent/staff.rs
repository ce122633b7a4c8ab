//! `tikbill-agent staff add | list | disable | reset-password`, run for real on SQLite in a
//! temporary data directory and on a scratch PostgreSQL database.

use chrono::Utc;
use sea_orm::DatabaseConnection;
use tikbill_core::scratch_postgres::ScratchPostgres;
use tikbill_core::{db, staff, FixedClock};

use crate::support::{AgentCli, Password};

const OWNER_PASSWORD: &str = "owner-pw-51a9e0";
const CASHIER_PASSWORD: &str = "cashier-pw-c27d4";
const TEMPORARY: &str = "temporary-pw-88f1";

/// Signs in through the core on the agent's database: "ok" and whether the password must be
/// changed, or the refusal's words.
async fn sign_in(db: &DatabaseConnection, user: &str, password: &str) -> Result<bool, String> {
    let ctx = tikbill_core::test_context::context(db, &FixedClock::at(Utc::now()));
    staff::sign_in(&ctx, user, password)
        .await
        .map(|signed| signed.staff.must_change_password)
        .map_err(|e| e.to_string())
}

/// Every file in the data directory as bytes (the database and its journal).
fn data_files(agent: &AgentCli) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(agent.data_dir())
        .expect("the data directory")
        .map(|e| e.expect("a directory entry").path())
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).unwrap_or_default(),
            )
        })
        .collect()
}

/// The whole round: add (stdin and environment), list, disable, reset-password; the accounts
/// are then checked by signing in through the core on the same database.
async fn staff_commands_round_trip(
    agent: &AgentCli,
    db: impl AsyncFnOnce() -> DatabaseConnection,
    label: &str,
) {
    let added = agent
        .run_staff(
            &[
                "staff",
                "add",
                "--user",
                "Budi",
                "--role",
                "owner",
                "--name",
                "Budi Santoso",
            ],
            Password::Stdin(OWNER_PASSWORD),
        )
        .await;
    assert!(
        added.stderr.contains("Added staff account 'budi' (owner)."),
        "{label}: a line for people: {added:?}"
    );
    let owner = added.json("staff add with the password on stdin");
    assert_eq!(
        (
            owner["username"].as_str(),
            owner["name"].as_str(),
            owner["role"].as_str()
        ),
        (Some("budi"), Some("Budi Santoso"), Some("owner")),
        "{label}: {owner}"
    );
    agent
        .run_staff(
            &["staff", "add", "--user", "ayu", "--role", "cashier"],
            Password::Env(CASHIER_PASSWORD),
        )
        .await
        .json("staff add with the password in TIKBILL_STAFF_PASSWORD");

    let listed = agent.run_staff(&["staff", "list"], Password::Missing).await;
    let accounts = listed.json("staff list");
    let accounts = accounts.as_array().expect("a JSON array");
    let seen: Vec<(&str, &str, bool)> = accounts
        .iter()
        .map(|a| {
            (
                a["username"].as_str().unwrap_or("?"),
                a["role"].as_str().unwrap_or("?"),
                a["disabled"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [("ayu", "cashier", false), ("budi", "owner", false)],
        "{label}"
    );
    let mut keys: Vec<&str> = accounts[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "created_at",
            "disabled",
            "id",
            "must_change_password",
            "name",
            "role",
            "username"
        ],
        "{label}: the view and nothing else"
    );
    for never in ["argon2", "hash", OWNER_PASSWORD, CASHIER_PASSWORD] {
        assert!(
            !listed.stdout.contains(never),
            "{label}: '{never}' in {}",
            listed.stdout
        );
    }

    let disabled = agent
        .run_staff(&["staff", "disable", "--user", "ayu"], Password::Missing)
        .await;
    assert!(
        disabled
            .stderr
            .contains("Disabled staff account 'ayu': it can no longer sign in."),
        "{label}: {disabled:?}"
    );
    assert_eq!(disabled.json("staff disable")["disabled"], true, "{label}");
    agent
        .run_staff(&["staff", "disable", "--user", "budi"], Password::Missing)
        .await
        .failed_with_1("disabling the only owner", "'budi' is the only owner");
    agent
        .run_staff(&["staff", "disable", "--user", "nobody"], Password::Missing)
        .await
        .failed_with_1(
            "disabling an unknown account",
            "There is no staff account 'nobody'.",
        );
    let listed = agent
        .run_staff(&["staff", "list"], Password::Missing)
        .await
        .json("staff list");
    assert_eq!(
        (
            listed[0]["username"].as_str(),
            listed[0]["disabled"].as_bool()
        ),
        (Some("ayu"), Some(true)),
        "{label}: a disabled account stays listed: {listed}"
    );

    let reset = agent
        .run_staff(
            &["staff", "reset-password", "--user", "budi"],
            Password::Stdin(TEMPORARY),
        )
        .await;
    assert_eq!(
        reset.json("staff reset-password")["must_change_password"],
        true,
        "{label}"
    );
    agent
        .run_staff(
            &["staff", "reset-password", "--user", "budi"],
            Password::Stdin("short"),
        )
        .await
        .failed_with_1(
            "a short temporary password",
            "A password needs at least 10 characters (this one has 5).",
        );

    let db = db().await;
    assert_eq!(
        sign_in(&db, "budi", TEMPORARY).await,
        Ok(true),
        "{label}: the temporary password signs in and must be changed"
    );
    assert_eq!(
        sign_in(&db, "budi", OWNER_PASSWORD).await,
        Err("The user name or password is wrong.".into()),
        "{label}: the old password is gone"
    );
    assert_eq!(
        sign_in(&db, "ayu", CASHIER_PASSWORD).await,
        Err("The account 'ayu' is disabled: an owner can enable it again.".into()),
        "{label}: the password from the environment was kept, and the account is disabled"
    );
    let _ = db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_add_list_disable_and_reset_password_on_sqlite() {
    let agent = AgentCli::new();
    let dir = agent.data_dir().to_path_buf();
    staff_commands_round_trip(
        &agent,
        async || {
            db::open(&db::sqlite_url(&dir))
                .await
                .expect("the agent's SQLite database")
        },
        "sqlite",
    )
    .await;
    for (path, bytes) in data_files(&agent) {
        for password in [OWNER_PASSWORD, CASHIER_PASSWORD, TEMPORARY] {
            assert!(
                !bytes
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "no staff password in {path}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_add_list_disable_and_reset_password_on_postgresql() {
    let Some(scratch) = ScratchPostgres::create("tikbill_agent")
        .await
        .expect("a scratch PostgreSQL database")
    else {
        return;
    };
    let url = scratch.url().to_string();
    let agent = AgentCli::on_database(&url);
    staff_commands_round_trip(
        &agent,
        async || db::open(&url).await.expect("the scratch database"),
        "postgres",
    )
    .await;
    scratch
        .drop_database()
        .await
        .expect("drop the scratch database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_role_or_password_is_one_line_and_exit_status_1() {
    let agent = AgentCli::new();
    agent
        .run_staff(
            &["staff", "add", "--user", "ayu", "--role", "boss"],
            Password::Stdin(CASHIER_PASSWORD),
        )
        .await
        .failed_with_1(
            "an unknown role",
            "tikbill-agent: 'boss' is not a staff role: use owner, manager, cashier, viewer.",
        );
    agent
        .run_staff(
            &["staff", "add", "--user", "ayu", "--role", "cashier"],
            Password::Stdin("123456789"),
        )
        .await
        .failed_with_1(
            "a short password",
            "A password needs at least 10 characters (this one has 9).",
        );
    agent
        .run_staff(
            &["staff", "add", "--user", "ayu", "--role", "cashier"],
            Password::Missing,
        )
        .await
        .failed_with_1(
            "no password",
            "No staff password was given: set TIKBILL_STAFF_PASSWORD",
        );
    agent
        .run_staff(
            &["staff", "add", "--user", "ayu", "--role", "cashier"],
            Password::Env(CASHIER_PASSWORD),
        )
        .await
        .json("the same account, right this time");
    agent
        .run_staff(
            &["staff", "add", "--user", "AYU", "--role", "viewer"],
            Password::Env(CASHIER_PASSWORD),
        )
        .await
        .failed_with_1(
            "a taken user name",
            "There is already a staff account 'ayu'.",
        );
}
