use base64::Engine as _;
use chrono::{Duration, FixedOffset, Utc};
use serde_json::{json, Value};
use tikbill_fakes::{C2b, Completion, DarajaConfig, FakeDaraja, QueryAnswer};

use crate::receiver::Receiver;

fn timestamp(offset: Duration) -> String {
    let kenya = FixedOffset::east_opt(3 * 3600).expect("UTC+3");
    (Utc::now() + offset)
        .with_timezone(&kenya)
        .format("%Y%m%d%H%M%S")
        .to_string()
}

fn password(config: &DarajaConfig, timestamp: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!(
        "{}{}{}",
        config.shortcode, config.passkey, timestamp
    ))
}

async fn token(fake: &FakeDaraja) -> String {
    let config = fake.config();
    let response = tikbill_fakes::http_client()
        .get(format!(
            "{}/oauth/v1/generate?grant_type=client_credentials",
            fake.base_url()
        ))
        .basic_auth(&config.consumer_key, Some(&config.consumer_secret))
        .send()
        .await
        .expect("token request");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("token JSON");
    assert_eq!(
        body["expires_in"], "3599",
        "Daraja sends expires_in as a string"
    );
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

fn push_body(config: &DarajaConfig, callback: &str) -> Value {
    let ts = timestamp(Duration::zero());
    json!({
        "BusinessShortCode": config.shortcode,
        "Password": password(config, &ts),
        "Timestamp": ts,
        "TransactionType": "CustomerPayBillOnline",
        "Amount": 1,
        "PartyA": 254708374149_u64,
        "PartyB": config.shortcode,
        "PhoneNumber": "254708374149",
        "CallBackURL": callback,
        "AccountReference": "HS-0042",
        "TransactionDesc": "Hotspot 1h"
    })
}

async fn post(fake: &FakeDaraja, path: &str, token: &str, body: &Value) -> (u16, Value) {
    let response = tikbill_fakes::http_client()
        .post(format!("{}{path}", fake.base_url()))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON answer"))
}

fn assert_error(answer: &(u16, Value), status: u16, code: &str, message: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["errorCode"], code, "{}", answer.1);
    assert_eq!(answer.1["errorMessage"], message, "{}", answer.1);
    assert!(answer.1["requestId"].is_string());
}

const PUSH: &str = "/mpesa/stkpush/v1/processrequest";
const QUERY: &str = "/mpesa/stkpushquery/v1/query";

#[tokio::test]
async fn token_is_counted_and_wrong_keys_are_refused() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    token(&fake).await;
    let response = tikbill_fakes::http_client()
        .get(format!(
            "{}/oauth/v1/generate?grant_type=client_credentials",
            fake.base_url()
        ))
        .basic_auth("someone", Some("else"))
        .send()
        .await
        .expect("token request");
    assert_eq!(response.status(), 400);
    assert_eq!(fake.token_requests(), 2);
}

#[tokio::test]
async fn push_with_the_right_password_is_accepted_and_recorded() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    let token = token(&fake).await;
    let answer = post(
        &fake,
        PUSH,
        &token,
        &push_body(fake.config(), "https://relay.example/cb"),
    )
    .await;
    assert_eq!(answer.0, 200, "{}", answer.1);
    assert_eq!(answer.1["ResponseCode"], "0");
    assert_eq!(
        answer.1["CustomerMessage"],
        "Success. Request accepted for processing"
    );
    let checkout = answer.1["CheckoutRequestID"].as_str().expect("id");
    assert!(checkout.starts_with("ws_CO_"), "{checkout}");
    let pushes = fake.pushes();
    assert_eq!(pushes.len(), 1);
    assert_eq!(pushes[0].checkout_request_id, checkout);
    assert_eq!(pushes[0].amount, 1);
    assert_eq!(pushes[0].request["AccountReference"], "HS-0042");
}

#[tokio::test]
async fn bad_pushes_are_refused_in_darajas_shape() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    let token = token(&fake).await;
    let config = fake.config().clone();
    let good = push_body(&config, "https://relay.example/cb");

    let mut wrong_password = good.clone();
    wrong_password["Password"] = json!(base64::engine::general_purpose::STANDARD.encode("nope"));
    assert_error(
        &post(&fake, PUSH, &token, &wrong_password).await,
        500,
        "500.001.1001",
        "Wrong credentials",
    );

    let mut stale = good.clone();
    let old = timestamp(Duration::minutes(-30));
    stale["Timestamp"] = json!(old);
    stale["Password"] = json!(password(&config, &old));
    assert_error(
        &post(&fake, PUSH, &token, &stale).await,
        400,
        "400.002.02",
        "Bad Request - Invalid Timestamp",
    );

    let mut missing = good.clone();
    missing
        .as_object_mut()
        .expect("object")
        .remove("PhoneNumber");
    assert_error(
        &post(&fake, PUSH, &token, &missing).await,
        400,
        "400.002.02",
        "Bad Request - Invalid PhoneNumber",
    );

    let mut long_reference = good.clone();
    long_reference["AccountReference"] = json!("THIRTEEN-CHAR");
    assert_error(
        &post(&fake, PUSH, &token, &long_reference).await,
        400,
        "400.002.02",
        "Bad Request - Invalid AccountReference",
    );

    let mut fraction = good.clone();
    fraction["Amount"] = json!(1.5);
    assert_error(
        &post(&fake, PUSH, &token, &fraction).await,
        400,
        "400.002.02",
        "Bad Request - Invalid Amount",
    );

    assert_error(
        &post(&fake, PUSH, "not-a-token", &good).await,
        401,
        "404.001.03",
        "Invalid Access Token",
    );
    fake.expire_tokens();
    assert_error(
        &post(&fake, PUSH, &token, &good).await,
        401,
        "404.001.03",
        "Invalid Access Token",
    );
    assert!(fake.pushes().is_empty());
}

