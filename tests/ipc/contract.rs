//! The command contract itself: every command `tikbill_api::command` declares is registered in
//! the shell, and exercised by a test in this folder.

use serde_json::{json, Value};
use tikbill_api::command::{ALL, TYPE_NAMES};

use crate::harness::Shell;

/// Tauri's answer to a name no handler is registered under names the command and says so.
fn is_unregistered(answer: &Result<Value, Value>, name: &str) -> bool {
    match answer {
        Err(Value::String(text)) => text.contains(name) && text.contains("not found"),
        _ => false,
    }
}

#[test]
fn every_declared_command_is_registered_in_the_shell() {
    let shell = Shell::new();
    let control = shell.invoke_named("no_such_command", json!({}));
    assert!(
        is_unregistered(&control, "no_such_command"),
        "the check recognises an unregistered command: {control:?}"
    );
    let missing: Vec<&str> = ALL
        .iter()
        .copied()
        // An id no row has: a registered command answers (or refuses) without changing data.
        .filter(|name| {
            let answer = shell.invoke_named(name, json!({ "id": 987_654, "ids": [] }));
            is_unregistered(&answer, name)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "declared but not registered: {missing:?}"
    );
}

#[test]
fn arguments_that_do_not_fit_the_contract_are_a_validation_error() {
    let shell = Shell::new();
    let err = shell
        .invoke_named("get_customer", json!({ "id": "seven" }))
        .expect_err("a text id is refused");
    assert_eq!(err["code"], "validation", "{err}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("The request get_customer was not understood"),
        "{message}"
    );
}

#[test]
fn every_declared_command_is_exercised_by_an_ipc_test() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ipc");
    let mut text = String::new();
    for entry in std::fs::read_dir(&folder).expect("the ipc test folder") {
        let path = entry.expect("an entry").path();
        if path.file_name().is_some_and(|n| n != "contract.rs") {
            text.push_str(&std::fs::read_to_string(&path).expect("a test file"));
        }
    }
    let unexercised: Vec<&str> = TYPE_NAMES
        .iter()
        .filter(|(type_name, _)| {
            !text.contains(&format!("::<{type_name}>("))
                && !text.contains(&format!("{type_name}::NAME"))
        })
        .map(|(_, name)| *name)
        .collect();
    assert!(
        unexercised.is_empty(),
        "declared commands no ipc test invokes: {unexercised:?}"
    );
}
