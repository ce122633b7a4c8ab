use serde_json::{json, Value};
use tikbill_api::command::{
    CheckRouters, CreateRouter, DeleteRouter, ListRouters, RouterLog, TestRouter,
    TrustRouterCertificate, TryRouter, UpdateRouter,
};
use tikbill_api::{ApiError, ErrorCode, RouterCheck, RouterLogView, RouterStatus, RouterView};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::harness::Shell;

fn router(name: &str, port: u16, password: Option<&str>) -> Value {
    json!({ "input": {
        "name": name, "host": "127.0.0.1", "port": port.to_string(), "use_tls": false,
        "username": "billing", "password": password
    }})
}

#[test]
fn add_test_and_check_a_router_through_the_commands() {
    let mut config = EmulatorConfig::new("billing", "pw");
    config.identity = "Tower-1".into();
    let emulator = tauri::async_runtime::block_on(Emulator::start(config)).expect("emulator");
    let port = emulator.address().port();
    let shell = Shell::new();

    let created: RouterView = shell.ok::<CreateRouter>(router("Tower 1", port, Some("pw")));
    assert_eq!(created.status, RouterStatus::Unknown, "not checked yet");

    let check: RouterCheck = shell.ok::<TestRouter>(json!({ "id": created.id }));
    let report = check
        .report
        .unwrap_or_else(|| panic!("the emulator answers: {:?}", check.error));
    assert_eq!(report.identity, "Tower-1");

    let listed: Vec<RouterView> = shell.ok::<ListRouters>(json!({}));
    assert_eq!(
        listed[0].status,
        RouterStatus::Online,
        "the test's outcome is stored"
    );
    assert!(listed[0].last_seen_at.is_some());

    let log: Vec<RouterLogView> = shell.ok::<RouterLog>(json!({ "id": created.id }));
    assert_eq!(
        log.len(),
        3,
        "login, identity and resource were logged: {log:?}"
    );

    let _: RouterView = shell.ok::<UpdateRouter>(json!({ "id": created.id, "input": {
        "name": "Tower 1", "host": "127.0.0.1", "port": port.to_string(), "use_tls": false,
        "username": "billing", "password": "wrong" }}));
    let checks: Vec<RouterCheck> = shell.ok::<CheckRouters>(json!({}));
    assert_eq!(
        checks[0].error.as_deref(),
        Some("The router rejected the user name or password. Check the API user's credentials in the router settings."),
        "the new password is used"
    );

    let (): () = shell.ok::<DeleteRouter>(json!({ "id": created.id }));
    let listed: Vec<RouterView> = shell.ok::<ListRouters>(json!({}));
    assert!(listed.is_empty());
    tauri::async_runtime::block_on(emulator.stop());
}

#[test]
fn a_bad_router_form_names_its_fields() {
    let shell = Shell::new();
    let raw = shell
        .invoke::<CreateRouter>(json!({ "input": {
            "name": "", "host": "10.0.0.1/24", "port": "99999", "use_tls": false, "username": "x", "password": null }}))
        .expect_err("refused");
    let err: ApiError = serde_json::from_value(raw).expect("{code, message, fields}");
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "host", "port"]);
    let missing = shell
        .invoke::<TestRouter>(json!({ "id": 77 }))
        .expect_err("no such router");
    assert_eq!(missing["code"], "not_found");
}

#[test]
fn a_changed_certificate_is_accepted_through_its_command() {
    let shell = Shell::new();
    let created: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Tower TLS", "host": "127.0.0.1", "port": "", "use_tls": true,
        "username": "billing", "password": "pw"
    }}));
    let fingerprint = "ab".repeat(32);
    let trusted: RouterView = shell.ok::<TrustRouterCertificate>(
        json!({ "input": { "router_id": created.id, "fingerprint": fingerprint } }),
    );
    assert_eq!(trusted.tls_fingerprint, Some(fingerprint));
    let refused = shell
        .invoke::<TrustRouterCertificate>(
            json!({ "input": { "router_id": created.id, "fingerprint": "abc" } }),
        )
        .expect_err("not a fingerprint");
    assert_eq!(refused["code"], "validation");
    assert_eq!(refused["fields"][0]["field"], "fingerprint");
}

#[test]
fn the_router_form_test_reaches_an_unsaved_router() {
    let emulator =
        tauri::async_runtime::block_on(Emulator::start(EmulatorConfig::new("billing", "pw")))
            .expect("emulator");
    let shell = Shell::new();
    let port = emulator.address().port();
    let trial: tikbill_api::RouterTrial = shell.ok::<TryRouter>(json!({ "input": {
        "name": "", "host": "127.0.0.1", "port": port.to_string(), "use_tls": false,
        "username": "billing", "password": "pw"
    }}));
    assert_eq!((trial.use_tls, trial.port), (false, port), "{trial:?}");
    assert!(trial.report.is_some(), "{trial:?}");
    assert!(
        trial.note.contains("unencrypted"),
        "plain API says why it matters: {}",
        trial.note
    );
}