#[tokio::test]
async fn query_processes_until_the_paid_callback_which_arrives_as_documented() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    let mut relay = Receiver::start().await;
    let token = token(&fake).await;
    let answer = post(
        &fake,
        PUSH,
        &token,
        &push_body(fake.config(), &format!("{}/mpesa-cb", relay.url)),
    )
    .await;
    let checkout = answer.1["CheckoutRequestID"]
        .as_str()
        .expect("id")
        .to_owned();

    let ts = timestamp(Duration::zero());
    let query = json!({
        "BusinessShortCode": fake.config().shortcode,
        "Password": password(fake.config(), &ts),
        "Timestamp": ts,
        "CheckoutRequestID": checkout,
    });
    assert_error(
        &post(&fake, QUERY, &token, &query).await,
        500,
        "500.001.1001",
        "The transaction is being processed",
    );

    let (status, _) = fake
        .complete_push(
            &checkout,
            Completion::Paid {
                receipt: "NLJ7RT61SV".into(),
            },
        )
        .await
        .expect("callback delivered");
    assert_eq!(status, 200);
    let received = relay.next().await;
    assert_eq!(received.path, "/mpesa-cb");
    let text = String::from_utf8(received.body.clone()).expect("UTF-8");
    assert!(text.contains(r#"{"Name":"Amount","Value":1.00}"#), "{text}");
    assert!(text.contains(r#"{"Name":"Balance"}"#), "{text}");
    let body: Value = serde_json::from_slice(&received.body).expect("JSON callback");
    let callback = &body["Body"]["stkCallback"];
    assert_eq!(callback["CheckoutRequestID"], checkout.as_str());
    assert_eq!(callback["ResultCode"], 0);
    let items = callback["CallbackMetadata"]["Item"]
        .as_array()
        .expect("items");
    let item = |name: &str| {
        items
            .iter()
            .find(|i| i["Name"] == name)
            .expect(name)
            .clone()
    };
    assert_eq!(item("MpesaReceiptNumber")["Value"], "NLJ7RT61SV");
    assert!(item("Balance").get("Value").is_none());
    assert!(item("TransactionDate")["Value"].as_u64().expect("number") > 20_200_101_000_000);
    assert_eq!(item("PhoneNumber")["Value"].as_u64(), Some(254_708_374_149));

    let resolved = post(&fake, QUERY, &token, &query).await;
    assert_eq!(resolved.0, 200, "{}", resolved.1);
    assert_eq!(resolved.1["ResultCode"], "0");
    assert_eq!(resolved.1["ResponseCode"], "0");

    fake.set_query_answer(&checkout, QueryAnswer::Processing);
    assert_eq!(post(&fake, QUERY, &token, &query).await.0, 500);
}

#[tokio::test]
async fn failed_callbacks_carry_no_metadata() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    let token = token(&fake).await;
    let answer = post(
        &fake,
        PUSH,
        &token,
        &push_body(fake.config(), "https://relay.example/cb"),
    )
    .await;
    let checkout = answer.1["CheckoutRequestID"].as_str().expect("id");
    for (completion, code) in [
        (Completion::Cancelled, 1032),
        (Completion::Timeout, 1037),
        (Completion::WrongPin, 2001),
        (Completion::InsufficientFunds, 1),
        (Completion::Expired, 1019),
    ] {
        let body: Value =
            serde_json::from_slice(&fake.callback_body(checkout, &completion).expect("body"))
                .expect("JSON");
        assert_eq!(body["Body"]["stkCallback"]["ResultCode"], code);
        assert!(body["Body"]["stkCallback"]
            .get("CallbackMetadata")
            .is_none());
    }
    assert!(fake
        .callback_body("ws_CO_unknown", &Completion::Cancelled)
        .is_err());
}

#[tokio::test]
async fn c2b_registration_and_confirmation() {
    let fake = FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("start");
    let mut relay = Receiver::start().await;
    let token = token(&fake).await;
    let register = |confirmation: &str| {
        json!({
            "ShortCode": "600638",
            "ResponseType": "Completed",
            "ConfirmationURL": confirmation,
            "ValidationURL": "https://relay.example/validate",
        })
    };
    let ok = post(
        &fake,
        "/mpesa/c2b/v1/registerurl",
        &token,
        &register("https://relay.example/confirm"),
    )
    .await;
    assert_eq!(ok.0, 200, "{}", ok.1);
    assert_eq!(ok.1["ResponseDescription"], "success");
    let refused = post(
        &fake,
        "/mpesa/c2b/v1/registerurl",
        &token,
        &register("https://relay.example/mpesa/confirm"),
    )
    .await;
    assert_error(
        &refused,
        400,
        "400.002.02",
        "Bad Request - Invalid ConfirmationURL",
    );
    assert_eq!(fake.registrations().len(), 1);

    let payment = C2b {
        trans_id: "RKTQDM7W6S".into(),
        amount: "10.00".into(),
        bill_ref: "ACC-7".into(),
        msisdn: "254708374149".into(),
        first_name: "John".into(),
        trans_time: "20191122063845".into(),
    };
    let (status, _) = fake
        .send_c2b_confirmation(&relay.url, &payment)
        .await
        .expect("sent");
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&relay.next().await.body).expect("JSON");
    assert_eq!(body["TransactionType"], "Pay Bill");
    assert_eq!(body["TransAmount"], "10.00");
    assert_eq!(body["BillRefNumber"], "ACC-7");
    assert_eq!(body["InvoiceNumber"], "");
    assert_eq!(body["BusinessShortCode"], "174379");
}
