//! Signing in, the first owner, and the owner's staff page through the shell.

use serde_json::{json, Value};
use tikbill_api::command::{
    AddStaff, ChangeOwnPassword, CreateOwner, DisableStaff, EnableStaff, GetSession, ListStaff,
    ResetStaffPassword, SetStaffRole, SignIn, SignOut,
};
use tikbill_api::{SessionView, StaffRole, StaffView};

use crate::harness::{Shell, OWNER, OWNER_PASSWORD};

#[test]
fn the_first_start_asks_for_the_owner_then_signs_them_in() {
    let shell = Shell::first_start();
    let first: SessionView = shell.ok::<GetSession>(json!({}));
    assert!(first.needs_owner);
    assert_eq!(first.staff, None);
    assert_eq!(first.idle_lock_minutes, 15);
    let short = shell
        .invoke::<CreateOwner>(json!({ "input": {
            "username": "budi", "name": "Budi", "password": "short"
        } }))
        .expect_err("a short password is refused");
    assert_eq!(short["code"], "validation", "{short}");
    assert_eq!(short["fields"][0]["field"], "password", "{short}");
    let made: SessionView = shell.ok::<CreateOwner>(json!({ "input": {
        "username": "Budi", "name": "Budi", "password": "budi-password-1"
    } }));
    assert!(!made.needs_owner);
    let owner = made.staff.expect("the owner is signed in");
    assert_eq!(
        (owner.username.as_str(), owner.role),
        ("budi", StaffRole::Owner)
    );
    let again = shell
        .invoke::<CreateOwner>(json!({ "input": {
            "username": "eve", "name": "", "password": "eve-password-12"
        } }))
        .expect_err("only one first owner");
    assert_eq!(again["code"], "conflict", "{again}");
}

#[test]
fn the_owner_adds_edits_disables_and_resets_a_cashier() {
    let shell = Shell::new();
    let sari: StaffView = shell.ok::<AddStaff>(json!({ "input": {
        "username": "sari", "name": "Sari", "role": "cashier", "password": "sari-password-1"
    } }));
    assert_eq!(sari.role, StaffRole::Cashier);
    let all: Vec<StaffView> = shell.ok::<ListStaff>(json!({}));
    let names: Vec<&str> = all.iter().map(|s| s.username.as_str()).collect();
    assert_eq!(names, [OWNER, "sari"]);
    let manager: StaffView = shell.ok::<SetStaffRole>(json!({ "id": sari.id, "input": "manager" }));
    assert_eq!(manager.role, StaffRole::Manager);
    let off: StaffView = shell.ok::<DisableStaff>(json!({ "id": sari.id }));
    assert!(off.disabled);
    let refused = shell
        .invoke::<SignIn>(json!({ "input": { "username": "sari", "password": "sari-password-1" } }))
        .expect_err("a disabled account cannot sign in");
    assert_eq!(refused["code"], "unauthenticated", "{refused}");
    // The failed sign-in signed the owner out: sign back in.
    shell.ok::<SignIn>(json!({ "input": { "username": OWNER, "password": OWNER_PASSWORD } }));
    let on: StaffView = shell.ok::<EnableStaff>(json!({ "id": sari.id }));
    assert!(!on.disabled);
    let reset: StaffView =
        shell.ok::<ResetStaffPassword>(json!({ "id": sari.id, "input": "temporary-pass-1" }));
    assert!(reset.must_change_password);
    // Sari signs in with the temporary password and must choose her own.
    let hers: SessionView = shell
        .ok::<SignIn>(json!({ "input": { "username": "sari", "password": "temporary-pass-1" } }));
    let signed = hers.staff.expect("sari is signed in");
    assert!(signed.must_change_password);
    // Until she has, the temporary password opens nothing else, even a forged call.
    for (cmd, args) in [
        ("list_profiles", json!({})),
        ("office_settings", json!({})),
        ("list_staff", json!({})),
    ] {
        let err = shell.invoke_named(cmd, args).expect_err("refused");
        assert_eq!(err["code"], "forbidden", "{cmd}: {err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Choose your own password first"),
            "{cmd}: {err}"
        );
    }
    let changed: SessionView = shell.ok::<ChangeOwnPassword>(json!({ "input": {
        "current_password": "temporary-pass-1", "password": "sari-own-password"
    } }));
    assert!(!changed.staff.expect("still signed in").must_change_password);
    let _: Value = shell
        .invoke_named("list_profiles", json!({}))
        .expect("now she may");
    let out: SessionView = shell.ok::<SignOut>(json!({}));
    assert_eq!(out.staff, None);
}

