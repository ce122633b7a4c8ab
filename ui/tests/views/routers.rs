use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{RouterStatus, RouterView};
use tikbill_ui::pages::routers::RouterTable;

fn router(id: i64, name: &str, status: RouterStatus) -> RouterView {
    RouterView {
        id,
        name: name.into(),
        host: "10.8.0.2".into(),
        port: 8728,
        use_tls: false,
        username: "billing".into(),
        tls_fingerprint: None,
        status,
        last_seen_at: None,
        last_checked_at: None,
        latency_ms: None,
        identity: None,
        routeros_version: None,
        uptime_secs: None,
        cpu_load: None,
        free_memory: None,
        total_memory: None,
        last_error: None,
        customer_count: 0,
        warning: None,
        hotspot_address: None,
    }
}

fn table(list: Vec<RouterView>, busy: Vec<i64>) -> String {
    table_locked(list, busy, false)
}

fn table_locked(list: Vec<RouterView>, busy: Vec<i64>, locked: bool) -> String {
    sycamore::render_to_string(move || {
        let act = || Rc::new(|_: RouterView| {}) as Rc<dyn Fn(RouterView)>;
        view! {
            RouterTable(routers=list, busy=busy, locked=locked, on_test=act(), on_log=act(), on_sync=act(),
                on_import=act(), on_edit=act(), on_delete=act())
        }
    })
}

#[test]
fn each_router_can_be_synced_and_its_users_imported() {
    let html = table(vec![router(4, "Tower 4", RouterStatus::Online)], Vec::new());
    for expected in [
        "id=\"sync-router-4\"",
        "Sync…",
        "id=\"import-router-4\"",
        "Import users",
    ] {
        assert!(
            html.contains(expected),
            "the row offers {expected:?}: {html}"
        );
    }
    let busy = table_locked(
        vec![router(4, "Tower 4", RouterStatus::Online)],
        Vec::new(),
        true,
    );
    for id in ["sync-router-4", "import-router-4"] {
        let at = busy.find(&format!("id=\"{id}\"")).expect("the button");
        let tag = &busy[busy[..at].rfind('<').expect("tag start")
            ..at + busy[at..].find('>').expect("tag end")];
        assert!(
            tag.contains("disabled"),
            "{id} waits while a sync or import runs: {tag}"
        );
    }
}

#[test]
fn online_and_offline_routers_read_at_a_glance() {
    let mut up = router(1, "Tower 1", RouterStatus::Online);
    up.last_seen_at = Some("2026-11-24T08:00:00+00:00".into());
    up.identity = Some("Tower-1".into());
    up.routeros_version = Some("7.16.2 (stable)".into());
    up.uptime_secs = Some(3 * 86_400 + 3_600);
    up.cpu_load = Some(7);
    up.free_memory = Some(192 << 20);
    up.total_memory = Some(256 << 20);
    up.latency_ms = Some(12);
    up.customer_count = 140;
    let mut down = router(2, "Tower 2", RouterStatus::Offline);
    down.last_error = Some("The router did not answer in time while logging in to it.".into());
    let html = table(
        vec![up, down, router(3, "New one", RouterStatus::Unknown)],
        vec![3],
    );
    let rows: [(i64, &[&str]); 3] = [
        (
            1,
            &[
                "badge online",
                "seen 2026-11-24 08:00 UTC",
                "Tower-1 · RouterOS 7.16.2 (stable)",
                "up 3d 1h 0m",
                "CPU 7%, 192 MiB free of 256 MiB",
                "answers in 12 ms",
                ">140<",
                "10.8.0.2:8728",
            ],
        ),
        (
            2,
            &[
                "badge offline",
                "did not answer in time while logging in",
                "seen never",
            ],
        ),
        (3, &["Not checked", "Testing…"]),
    ];
    for (id, expected) in rows {
        let row = row_of(&html, id);
        for text in expected {
            assert!(
                row.contains(text),
                "router {id}'s own row shows {text:?}: {row}"
            );
        }
    }
    let (online, offline, unknown) = (row_of(&html, 1), row_of(&html, 2), row_of(&html, 3));
    assert!(
        !online.contains("badge offline") && !online.contains("Not checked"),
        "the online router's row says nothing of the others' states: {online}"
    );
    assert!(
        !offline.contains("badge online") && !offline.contains("Testing…"),
        "the offline router's row: {offline}"
    );
    assert!(
        !unknown.contains("badge online") && !unknown.contains("badge offline"),
        "the router not checked yet has neither badge: {unknown}"
    );
}

/// The `<tr>` of router `id`, from its opening tag to its `</tr>`.
fn row_of(html: &str, id: i64) -> &str {
    let start = html
        .find(&format!("id=\"router-row-{id}\""))
        .unwrap_or_else(|| panic!("a row for router {id}: {html}"));
    let start = html[..start].rfind("<tr").expect("the row's tag");
    let end = start + html[start..].find("</tr>").expect("the row's end");
    &html[start..end]
}

#[test]
fn a_router_reached_by_plain_api_over_a_public_address_carries_its_warning() {
    let mut exposed = router(4, "Hilltop", RouterStatus::Online);
    exposed.host = "203.0.113.7".into();
    exposed.warning = Some(
        "Reached by plain API over a public address: its password and every customer's \
         password cross the internet unencrypted. Enable api-ssl on the router."
            .into(),
    );
    let safe = router(5, "Tower 1", RouterStatus::Online);
    let html = table(vec![exposed, safe], Vec::new());
    assert!(
        html.contains("id=\"router-warning-4\""),
        "the exposed router's row carries a notice: {html}"
    );
    assert!(
        html.contains("cross the internet unencrypted. Enable api-ssl on the router."),
        "{html}"
    );
    assert!(
        !html.contains("router-warning-5"),
        "a router on a private address has none: {html}"
    );
}

