use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tikbill_api::command::{
    ActivateCustomer, ActivateCustomers, AgentJobs, Command, CreateCustomer, CreateProfile,
    CreateRouter, CustomerRouter, DeleteCustomer, DisableCustomer, EnableCustomer, ExtendCustomer,
    FailedJobs, GetCustomer, GetOfficeSettings, ImportCustomersCsv, ImportFromRouter, KickCustomer,
    ListCustomers, RetryFailedJobs, RouterQueues, SaveOfficeSettings, SyncRouter, UpdateCustomer,
};
use tikbill_api::{
    ApiError, BulkOutcome, CustomerPage, CustomerRouterView, CustomerStatus, CustomerView,
    ErrorCode, JobRunView, OfficeSettings, ProfileView, RouterQueueView, RouterView,
};
use tikbill_routeros::emulator::{Emulator, EmulatorConfig};

use crate::harness::Shell;

/// Waits (up to 10 s) until `done` holds for the emulator: the app's worker runs in the
/// background.
fn eventually(emulator: &Emulator, what: &str, done: impl Fn(&Emulator) -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !done(emulator) {
        assert!(Instant::now() < until, "the router never showed {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn user_disabled(emulator: &Emulator, name: &str) -> Option<String> {
    emulator
        .rows("/ip/hotspot/user")
        .into_iter()
        .find(|row| row.get("name") == Some(name))
        .map(|row| row.get("disabled").unwrap_or_default().to_string())
}

fn setup(shell: &Shell, port: u16) -> (RouterView, ProfileView) {
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
            "name": "Tower 1", "host": "127.0.0.1", "port": port.to_string(), "use_tls": false,
            "username": "billing", "password": "pw" }}));
    let profile: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
            "name": "Daily 5M", "rate_limit": "2M/5M", "price": "5000", "currency": "IDR",
            "duration_value": "1", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}),
    );
    (router, profile)
}

#[test]
fn a_customer_made_through_the_commands_reaches_the_router() {
    let config = EmulatorConfig::new("billing", "pw");
    let emulator = tauri::async_runtime::block_on(Emulator::start(config)).expect("emulator");
    let shell = Shell::new();
    let (router, profile) = setup(&shell, emulator.address().port());

    let ayu: CustomerView = shell.ok::<CreateCustomer>(json!({ "input": {
            "username": "ayu", "password": "rahasia", "full_name": "Ayu Lestari",
            "phone": "0812 3456", "email": "", "service_type": "hotspot",
            "router_id": router.id, "profile_id": profile.id }}));
    assert_eq!(ayu.status, CustomerStatus::Pending);
    eventually(&emulator, "the pending user, switched off", |e| {
        matches!(user_disabled(e, "ayu").as_deref(), Some("yes" | "true"))
    });

    let active: CustomerView = shell.ok::<ActivateCustomer>(json!({ "id": ayu.id }));
    assert_eq!(active.status, CustomerStatus::Active);
    eventually(&emulator, "the user switched on", |e| {
        matches!(user_disabled(e, "ayu").as_deref(), Some("no" | "false"))
    });

    emulator.add_hotspot_session("ayu", "10.5.50.2");
    let seen: CustomerRouterView = shell.ok::<CustomerRouter>(json!({ "id": ayu.id }));
    let account = seen.account.expect("the router's account");
    assert_eq!(
        (
            account.menu.as_str(),
            account.profile.as_deref(),
            account.disabled
        ),
        ("/ip/hotspot/user", Some("Daily 5M"), false)
    );
    assert!(
        account.expiry_entry.is_some(),
        "the router's own expiry entry is shown"
    );
    let session = seen.session.expect("online");
    assert_eq!(session.address.as_deref(), Some("10.5.50.2"));
    assert_eq!(seen.history.len(), 1, "the session seen is in the history");

    let kicked: CustomerRouterView = shell.ok::<KickCustomer>(json!({ "id": ayu.id }));
    assert!(kicked.session.is_none(), "kicked off");
    assert!(emulator.rows("/ip/hotspot/active").is_empty());
    assert!(
        kicked.history[0].ended_at.is_some(),
        "the session ended in the history"
    );

    let page: CustomerPage = shell
        .ok::<ListCustomers>(json!({ "filter": { "search": "3456", "page": 1, "page_size": 50 } }));
    assert_eq!(page.total, 1, "found by phone");

    let queues: Vec<RouterQueueView> = shell.ok::<RouterQueues>(json!({}));
    assert_eq!((queues.len(), queues[0].failed), (1, 0));

    let week: CustomerView = shell
        .ok::<ExtendCustomer>(json!({ "id": ayu.id, "input": { "value": "1", "unit": "weeks" } }));
    assert!(week.expires_at > active.expires_at);
    let by_profile: CustomerView =
        shell.ok::<ExtendCustomer>(json!({ "id": ayu.id, "input": null }));
    assert!(by_profile.expires_at > week.expires_at);

    let _: () = shell.ok::<DeleteCustomer>(json!({ "id": ayu.id }));
    eventually(&emulator, "the user removed", |e| {
        user_disabled(e, "ayu").is_none()
    });
}

