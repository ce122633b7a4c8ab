//! Expiry reminders through the shell: the SMS settings saved and read back without their
//! secrets, wrong fields refused on their names, the "Expiring soon" list and the reminders
//! sent.

use serde_json::json;
use tikbill_api::command::{
    ActivateCustomer, CreateCustomer, CreateProfile, CreateRouter, ExpiringCustomers,
    GetSmsSettings, ListSmsReminders, SaveSmsSettings,
};
use tikbill_api::{
    CustomerView, ExpiringCustomer, ProfileView, RouterView, SmsReminderView, SmsSettings,
};

use crate::harness::Shell;

#[test]
fn sms_settings_are_saved_checked_and_never_answer_their_secrets() {
    let shell = Shell::new();
    let defaults: SmsSettings = shell.ok::<GetSmsSettings>(json!({}));
    assert_eq!(defaults, SmsSettings::default());

    let refused = shell
        .invoke::<SaveSmsSettings>(json!({ "input": {
            "enabled": true, "daysBefore": "30", "provider": "twilio", "template": "Hi {name}",
            "twilio": { "accountSid": "AC1", "from": "+15005550006" } }}))
        .expect_err("refused");
    assert_eq!(refused["code"], "validation", "{refused}");
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        ["daysBefore", "twilio.accountSid", "twilio.authToken"],
        "{refused}"
    );

    let saved = shell
        .invoke::<SaveSmsSettings>(json!({ "input": {
            "enabled": true, "daysBefore": "2", "provider": "africas_talking",
            "template": "Dear {name}, {plan} ends {expires}. {office}",
            "africasTalking": { "username": "sandbox", "apiKey": "atsk_ipc_secret_key" } }}))
        .expect("saved");
    assert_eq!(saved["africasTalking"]["apiKeySet"], true, "{saved}");
    assert!(
        !saved.to_string().contains("atsk_ipc_secret_key"),
        "{saved}"
    );
    let read = shell
        .invoke::<GetSmsSettings>(json!({}))
        .expect("read back");
    assert_eq!(read, saved);
}

#[test]
fn customers_whose_plan_ends_soon_are_listed_with_their_reminder() {
    let shell = Shell::new();
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Tower 1", "host": "127.0.0.1", "port": "1", "use_tls": false,
        "username": "billing", "password": "pw" }}));
    let plan: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
        "name": "Daily", "rate_limit": "2M/4M", "price": "100", "currency": "KES",
        "duration_value": "1", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}));
    let customer: CustomerView = shell.ok::<CreateCustomer>(json!({ "input": {
        "username": "juma", "password": "pw", "full_name": "Juma", "phone": "+254711000111",
        "email": "", "service_type": "hotspot", "router_id": router.id, "profile_id": plan.id }}));
    shell.ok::<ActivateCustomer>(json!({ "id": customer.id }));

    let soon: Vec<ExpiringCustomer> = shell.ok::<ExpiringCustomers>(json!({ "input": 3 }));
    assert_eq!(soon.len(), 1, "{soon:?}");
    assert_eq!(
        (
            soon[0].username.as_str(),
            soon[0].plan.as_str(),
            soon[0].days_left,
            soon[0].reminder
        ),
        ("juma", "Daily", 0, None),
        "a day's plan bought now ends in under a day: {soon:?}"
    );
    let reminders: Vec<SmsReminderView> = shell.ok::<ListSmsReminders>(json!({}));
    assert!(reminders.is_empty(), "{reminders:?}");

    let refused = shell
        .invoke::<ExpiringCustomers>(json!({ "input": 0 }))
        .expect_err("refused");
    assert_eq!(
        (
            refused["code"].as_str(),
            refused["fields"][0]["field"].as_str()
        ),
        (Some("validation"), Some("days")),
        "{refused}"
    );
}