#[test]
fn wrong_passwords_make_the_account_wait_and_say_how_long() {
    let shell = Shell::new();
    let wrong = || {
        shell
            .invoke::<SignIn>(json!({ "input": { "username": OWNER, "password": "wrong-pw" } }))
            .expect_err("a wrong password")
    };
    for _ in 0..4 {
        let err = wrong();
        assert_eq!(err["code"], "unauthenticated", "{err}");
    }
    let fifth = wrong();
    assert_eq!(fifth["code"], "too_many_attempts", "{fifth}");
    let err = shell
        .invoke::<SignIn>(json!({ "input": { "username": OWNER, "password": OWNER_PASSWORD } }))
        .expect_err("the account waits, even for the right password");
    assert_eq!(err["code"], "too_many_attempts", "{err}");
    assert_eq!(err["fields"][0]["field"], "retry_after_secs", "{err}");
    assert_eq!(err["fields"][0]["message"], "10", "{err}");
}

#[test]
fn a_role_changed_while_signed_in_counts_at_once() {
    let shell = Shell::signed_in_as(StaffRole::Manager);
    let listed = shell.invoke::<ListStaff>(json!({})).expect_err("a manager");
    assert_eq!(listed["code"], "forbidden", "{listed}");
    let session: SessionView = shell.ok::<GetSession>(json!({}));
    let manager = session.staff.expect("the manager is signed in");
    // Meanwhile, in another office on the same database, the owner makes them a viewer...
    let elsewhere = shell.elsewhere();
    tauri::async_runtime::block_on(tikbill_core::staff::set_role(
        &elsewhere,
        manager.id,
        StaffRole::Viewer,
    ))
    .expect("the role changes");
    let err = shell
        .invoke::<SetStaffRole>(json!({ "id": manager.id, "input": "owner" }))
        .expect_err("not even a manager any more");
    assert_eq!(err["code"], "forbidden", "{err}");
    // ...then disables the account: the session is over.
    tauri::async_runtime::block_on(tikbill_core::staff::disable(&elsewhere, manager.id))
        .expect("the account is disabled");
    let err = shell
        .invoke::<ListStaff>(json!({}))
        .expect_err("signed out");
    assert_eq!(err["code"], "unauthenticated", "{err}");
    let session: SessionView = shell.ok::<GetSession>(json!({}));
    assert_eq!(session.staff, None);
}

#[test]
fn after_the_account_is_disabled_elsewhere_someone_else_signs_in() {
    let shell = Shell::new();
    let dewi: StaffView = shell.ok::<AddStaff>(json!({ "input": {
        "username": "dewi", "name": "Dewi", "role": "owner", "password": "dewi-password-1"
    } }));
    let session: SessionView = shell.ok::<GetSession>(json!({}));
    let owner = session.staff.expect("the owner");
    tauri::async_runtime::block_on(tikbill_core::staff::disable(&shell.elsewhere(), owner.id))
        .expect("disabled elsewhere");
    let err = shell
        .invoke::<ListStaff>(json!({}))
        .expect_err("signed out");
    assert_eq!(err["code"], "unauthenticated", "{err}");
    let now: SessionView = shell
        .ok::<SignIn>(json!({ "input": { "username": "dewi", "password": "dewi-password-1" } }));
    assert_eq!(now.staff.map(|s| s.id), Some(dewi.id));
}