#[test]
fn bad_input_comes_back_as_field_errors() {
    let shell = Shell::new();
    let (router, profile) = setup(&shell, 1);
    let c: CustomerView = shell.ok::<CreateCustomer>(json!({ "input": {
            "username": "budi", "password": "x", "full_name": "Budi", "phone": "", "email": "",
            "service_type": "pppoe", "router_id": router.id, "profile_id": profile.id }}));
    let refused = |cmd: &str, args: Value| -> ApiError {
        let e = shell.invoke_named(cmd, args).expect_err("refused");
        serde_json::from_value(e).expect("{code, message, fields}")
    };
    let e = refused(
        ExtendCustomer::NAME,
        json!({ "id": c.id, "input": { "value": "two", "unit": "fortnights" } }),
    );
    assert_eq!(e.code, ErrorCode::Validation);
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["value", "unit"]);

    let e = refused(EnableCustomer::NAME, json!({ "id": c.id }));
    assert_eq!(e.code, ErrorCode::Conflict, "{}", e.message);

    let e = refused(
        SaveOfficeSettings::NAME,
        json!({ "input": { "time_zone": "Mars/Olympus" } }),
    );
    assert_eq!(
        (e.code, e.fields[0].field.as_str()),
        (ErrorCode::Validation, "time_zone")
    );
    let saved: OfficeSettings =
        shell.ok::<SaveOfficeSettings>(json!({ "input": { "time_zone": "Asia/Jakarta" } }));
    assert_eq!(saved.time_zone, "Asia/Jakarta");
    let read: OfficeSettings = shell.ok::<GetOfficeSettings>(json!({}));
    assert_eq!(read, saved);

    // Router 1 is not listening: the customer page still shows, with the reason.
    let seen: CustomerRouterView = shell.ok::<CustomerRouter>(json!({ "id": c.id }));
    assert!(seen.account.is_none());
    assert!(seen.router_error.is_some(), "{seen:?}");
    let jobs: Vec<JobRunView> = shell.ok::<AgentJobs>(json!({}));
    assert!(jobs.is_empty(), "the agent never ran here");
}

