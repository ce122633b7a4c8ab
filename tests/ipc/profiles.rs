use serde_json::{json, Value};
use tikbill_api::command::{CreateProfile, DeleteProfile, ListProfiles, UpdateProfile};
use tikbill_api::{ApiError, ErrorCode, ProfileView};

use crate::harness::Shell;

fn form(name: &str, price: &str) -> Value {
    json!({
        "name": name, "rate_limit": "10M/5M", "price": price, "currency": "IDR",
        "duration_value": "30", "duration_unit": "days", "data_limit": "", "shared_users": "1"
    })
}

fn api_error(value: Value) -> ApiError {
    serde_json::from_value(value).expect("errors reach the UI as {code, message, fields}")
}

#[test]
fn create_list_update_delete_through_the_commands() {
    let shell = Shell::new();
    let created: ProfileView =
        shell.ok::<CreateProfile>(json!({ "input": form("Home 10M", "150000") }));
    assert_eq!(
        (created.name.as_str(), created.rate_limit.as_str()),
        ("Home 10M", "10M/5M")
    );

    let listed: Vec<ProfileView> = shell.ok::<ListProfiles>(json!({}));
    assert_eq!(
        listed,
        vec![created.clone()],
        "the list shows what was created"
    );

    let updated: ProfileView =
        shell.ok::<UpdateProfile>(json!({ "id": created.id, "input": form("Home 20M", "200000") }));
    assert_eq!(
        (updated.id, updated.name.as_str(), updated.price.as_str()),
        (created.id, "Home 20M", "200000")
    );

    let deleted = shell
        .invoke::<DeleteProfile>(json!({ "id": created.id }))
        .expect("delete");
    assert_eq!(deleted, Value::Null, "delete answers nothing");
    let listed: Vec<ProfileView> = shell.ok::<ListProfiles>(json!({}));
    assert!(listed.is_empty());
}

#[test]
fn validation_errors_carry_code_message_and_fields() {
    let shell = Shell::new();
    let raw = shell
        .invoke::<CreateProfile>(json!({ "input": form("Bad", "-1") }))
        .expect_err("a negative price is refused");
    assert_eq!(raw["code"], "validation", "stable code for the UI: {raw}");
    let err = api_error(raw);
    assert_eq!(
        err.message,
        "The profile was not saved: The amount cannot be negative"
    );
    assert_eq!(err.field("price"), Some("The amount cannot be negative"));
    let listed: Vec<ProfileView> = shell.ok::<ListProfiles>(json!({}));
    assert!(listed.is_empty(), "nothing was saved");
}

#[test]
fn conflicts_and_missing_records_have_their_codes() {
    let shell = Shell::new();
    let _: ProfileView = shell.ok::<CreateProfile>(json!({ "input": form("Home", "1") }));
    let dup = api_error(
        shell
            .invoke::<CreateProfile>(json!({ "input": form("Home", "1") }))
            .expect_err("dup"),
    );
    assert_eq!(dup.code, ErrorCode::Conflict);
    let gone = api_error(
        shell
            .invoke::<DeleteProfile>(json!({ "id": 4242 }))
            .expect_err("missing"),
    );
    assert_eq!(gone.code, ErrorCode::NotFound);
    assert_eq!(
        gone.message,
        "Profile #4242 does not exist (it may have been deleted)."
    );
}

#[test]
fn malformed_arguments_are_refused_without_a_crash() {
    let shell = Shell::new();
    let err = shell
        .invoke::<DeleteProfile>(json!({ "id": "not-a-number" }))
        .expect_err("a string id is refused by the shell");
    assert!(err.to_string().contains("id"), "says which argument: {err}");
    let err = shell
        .invoke::<CreateProfile>(json!({}))
        .expect_err("missing input");
    assert!(
        err.to_string().contains("input"),
        "says which argument: {err}"
    );
}
