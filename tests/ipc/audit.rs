//! The audit page through the shell: pages, filters, the chain's state, the people filter and
//! the CSV export.

use serde_json::json;
use tikbill_api::command::{AuditChain, AuditLog, AuditPeople, ExportAudit, SignIn, SignOut};
use tikbill_api::{AuditPage, ChainState, StaffRole, StaffView};

use crate::harness::{Shell, OWNER, OWNER_PASSWORD};

#[test]
fn the_owner_reads_filters_verifies_and_exports_the_log() {
    let shell = Shell::new();
    // A sign-out and a sign-in, each an entry.
    shell.ok::<SignOut>(json!({}));
    shell.ok::<SignIn>(json!({ "input": { "username": OWNER, "password": OWNER_PASSWORD } }));
    let page: AuditPage = shell.ok::<AuditLog>(json!({ "input": {} }));
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"staff.sign_out"), "{actions:?}");
    assert!(
        page.entries.iter().all(|e| e.origin.starts_with("app on ")),
        "every entry says where it came from: {:?}",
        page.entries
    );
    let people: Vec<StaffView> = shell.ok::<AuditPeople>(json!({}));
    let owner = people
        .iter()
        .find(|p| p.username == OWNER)
        .expect("the owner");
    let mine: AuditPage =
        shell.ok::<AuditLog>(json!({ "input": { "staff_id": owner.id, "limit": 1 } }));
    assert_eq!(mine.entries.len(), 1);
    assert_eq!(mine.entries[0].staff_id, Some(owner.id));
    let bad = shell
        .invoke::<AuditLog>(json!({ "input": { "from": "26/11/2026" } }))
        .expect_err("a date that is not YYYY-MM-DD");
    assert_eq!(bad["code"], "validation", "{bad}");
    assert_eq!(bad["fields"][0]["field"], "from", "{bad}");
    let chain: ChainState = shell.ok::<AuditChain>(json!({}));
    assert!(
        matches!(chain, ChainState::Intact { entries } if entries >= 1),
        "{chain:?}"
    );
    let said: String = shell.ok::<ExportAudit>(json!({ "input": {} }));
    let file = std::fs::read_dir(shell.export_dir())
        .expect("the export folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("a CSV file");
    assert!(said.contains(&file.display().to_string()), "{said}");
    let text = std::fs::read_to_string(&file).expect("the CSV");
    assert!(text.starts_with("id,at,actor,origin,action,entity_kind,entity_id,before,after"));
    assert!(text.contains("staff.sign_out"), "{text}");
}

#[test]
fn a_cashier_may_not_read_the_log_and_no_file_is_written() {
    let shell = Shell::signed_in_as(StaffRole::Cashier);
    for cmd in ["audit_log", "export_audit", "audit_chain", "audit_people"] {
        let err = shell
            .invoke_named(cmd, json!({ "input": {} }))
            .expect_err("a cashier");
        assert_eq!(err["code"], "forbidden", "{cmd}: {err}");
    }
    assert!(
        std::fs::read_dir(shell.export_dir()).map_or(true, |d| d.count() == 0),
        "nothing exported"
    );
}
