//! Roles against the permission table, through the shell: every declared command is called by
//! every role (and by nobody), and the answer agrees with the command's declared access. A
//! refused call is `forbidden` (`unauthenticated` with nobody signed in); an allowed one may
//! fail for its own reasons (an id no row has), never for the caller's role.

use serde_json::{json, Value};
use tikbill_api::command::{Command, GetSession, SignIn, SignOut, UpdateRouter, ACCESS};
use tikbill_api::{Access, SessionView, StaffRole};

use crate::harness::{Shell, OWNER, OWNER_PASSWORD};

/// An id no row has.
const NONE: i64 = 987_654;

/// Arguments of the right shape for `name` (so the call reaches the core, not the parser).
fn sample(name: &str) -> Value {
    let profile = json!({
        "name": "Home", "rate_limit": "10M/5M", "price": "1", "currency": "IDR",
        "duration_value": "30", "duration_unit": "days", "data_limit": "", "shared_users": "1"
    });
    let router = json!({
        "name": "Tower", "host": "127.0.0.1", "port": "1", "use_tls": false,
        "username": "billing", "password": "pw"
    });
    let customer = json!({
        "username": "ayu", "password": "rahasia", "full_name": "Ayu", "phone": "", "email": "",
        "service_type": "hotspot", "router_id": NONE, "profile_id": NONE
    });
    let staff = json!({
        "username": "dewi", "name": "Dewi", "role": "cashier", "password": "dewi-password-1"
    });
    match name {
        "app_info" | "list_profiles" | "list_routers" | "check_routers" | "router_queues"
        | "office_settings" | "agent_jobs" | "session" | "sign_out" | "list_staff"
        | "audit_chain" | "audit_people" | "current_shift" | "receipt_settings" => json!({}),
        "list_payments" | "list_shifts" | "payment_totals" => json!({ "input": {} }),
        "export_payments" => json!({ "input": { "from": "2001-01-01", "to": "2001-01-01" } }),
        "get_payment" | "customer_credit" | "print_shift_report" => json!({ "id": NONE }),
        "record_payment" => json!({ "input": {
            "customer_id": NONE, "amount": "1", "currency": "IDR", "method": "card"
        } }),
        "assign_payment" => json!({ "id": NONE, "customerId": NONE }),
        "reverse_payment" => json!({ "id": NONE, "input": "a test" }),
        "print_receipt" => json!({ "input": { "payment_id": NONE } }),
        "apply_payment" | "customer_pushes" | "get_delivery" | "process_delivery" => {
            json!({ "id": NONE })
        }
        "request_mpesa_push" => json!({ "input": { "customerId": NONE, "periods": 1 } }),
        "list_deliveries" => json!({ "input": {} }),
        "relay_settings" | "register_mpesa_urls" => json!({}),
        // Nothing set: an allowed save clears what was never set.
        "save_relay_settings" => json!({ "input": {} }),
        "open_shift" => json!({ "input": { "float": "0", "currency": "IDR" } }),
        "close_shift" => json!({ "input": { "shift_id": NONE, "counted": "0" } }),
        "save_receipt_settings" => json!({ "input": { "office_name": "Net" } }),
        "set_office_logo" => json!({ "input": {} }),
        "audit_log" => json!({ "input": { "entity_kind": "router" } }),
        // A day with no entries: an allowed export writes a file with the header only.
        "export_audit" => json!({ "input": { "from": "2001-01-01", "to": "2001-01-01" } }),
        "get_customer" | "delete_customer" | "activate_customer" | "disable_customer"
        | "enable_customer" | "customer_router" | "kick_customer" | "delete_profile"
        | "delete_router" | "test_router" | "router_log" | "import_from_router"
        | "disable_staff" | "enable_staff" => json!({ "id": NONE }),
        "create_profile" => json!({ "input": profile }),
        "update_profile" => json!({ "id": NONE, "input": profile }),
        "create_router" | "try_router" => json!({ "input": router }),
        "update_router" => json!({ "id": NONE, "input": router }),
        "trust_router_certificate" => {
            json!({ "input": { "router_id": NONE, "fingerprint": "AA" } })
        }
        "choose_secret_store" => json!({ "kind": "file" }),
        "list_customers" => json!({ "filter": { "search": "", "page": 1, "page_size": 10 } }),
        "create_customer" => json!({ "input": customer }),
        "update_customer" => json!({ "id": NONE, "input": customer }),
        "activate_customers" => json!({ "ids": [NONE] }),
        "extend_customer" => json!({ "id": NONE, "input": null }),
        "sync_router" => json!({ "id": NONE, "dryRun": true }),
        "failed_jobs" | "retry_failed_jobs" => json!({ "scope": { "router": NONE } }),
        "import_customers_csv" => {
            json!({ "input": { "router_id": NONE, "csv": "username,password\nayu,x\n" } })
        }
        "save_office_settings" => {
            json!({ "input": { "time_zone": "Asia/Jakarta", "idle_lock_minutes": 15 } })
        }
        "create_owner" => json!({ "input": {
            "username": "second", "name": "", "password": "second-password-1"
        } }),
        "sign_in" => json!({ "input": { "username": OWNER, "password": OWNER_PASSWORD } }),
        "change_own_password" => json!({ "input": {
            "current_password": "not-my-password", "password": "a-new-password-1"
        } }),
        "add_staff" => json!({ "input": staff }),
        "set_staff_role" => json!({ "id": NONE, "input": "viewer" }),
        "reset_staff_password" => json!({ "id": NONE, "input": "temporary-pass-1" }),
        "list_voucher_batches" | "refresh_vouchers" | "dashboard_figures" => json!({}),
        "generate_vouchers" => json!({ "input": {
            "profile_id": NONE, "count": 1, "router_ids": [NONE]
        } }),
        "list_vouchers" => json!({ "input": {} }),
        "voucher_history" => json!({ "input": "NOSUCHCARD" }),
        "issue_vouchers" => json!({ "input": {
            "batch_id": NONE, "from_serial": 1, "to_serial": 1, "staff_id": NONE
        } }),
        "sell_vouchers" => json!({ "input": { "codes": ["NOSUCHCARD"], "method": "cash" } }),
        "return_vouchers" | "revoke_vouchers" => json!({ "input": { "codes": ["NOSUCHCARD"] } }),
        "redeem_voucher" => json!({ "input": { "code": "NOSUCHCARD", "customer_id": NONE } }),
        "export_vouchers" => json!({ "id": NONE }),
        "preview_vouchers" | "print_vouchers" | "save_vouchers_as" => {
            json!({ "input": { "batch_id": NONE, "layout": "a4" } })
        }
        "open_exported_file" => json!({ "input": "/etc/passwd" }),
        "set_router_hotspot" => json!({ "id": NONE, "input": "10.5.50.1" }),
        "dashboard_charts" => json!({ "input": "dark" }),
        "run_report" | "export_report_csv" | "print_report" => json!({ "input": {
            "kind": "revenue", "from": "2001-01-01", "to": "2001-01-01"
        } }),
        "list_daily_reports" | "list_notifications" => json!({}),
        "daily_report_pdf" => json!({ "input": "2001-01-01" }),
        "mark_notifications_read" => json!({ "input": null }),
        "alert_settings" => json!({}),
        "save_alert_settings" => json!({ "input": { "payments_received": false } }),
        "sms_settings" | "sms_reminders" => json!({}),
        // Off: an allowed save keeps the defaults.
        "save_sms_settings" => json!({ "input": {
            "enabled": false, "daysBefore": "1", "provider": "africas_talking", "template": "Hi {name}"
        } }),
        "expiring_customers" => json!({ "input": 7 }),
        other => panic!("no sample arguments for '{other}': add them to this test"),
    }
}