#[test]
fn no_routers_explains_where_passwords_go() {
    let html = table(Vec::new(), Vec::new());
    assert!(
        html.contains("No routers yet") && html.contains("never in the database"),
        "{html}"
    );
}

#[test]
fn no_keyring_offers_an_owner_only_file_instead() {
    use tikbill_api::{ApiError, ErrorCode};
    use tikbill_ui::components::file_store_offer::{offers_file_store, FileStoreOffer};

    let html = sycamore::render_to_string(|| {
        view! { FileStoreOffer(busy=false, on_choose=Rc::new(|| {})) }
    });
    assert!(
        html.contains("id=\"use-file-store\"")
            && html.contains("Keep router passwords in an owner-only file instead"),
        "the way out is a button: {html}"
    );
    assert!(
        offers_file_store(&ApiError::new(ErrorCode::KeyringUnavailable, "no keyring")),
        "offered when the keyring is not available"
    );
    assert!(
        !offers_file_store(&ApiError::new(ErrorCode::Secrets, "the file failed")),
        "not for another password-store failure"
    );
}

#[test]
fn a_router_test_says_which_way_answered_and_why_it_matters() {
    use tikbill_api::{RouterReport, RouterTrial};
    use tikbill_ui::components::notice::Notice;
    use tikbill_ui::pages::routers::describe_trial;

    let report = RouterReport {
        identity: "Tower 1".into(),
        routeros_version: "7.16".into(),
        board_name: "hAP ax2".into(),
        uptime_secs: 60,
        cpu_load: 3,
        free_memory: 1,
        total_memory: 2,
        latency_ms: 4,
    };
    let plain = RouterTrial {
        use_tls: false,
        port: 8728,
        report: Some(report),
        error: None,
        tls_fingerprint: None,
        note: "api-ssl did not answer on port 8729 (refused). Plain API on port 8728 works, but \
               the router's password and every customer's password then cross the network \
               unencrypted: enable api-ssl under IP > Services and test again."
            .into(),
        warning: None,
    };
    match describe_trial(&plain) {
        Notice::Warning(text) => assert!(
            text.starts_with("Reached Tower 1 running RouterOS 7.16 over plain API on port 8728")
                && text.contains("cross the network unencrypted"),
            "{text}"
        ),
        other => panic!("plain API is a warning, not {other:?}"),
    }
}

#[test]
fn a_changed_certificate_asks_the_owner_with_both_fingerprints() {
    use tikbill_api::CertificateChange;
    use tikbill_ui::pages::routers::{grouped, CertificateChangeDialog};

    assert_eq!(
        grouped("ab12cd"),
        "AB:12:CD",
        "pairs, as RouterOS prints them"
    );
    let change = CertificateChange {
        router_id: 4,
        router_name: "Tower 4".into(),
        pinned: "aa".repeat(32),
        presented: "bb".repeat(32),
    };
    let html = sycamore::render_to_string(move || {
        view! {
            CertificateChangeDialog(change=change, busy=false, on_trust=Rc::new(|| {}),
                on_dismiss=Rc::new(|| {}))
        }
    });
    let pinned = vec!["AA"; 32].join(":");
    let presented = vec!["BB"; 32].join(":");
    for expected in [
        "Tower 4 presented a different certificate",
        pinned.as_str(),
        presented.as_str(),
        "someone may be intercepting the connection",
        "Only the office owner should confirm this.",
        "id=\"trust-certificate\"",
        "Trust the new certificate",
        "id=\"keep-refusing\"",
    ] {
        assert!(
            html.contains(expected),
            "the dialog shows {expected:?}: {html}"
        );
    }
    let pinned_at = html.find(pinned.as_str()).expect("the pinned fingerprint");
    let presented_at = html
        .find(presented.as_str())
        .expect("the presented fingerprint");
    assert!(
        pinned_at < presented_at,
        "the trusted fingerprint comes first, then the new one: {html}"
    );
}

#[test]
fn a_cashier_sees_routers_without_edit_remove_sync_or_import() {
    let html = sycamore::render_to_string(|| {
        let act = || Rc::new(|_: RouterView| {}) as Rc<dyn Fn(RouterView)>;
        view! {
            RouterTable(routers=vec![router(4, "Tower 4", RouterStatus::Online)], busy=Vec::new(),
                on_test=act(), on_log=act(), on_sync=act(), on_import=act(), on_edit=act(),
                on_delete=act(), can_edit=false, can_sync=false)
        }
    });
    assert!(
        html.contains("Tower 4") && html.contains("id=\"test-router-4\""),
        "{html}"
    );
    for hidden in [
        "edit-router-4",
        "remove-router-4",
        "sync-router-4",
        "import-router-4",
    ] {
        assert!(!html.contains(hidden), "{hidden}: {html}");
    }
    let owner = table(vec![router(4, "Tower 4", RouterStatus::Online)], Vec::new());
    assert!(owner.contains("id=\"edit-router-4\"") && owner.contains("id=\"remove-router-4\""));
}
