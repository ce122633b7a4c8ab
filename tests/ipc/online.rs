//! Online payments through the shell: "Request M-Pesa payment" to a fake Daraja, its callback
//! stored as the relay stores it and processed on staff's word, the deliveries list and one
//! delivery, a payment stored `paid` applied by hand, and the relay settings.

use serde_json::json;
use tikbill_api::command::{
    ApplyPayment, CreateCustomer, CreateProfile, CreateRouter, CustomerPushes, GetDelivery,
    GetRelaySettings, ListDeliveries, ProcessDelivery, RegisterMpesaC2b, RequestMpesaPush,
    SaveRelaySettings,
};
use tikbill_api::{
    CustomerView, DeliveryDetail, DeliveryPage, DeliveryState, MpesaPushView, PaymentInput,
    PaymentMethod, PaymentState, PaymentView, ProfileView, PushState, RelaySettings, RouterView,
};
use tikbill_core::delivery::{open_durable, Inbox, NewDelivery};
use tikbill_fakes::{Completion, DarajaConfig, FakeDaraja};
use tikbill_gateway::GatewayName;

use crate::harness::Shell;

fn shop(shell: &Shell) -> CustomerView {
    let router: RouterView = shell.ok::<CreateRouter>(json!({ "input": {
        "name": "Tower 1", "host": "127.0.0.1", "port": "1", "use_tls": false,
        "username": "billing", "password": "pw" }}));
    let plan: ProfileView = shell.ok::<CreateProfile>(json!({ "input": {
        "name": "Monthly", "rate_limit": "10M/10M", "price": "1500", "currency": "KES",
        "duration_value": "30", "duration_unit": "days", "data_limit": "", "shared_users": "1" }}));
    shell.ok::<CreateCustomer>(json!({ "input": {
        "username": "wanjiru", "password": "siri", "full_name": "Wanjiru Kamau",
        "phone": "0712 345 678", "email": "", "service_type": "pppoe",
        "router_id": router.id, "profile_id": plan.id }}))
}

#[test]
fn an_mpesa_request_from_the_window_is_paid_by_its_callback() {
    let shell = Shell::new();
    let customer = shop(&shell);
    let fake = tauri::async_runtime::block_on(FakeDaraja::start(DarajaConfig::default()))
        .expect("the fake Daraja");
    let agent = shell.agent();
    let c = fake.config();
    tikbill_core::gateway::set_gateway(
        &agent,
        GatewayName::Mpesa,
        &json!({
            "api_base": fake.base_url(), "consumer_key": c.consumer_key,
            "consumer_secret": c.consumer_secret, "shortcode": c.shortcode, "passkey": c.passkey
        }),
    )
    .expect("M-Pesa set up");

    // The relay that serves this computer made its token (the agent's relay does at start).
    tikbill_core::gateway::relay_token(&agent, tikbill_core::gateway::RELAY_HOOK_TOKEN)
        .expect("the relay's token");
    // Without a public URL Daraja could not call back: refused, saying so.
    let refused = shell
        .invoke::<RequestMpesaPush>(json!({ "input": { "customerId": customer.id } }))
        .expect_err("no public URL");
    assert_eq!(refused["code"], "gateway", "{refused}");
    assert!(refused["message"]
        .as_str()
        .unwrap_or_default()
        .contains("public URL"));
    let bad = shell
        .invoke::<SaveRelaySettings>(json!({ "input": { "publicUrl": "pay example" } }))
        .expect_err("not a URL");
    assert_eq!(bad["code"], "validation", "{bad}");
    let saved: RelaySettings = shell.ok::<SaveRelaySettings>(json!({ "input": {
        "publicUrl": "https://pay.example.net/", "listen": "0.0.0.0:8080" } }));
    assert_eq!(saved.public_url.as_deref(), Some("https://pay.example.net"));
    let read: RelaySettings = shell.ok::<GetRelaySettings>(json!({}));
    assert_eq!(read.listen.as_deref(), Some("0.0.0.0:8080"));
    assert_eq!(read.gateways, vec!["mpesa".to_string()]);

    // "Register C2B URLs": Daraja gets the relay's validation and confirmation URLs.
    let urls: Vec<String> = shell.ok::<RegisterMpesaC2b>(json!({}));
    assert_eq!(urls.len(), 2);
    assert!(
        urls[0].starts_with("https://pay.example.net/hooks/")
            && urls[0].ends_with("/c2b/validation"),
        "{urls:?}"
    );
    let registered = fake.registrations();
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0].confirmation_url, urls[1]);
    assert_eq!(registered[0].response_type, "Completed");

    let push: MpesaPushView = shell
        .ok::<RequestMpesaPush>(json!({ "input": { "customerId": customer.id, "periods": 1 } }));
    assert_eq!(
        (push.state, push.phone.as_str(), push.amount.as_str()),
        (PushState::Pending, "254712345678", "1500")
    );
    let sent = fake.pushes();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .callback_url
            .starts_with("https://pay.example.net/hooks/"),
        "{}",
        sent[0].callback_url
    );
    assert!(sent[0].callback_url.ends_with("/stk"));

    // Daraja's callback, stored as the relay stores it, then processed on staff's word.
    let checkout = push.checkout_request_id.clone().expect("an id");
    let body = fake
        .callback_body(
            &checkout,
            &Completion::Paid {
                receipt: "TK3S9ABCDE".into(),
            },
        )
        .expect("a body");
    let id = tauri::async_runtime::block_on(async {
        let inbox = Inbox::start(open_durable(shell.url()).await.expect("durable"));
        inbox
            .store(NewDelivery {
                hook: "stk".into(),
                gateway: "mpesa".into(),
                received_at: chrono::Utc::now(),
                remote_addr: "196.201.214.200:443".into(),
                headers: vec![("content-type".into(), "application/json".into())],
                body,
            })
            .await
            .expect("stored")
    });
    let page: DeliveryPage = shell.ok::<ListDeliveries>(json!({ "input": { "state": "stored" } }));
    assert_eq!(page.deliveries.len(), 1);
    let done: DeliveryDetail = shell.ok::<ProcessDelivery>(json!({ "id": id }));
    assert_eq!(
        done.delivery.state,
        DeliveryState::Processed,
        "{:?}",
        done.delivery.verdict
    );
    assert!(done.body_text.contains("TK3S9ABCDE"));
    assert_eq!(done.headers[0].0, "content-type");
    let again: DeliveryDetail = shell.ok::<GetDelivery>(json!({ "id": id }));
    assert_eq!(again.delivery.payment_id, done.delivery.payment_id);
    let pushes: Vec<MpesaPushView> = shell.ok::<CustomerPushes>(json!({ "id": customer.id }));
    assert_eq!(pushes[0].state, PushState::Paid);
    assert_eq!(pushes[0].receipt.as_deref(), Some("TK3S9ABCDE"));

    // Money a gateway confirmed, stored `paid` and not yet applied: applied by hand.
    let waiting = tauri::async_runtime::block_on(tikbill_core::payment::receive(
        &agent,
        "paystack",
        "T-123",
        &PaymentInput {
            customer_id: Some(customer.id),
            profile_id: None,
            periods: 1,
            amount: "1500".into(),
            currency: "KES".into(),
            method: PaymentMethod::Gateway,
            reference: Some("T-123".into()),
        },
    ))
    .expect("stored paid");
    assert_eq!(waiting.state, PaymentState::Paid);
    let applied: PaymentView = shell.ok::<ApplyPayment>(json!({ "id": waiting.id }));
    assert_eq!(applied.state, PaymentState::Applied);
}