/// The error code of a refused call, if it was refused.
fn code(answer: &Result<Value, Value>) -> Option<String> {
    answer.as_ref().err().map(|e| {
        e["code"]
            .as_str()
            .unwrap_or("(not an ApiError)")
            .to_string()
    })
}

/// Calls every command as `role` (`None`: nobody signed in) and checks each answer against the
/// command's declared access; returns what was checked, for the case to see.
fn walk(role: Option<StaffRole>) -> Vec<(String, Option<String>)> {
    let shell = match role {
        Some(role) => Shell::signed_in_as(role),
        None => {
            let shell = Shell::new();
            shell.ok::<SignOut>(json!({}));
            shell
        }
    };
    let password = |role: StaffRole| match role {
        StaffRole::Owner => OWNER_PASSWORD.to_string(),
        other => format!("{}-password-1", other.as_str()),
    };
    let mut seen = Vec::new();
    for (name, access) in ACCESS {
        let answer = shell.invoke_named(name, sample(name));
        let refusal = code(&answer);
        let refused_for_role = matches!(
            refusal.as_deref(),
            Some("forbidden") | Some("unauthenticated")
        );
        // Signing in with the owner's password is allowed to anyone, and succeeds.
        if access.allows(role) {
            assert!(
                !refused_for_role,
                "{role:?} may call {name} ({access:?}) but was refused: {answer:?}"
            );
        } else {
            let expected = if role.is_some() {
                "forbidden"
            } else {
                "unauthenticated"
            };
            assert_eq!(
                refusal.as_deref(),
                Some(expected),
                "{role:?} may not call {name} ({access:?}): {answer:?}"
            );
        }
        seen.push((name.to_string(), refusal));
        // Put the session back as it was: some commands sign in or out.
        let now: SessionView = shell.ok::<GetSession>(json!({}));
        let who = now.staff.map(|s| s.role);
        if who != role {
            match role {
                Some(role) => {
                    let username = if role == StaffRole::Owner {
                        OWNER
                    } else {
                        role.as_str()
                    };
                    shell.ok::<SignIn>(json!({ "input": {
                        "username": username, "password": password(role)
                    } }));
                }
                None => {
                    shell.ok::<SignOut>(json!({}));
                }
            }
        }
    }
    seen
}

