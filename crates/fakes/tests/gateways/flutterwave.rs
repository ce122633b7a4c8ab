use rust_decimal::Decimal;
use serde_json::{json, Value};
use tikbill_fakes::flutterwave::Transaction;
use tikbill_fakes::{FakeFlutterwave, FlutterwaveConfig};

use crate::receiver::{header, Receiver};

fn transaction() -> Transaction {
    Transaction {
        id: 288_200_108,
        tx_ref: "tikbill-42".into(),
        amount: Decimal::new(10050, 2),
        currency: "KES".into(),
        status: "successful".into(),
        email: "user@example.com".into(),
        name: "Jane Doe".into(),
        meta: json!({"payment_id": "42"}),
    }
}

#[tokio::test]
async fn verify_answers_as_documented() {
    let fake = FakeFlutterwave::start(FlutterwaveConfig::default())
        .await
        .expect("start");
    fake.add_transaction(transaction());
    let client = tikbill_fakes::http_client();
    let url = |id: &str| format!("{}/v3/transactions/{id}/verify", fake.base_url());
    let secret = FlutterwaveConfig::default().secret_key;

    let bad = client
        .get(url("288200108"))
        .bearer_auth("wrong")
        .send()
        .await
        .expect("get");
    assert_eq!(bad.status(), 401);
    let unknown = client
        .get(url("1"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("get");
    assert_eq!(unknown.status(), 400);
    assert_eq!(
        unknown.json::<Value>().await.expect("JSON")["status"],
        "error"
    );

    let ok: Value = client
        .get(url("288200108"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("JSON");
    assert_eq!(ok["status"], "success");
    assert_eq!(ok["message"], "Transaction fetched successfully");
    assert_eq!(ok["data"]["id"], 288_200_108);
    assert_eq!(ok["data"]["tx_ref"], "tikbill-42");
    assert_eq!(ok["data"]["amount"], 100.5);
    assert_eq!(ok["data"]["charged_amount"], 100.5);
    assert_eq!(ok["data"]["status"], "successful");
    assert_eq!(ok["data"]["customer"]["email"], "user@example.com");
}

#[tokio::test]
async fn charge_completed_carries_the_secret_hash() {
    let fake = FakeFlutterwave::start(FlutterwaveConfig::default())
        .await
        .expect("start");
    let mut relay = Receiver::start().await;
    let (status, _) = fake
        .send_charge_completed(&relay.url, &transaction())
        .await
        .expect("sent");
    assert_eq!(status, 200);
    let received = relay.next().await;
    assert_eq!(
        header(&received, "verif-hash"),
        FlutterwaveConfig::default().secret_hash
    );
    let event: Value = serde_json::from_slice(&received.body).expect("JSON");
    assert_eq!(event["event"], "charge.completed");
    assert_eq!(event["data"]["id"], 288_200_108);
    assert_eq!(event["data"]["status"], "successful");
}
