use sycamore::prelude::*;
use tikbill_api::{
    FieldError, ImportRefusal, ImportReport, JobRunView, RouterQueueView, RouterStatus,
    SyncDifference, SyncReport,
};
use tikbill_ui::components::import_report::ImportReportCard;
use tikbill_ui::components::queue_banner::{queue_message, QueueBanner};
use tikbill_ui::pages::routers::{fixable_count, SyncReportTable};
use tikbill_ui::pages::settings::{JobList, OfficeForm, OfficeSettingsCard};

fn queue(name: &str, status: RouterStatus, waiting: u64, failed: u64) -> RouterQueueView {
    RouterQueueView {
        router_id: 1,
        router_name: name.into(),
        status,
        waiting,
        failed,
        parked: 0,
        last_error: None,
        next_attempt_at: None,
    }
}

#[test]
fn jobs_parked_for_a_newer_tikbill_are_named() {
    let mut q = queue("Tower 1", RouterStatus::Online, 0, 0);
    q.parked = 2;
    check(
        q,
        Some("Router Tower 1: 2 changes parked (written by a newer tikbill; update this one to apply them)"),
        "parked jobs are visible, not silently skipped",
    );
}

/// The banner's sentence for a router's queue.
fn check(q: RouterQueueView, expect: Option<&str>, why: &str) {
    assert_eq!(queue_message(&q).as_deref(), expect, "{why}");
}

#[test]
fn the_queue_banner_says_what_waits_for_which_router() {
    use RouterStatus::{Offline, Online, Unknown};
    check(
        queue("Tower 1", Offline, 14, 0),
        Some("Router Tower 1 offline: 14 changes waiting"),
        "an offline router's backlog",
    );
    check(
        queue("Tower 1", Online, 14, 0),
        Some("Router Tower 1: 14 changes waiting"),
        "an online router still catching up",
    );
    check(
        queue("Tower 2", Unknown, 1, 0),
        Some("Router Tower 2: 1 change waiting"),
        "one change",
    );
    check(
        queue("Tower 1", Offline, 1_400, 2),
        Some("Router Tower 1 offline: 1,400 changes waiting, 2 failed"),
        "waiting and failed together",
    );
    check(
        queue("Tower 3", Online, 0, 1),
        Some("Router Tower 3: 1 change failed"),
        "only a failure",
    );
    check(
        queue("Tower 1", Offline, 0, 0),
        None,
        "an offline router with nothing waiting needs no banner",
    );
}

#[test]
fn the_banner_shows_only_routers_with_work_and_the_last_error() {
    let mut down = queue("Tower 1", RouterStatus::Offline, 14, 2);
    down.last_error = Some("The router refused the login: wrong user or password.".into());
    down.next_attempt_at = Some("2026-11-24T08:05:00+00:00".into());
    let html = sycamore::render_to_string(move || {
        view! {
            QueueBanner(queues=vec![down, queue("Tower 2", RouterStatus::Online, 0, 0), queue("Tower 3", RouterStatus::Online, 3, 0)],
                on_retry=std::rc::Rc::new(|_| {}))
        }
    });
    for expected in [
        "queue-banner offline",
        "Router Tower 1 offline: 14 changes waiting, 2 failed",
        "Last error: The router refused the login: wrong user or password.",
        "Next attempt 2026-11-24 08:05 UTC.",
        "Router Tower 3: 3 changes waiting",
    ] {
        assert!(
            html.contains(expected),
            "the banner shows {expected:?}: {html}"
        );
    }
    assert!(!html.contains("Tower 2"), "Tower 2 is up to date: {html}");
    assert_eq!(html.matches("class=\"queue-banner").count(), 2, "{html}");
    assert_eq!(
        html.matches("Retry now").count(),
        1,
        "only the router with failed changes offers a retry: {html}"
    );
    let tower1 = &html[..html.find("Router Tower 3").expect("Tower 3's line")];
    assert!(
        tower1.contains("id=\"retry-router-1\""),
        "the retry is on Tower 1's own line: {html}"
    );

    let quiet = sycamore::render_to_string(|| {
        view! { QueueBanner(queues=vec![queue("Tower 2", RouterStatus::Online, 0, 0)], on_retry=std::rc::Rc::new(|_| {})) }
    });
    assert!(
        !quiet.contains("queue-banner"),
        "no banner when nothing waits: {quiet}"
    );
}

fn difference(kind: &str, name: &str, problem: &str, detail: &str, action: &str) -> SyncDifference {
    SyncDifference {
        kind: kind.into(),
        name: name.into(),
        problem: problem.into(),
        detail: detail.into(),
        action: action.into(),
    }
}

#[test]
fn a_sync_dry_run_lists_every_difference_and_what_apply_does() {
    let reports = vec![
        SyncReport {
            router_id: 1,
            router_name: "Tower 1".into(),
            dry_run: true,
            differences: vec![
                difference(
                    "user",
                    "ayu",
                    "missing_on_router",
                    "not on the router",
                    "add",
                ),
                difference(
                    "secret",
                    "budi",
                    "differs",
                    "disabled: router yes, tikbill no",
                    "update",
                ),
                difference(
                    "user",
                    "guest7",
                    "only_on_router",
                    "tikbill does not know this user",
                    "none",
                ),
                difference(
                    "expiry_entry",
                    "ayu",
                    "missing_on_router",
                    "no scheduler entry",
                    "add",
                ),
            ],
            applied: 0,
        },
        SyncReport {
            router_id: 2,
            router_name: "Tower 2".into(),
            dry_run: true,
            differences: Vec::new(),
            applied: 0,
        },
    ];
    assert_eq!(
        fixable_count(&reports),
        3,
        "a router-only user is left alone, so Apply fixes 3"
    );
    let html = sycamore::render_to_string(move || view! { SyncReportTable(reports=reports) });
    for expected in [
        "Tower 1: 4 differences, 3 to fix.",
        "Hotspot user",
        "PPPoE secret",
        "Expiry entry",
        "Missing on the router",
        "Differs",
        "Only on the router",
        "disabled: router yes, tikbill no",
        "Add to the router",
        "Update the router",
        "Leave it (import it instead)",
        "Tower 2 matches tikbill: nothing to fix.",
    ] {
        assert!(
            html.contains(expected),
            "the report shows {expected:?}: {html}"
        );
    }
    assert_eq!(html.matches("class=\"sync-row").count(), 4, "{html}");
}