#[test]
fn every_command_answers_every_role_as_the_permission_table_says() {
    for role in StaffRole::ALL {
        let seen = walk(Some(role));
        assert_eq!(seen.len(), ACCESS.len(), "{role:?} called every command");
    }
}

#[test]
fn with_nobody_signed_in_only_what_anyone_may_do_answers() {
    let seen = walk(None);
    let answered: Vec<&str> = seen
        .iter()
        .filter(|(_, refusal)| refusal.as_deref() != Some("unauthenticated"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        answered,
        ["app_info", "session", "create_owner", "sign_in", "sign_out"],
        "all else needs a sign-in"
    );
}

#[test]
fn a_cashier_calling_owner_only_commands_is_forbidden() {
    let shell = Shell::signed_in_as(StaffRole::Cashier);
    let owner_only: Vec<&str> = ACCESS
        .iter()
        .filter(|(_, access)| matches!(access, Access::Needs(p) if p.roles() == [StaffRole::Owner]))
        .map(|(name, _)| *name)
        .collect();
    assert!(owner_only.contains(&"add_staff"), "{owner_only:?}");
    for name in owner_only {
        let err = shell.invoke_named(name, sample(name)).expect_err("refused");
        assert_eq!(err["code"], "forbidden", "{name}: {err}");
    }
    // A forged call to edit a router (the Routers page offers a cashier no edit).
    let err = shell
        .invoke::<UpdateRouter>(sample(UpdateRouter::NAME))
        .expect_err("a cashier may not edit routers");
    assert_eq!(err["code"], "forbidden", "{err}");
    assert_eq!(
        err["message"],
        "A cashier may not change routers: ask an owner or a manager."
    );
}
