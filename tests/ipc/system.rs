use serde_json::json;
use tikbill_api::command::GetAppInfo;
use tikbill_api::{AppInfo, DatabaseKind};

use crate::harness::Shell;

#[test]
fn app_info_says_where_the_data_lives() {
    let shell = Shell::new();
    let info: AppInfo = shell.ok::<GetAppInfo>(json!({}));
    assert_eq!(info.database, DatabaseKind::Sqlite);
    assert!(
        info.database_location.ends_with("tikbill.sqlite3"),
        "a file path: {}",
        info.database_location
    );
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn an_unknown_command_is_an_error_not_a_crash() {
    let shell = Shell::new();
    let err = shell
        .invoke_named("no_such_command", json!({}))
        .expect_err("unknown");
    assert!(
        err.to_string().contains("no_such_command"),
        "names the command: {err}"
    );
}