#[test]
fn an_applied_sync_says_how_much_was_fixed() {
    let report = SyncReport {
        router_id: 1,
        router_name: "Tower 1".into(),
        dry_run: false,
        differences: vec![difference(
            "user",
            "ayu",
            "missing_on_router",
            "not on the router",
            "add",
        )],
        applied: 1,
    };
    let html = sycamore::render_to_string(move || view! { SyncReportTable(reports=vec![report]) });
    assert!(html.contains("Tower 1: 1 difference, 1 fixed."), "{html}");
}

#[test]
fn an_import_report_lists_refused_rows_with_reasons() {
    let report = ImportReport {
        imported: 1_250,
        skipped: 3,
        refused: vec![
            ImportRefusal {
                row: "4".into(),
                username: "bad name".into(),
                reason: "A user name cannot contain spaces".into(),
            },
            ImportRefusal {
                row: "9".into(),
                username: "citra".into(),
                reason: "Unknown service type 'wifi': use hotspot or pppoe".into(),
            },
        ],
        profiles_created: vec!["Cafe 2M".into(), "Night 20M".into()],
        ignored_columns: Vec::new(),
    };
    let html = sycamore::render_to_string(move || {
        view! { ImportReportCard(title="Import of customers.csv".to_string(), report=report) }
    });
    for expected in [
        "Import of customers.csv",
        "Imported 1,250, skipped 3 (already customers), refused 2.",
        "Profiles created: Cafe 2M, Night 20M.",
        ">Line<",
        "bad name",
        "A user name cannot contain spaces",
        "Unknown service type 'wifi': use hotspot or pppoe",
    ] {
        assert!(
            html.contains(expected),
            "the report shows {expected:?}: {html}"
        );
    }
    assert_eq!(html.matches("class=\"refusal-row\"").count(), 2, "{html}");

    let clean = ImportReport {
        imported: 12,
        skipped: 0,
        refused: Vec::new(),
        profiles_created: Vec::new(),
        ignored_columns: Vec::new(),
    };
    let html = sycamore::render_to_string(move || {
        view! { ImportReportCard(title="Import from Tower 1".to_string(), report=clean, row_label="Router item") }
    });
    assert!(
        html.contains("Imported 12, skipped 0 (already customers), refused 0."),
        "{html}"
    );
    assert!(
        !html.contains("Refused<"),
        "no refusal table when none were refused: {html}"
    );
    assert!(!html.contains("Profiles created"), "{html}");
    assert!(
        !html.contains("was not used"),
        "no column note when every column was used: {html}"
    );
}

#[test]
fn an_import_report_names_the_columns_it_did_not_use() {
    let report = ImportReport {
        imported: 2,
        skipped: 0,
        refused: Vec::new(),
        profiles_created: Vec::new(),
        ignored_columns: vec!["expires_on".into(), "notes".into()],
    };
    let html = sycamore::render_to_string(move || {
        view! { ImportReportCard(title="Import of customers.csv".to_string(), report=report) }
    });
    for expected in [
        "Imported 2, skipped 0 (already customers), refused 0.",
        "Column 'expires_on' was not used.",
        "Column 'notes' was not used.",
    ] {
        assert!(
            html.contains(expected),
            "the report shows {expected:?}: {html}"
        );
    }
}

#[test]
fn scheduled_jobs_show_their_last_run_or_never() {
    let jobs = vec![
        JobRunView {
            name: "health".into(),
            last_run: Some("2026-11-24T08:00:00+00:00".into()),
        },
        JobRunView {
            name: "expiry".into(),
            last_run: None,
        },
    ];
    let html = sycamore::render_to_string(move || view! { JobList(jobs=jobs) });
    for expected in [
        "Scheduled jobs",
        "data-job=\"health\"",
        "Checks that every router answers",
        "2026-11-24 08:00 UTC",
        "data-job=\"expiry\"",
        ">never<",
    ] {
        assert!(
            html.contains(expected),
            "the jobs show {expected:?}: {html}"
        );
    }
    let none = sycamore::render_to_string(|| view! { JobList(jobs=Vec::new()) });
    assert!(none.contains("has not reported any jobs yet"), "{none}");
}

#[test]
fn the_office_time_zone_field_shows_the_backends_message() {
    let html = sycamore::render_to_string(|| {
        let form = OfficeForm::new();
        form.errors.set(vec![FieldError {
            field: "time_zone".into(),
            message: "Unknown time zone 'Nairobi': use a name like Africa/Nairobi".into(),
        }]);
        view! { OfficeSettingsCard(form=form) }
    });
    for expected in [
        "id=\"office-time-zone\"",
        "id=\"save-office\"",
        "Unknown time zone 'Nairobi': use a name like Africa/Nairobi",
    ] {
        assert!(html.contains(expected), "{expected:?}: {html}");
    }
}
