use serde_json::json;
use tikbill_api::command::{ChooseSecretStore, CreateRouter, GetAppInfo};
use tikbill_api::{AppInfo, DatabaseKind, SecretStoreKind};

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

#[test]
fn choosing_the_owner_only_file_takes_effect_at_once_and_is_remembered() {
    let shell = Shell::new();
    let info = shell.ok::<ChooseSecretStore>(json!({ "kind": "file" }));
    assert_eq!(info.secret_store, SecretStoreKind::File);
    let file = info
        .secret_store_location
        .clone()
        .expect("the file's place is shown");
    assert!(file.ends_with("secrets.json"), "{file}");
    let again = shell.ok::<GetAppInfo>(json!({}));
    assert_eq!(again, info, "Settings shows the store in use now");

    let router = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Tower 1", "host": "10.8.0.2", "port": "", "use_tls": false,
        "username": "billing", "password": "s3cret-pw" }}));
    let text = std::fs::read_to_string(&file).expect("the password went to the file");
    assert!(
        text.contains(&format!("router-{}", router.id)) && text.contains("s3cret-pw"),
        "the new router's password is in the owner-only file: {text}"
    );
    let bad = shell
        .invoke::<ChooseSecretStore>(json!({ "kind": "paper" }))
        .expect_err("no such store");
    assert_eq!(bad["code"], "validation", "{bad}");
}