#[test]
fn sync_and_imports_take_the_uis_arguments() {
    let config = EmulatorConfig::new("billing", "pw");
    let emulator = tauri::async_runtime::block_on(Emulator::start(config)).expect("emulator");
    let shell = Shell::new();
    let (router, _) = setup(&shell, emulator.address().port());

    let e = shell
        .invoke::<ImportCustomersCsv>(json!({ "input": { "router_id": null, "csv": "username,password,full name,profile\n" } }),
        )
        .expect_err("no router chosen");
    let e: ApiError = serde_json::from_value(e).expect("an api error");
    assert_eq!(
        (e.code, e.fields[0].field.as_str()),
        (ErrorCode::Validation, "router_id")
    );

    let csv = "username,password,full name,phone,profile,service type,expiry\n\
               citra,pw1,Citra,0812,Daily 5M,hotspot,\n\
               dodi,pw2,Dodi,not a phone,Daily 5M,pppoe,\n";
    let report: tikbill_api::ImportReport =
        shell.ok::<ImportCustomersCsv>(json!({ "input": { "router_id": router.id, "csv": csv } }));
    assert_eq!(report.imported, 1, "{report:?}");
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert_eq!(report.refused[0].row, "3", "the file's line");
    eventually(&emulator, "the imported customer", |e| {
        user_disabled(e, "citra").is_some()
    });

    let all = shell.ok::<SyncRouter>(json!({ "id": null, "dryRun": true }));
    assert_eq!(all.reports.len(), 1);
    assert!(all.reports[0].dry_run);
    assert_eq!(
        all.problem, None,
        "a dry run that compared every router fell short of nothing"
    );
    let one = shell.ok::<SyncRouter>(json!({ "id": router.id, "dryRun": false }));
    assert_eq!(one.reports[0].router_name, "Tower 1");

    let imported: tikbill_api::ImportReport =
        shell.ok::<ImportFromRouter>(json!({ "id": router.id }));
    assert_eq!(
        imported.imported, 0,
        "citra is already a customer: {imported:?}"
    );
}

#[test]
fn get_update_activate_many_and_disable_take_the_uis_arguments() {
    let config = EmulatorConfig::new("billing", "pw");
    let emulator = tauri::async_runtime::block_on(Emulator::start(config)).expect("emulator");
    let shell = Shell::new();
    let (router, profile) = setup(&shell, emulator.address().port());
    let form = |username: &str, full_name: &str| {
        json!({ "username": username, "password": "rahasia", "full_name": full_name,
                "phone": "", "email": "", "service_type": "hotspot",
                "router_id": router.id, "profile_id": profile.id })
    };
    let budi: CustomerView = shell.ok::<CreateCustomer>(json!({ "input": form("budi", "Budi") }));
    let citra: CustomerView =
        shell.ok::<CreateCustomer>(json!({ "input": form("citra", "Citra") }));

    let read: CustomerView = shell.ok::<GetCustomer>(json!({ "id": budi.id }));
    assert_eq!(read, budi, "get answers the customer as create saved them");

    let renamed: CustomerView =
        shell.ok::<UpdateCustomer>(json!({ "id": budi.id, "input": form("budi", "Budi Santoso") }));
    assert_eq!(
        (renamed.id, renamed.full_name.as_str()),
        (budi.id, "Budi Santoso"),
        "update changes the one customer named by id"
    );

    let outcome: BulkOutcome = shell.ok::<ActivateCustomers>(json!({ "ids": [budi.id, citra.id] }));
    assert_eq!(outcome.changed, [budi.id, citra.id], "{outcome:?}");
    assert!(outcome.refused.is_empty(), "{outcome:?}");

    let off: CustomerView = shell.ok::<DisableCustomer>(json!({ "id": citra.id }));
    assert_eq!(off.status, CustomerStatus::Disabled);
    eventually(&emulator, "citra switched off and budi on", |e| {
        matches!(user_disabled(e, "citra").as_deref(), Some("yes" | "true"))
            && matches!(user_disabled(e, "budi").as_deref(), Some("no" | "false"))
    });

    let none = shell.ok::<FailedJobs>(json!({ "scope": { "customer": budi.id } }));
    assert!(none.is_empty(), "nothing refused: {none:?}");
    let retried = shell.ok::<RetryFailedJobs>(json!({ "scope": { "router": router.id } }));
    assert_eq!(retried, 0, "nothing to retry");

    let gone = shell
        .invoke::<GetCustomer>(json!({ "id": 987_654 }))
        .expect_err("no such customer");
    assert_eq!(gone["code"], "not_found", "{gone}");
}
