use hmac::{Hmac, Mac as _};
use serde_json::{json, Value};
use sha2::Sha512;
use tikbill_fakes::paystack::Transaction;
use tikbill_fakes::{FakePaystack, PaystackConfig};

use crate::receiver::{header, Receiver};

fn transaction() -> Transaction {
    Transaction {
        reference: "ref-42".into(),
        amount_minor: 150_000,
        currency: "NGN".into(),
        status: "success".into(),
        email: "user@example.com".into(),
        metadata: json!({"payment_id": 42}),
    }
}

#[tokio::test]
async fn verify_answers_as_documented() {
    let fake = FakePaystack::start(PaystackConfig::default())
        .await
        .expect("start");
    let id = fake.add_transaction(transaction());
    let client = tikbill_fakes::http_client();
    let url = |reference: &str| format!("{}/transaction/verify/{reference}", fake.base_url());
    let secret = PaystackConfig::default().secret_key;

    let bad = client
        .get(url("ref-42"))
        .bearer_auth("sk_test_wrong")
        .send()
        .await
        .expect("get");
    assert_eq!(bad.status(), 401);
    assert_eq!(
        bad.json::<Value>().await.expect("JSON"),
        json!({"status": false, "message": "Invalid key"})
    );

    let unknown = client
        .get(url("nope"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("get");
    assert_eq!(unknown.status(), 400);
    assert_eq!(
        unknown.json::<Value>().await.expect("JSON")["message"],
        "Transaction reference not found"
    );

    let ok: Value = client
        .get(url("ref-42"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("JSON");
    assert_eq!(ok["status"], true);
    assert_eq!(ok["message"], "Verification successful");
    assert_eq!(ok["data"]["id"], id);
    assert_eq!(ok["data"]["amount"], 150_000);
    assert_eq!(ok["data"]["status"], "success");
    assert_eq!(ok["data"]["customer"]["email"], "user@example.com");
    assert_eq!(ok["data"]["metadata"]["payment_id"], 42);
    assert_eq!(fake.verify_requests(), vec!["ref-42", "nope", "ref-42"]);
}

#[tokio::test]
async fn charge_success_is_signed_with_hmac_sha512() {
    let fake = FakePaystack::start(PaystackConfig::default())
        .await
        .expect("start");
    let mut relay = Receiver::start().await;
    let (status, _) = fake
        .send_charge_success(&relay.url, &transaction())
        .await
        .expect("sent");
    assert_eq!(status, 200);
    let received = relay.next().await;
    let mut mac = <Hmac<Sha512>>::new_from_slice(PaystackConfig::default().secret_key.as_bytes())
        .expect("key");
    mac.update(&received.body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(header(&received, "x-paystack-signature"), expected);
    let event: Value = serde_json::from_slice(&received.body).expect("JSON");
    assert_eq!(event["event"], "charge.success");
    assert_eq!(event["data"]["reference"], "ref-42");
    assert_eq!(event["data"]["amount"], 150_000);
}
