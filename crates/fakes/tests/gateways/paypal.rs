use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};
use tikbill_fakes::{Capture, FakePaypal, PaypalConfig, ServedCert};

use crate::receiver::{header, Receiver};

fn capture() -> Capture {
    Capture {
        id: "2GG279541U471931P".into(),
        status: "COMPLETED".into(),
        amount: "10.00".into(),
        currency: "USD".into(),
        custom_id: "payment-42".into(),
        invoice_id: "INV-42".into(),
        order_id: "5O190127TN364715T".into(),
    }
}

async fn token(fake: &FakePaypal) -> String {
    let response = tikbill_fakes::http_client()
        .post(format!("{}/v1/oauth2/token", fake.base_url()))
        .basic_auth("fake-paypal-client-id", Some("fake-paypal-client-secret"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("token request");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 32400);
    body["access_token"].as_str().expect("token").to_owned()
}

async fn served_key(cert_url: &str) -> (RsaPublicKey, i64) {
    let pem = reqwest::get(cert_url)
        .await
        .expect("cert")
        .bytes()
        .await
        .expect("bytes");
    let (_, pem) = x509_parser::pem::parse_x509_pem(&pem).expect("PEM");
    let cert = pem.parse_x509().expect("X.509");
    let key =
        RsaPublicKey::from_pkcs1_der(&cert.public_key().subject_public_key.data).expect("RSA key");
    (key, cert.validity().not_after.timestamp())
}

fn verifies(
    key: &RsaPublicKey,
    transmission_id: &str,
    time: &str,
    webhook_id: &str,
    body: &[u8],
    sig_b64: &str,
) -> bool {
    use base64::Engine as _;
    let signed = format!(
        "{transmission_id}|{time}|{webhook_id}|{}",
        crc32fast::hash(body)
    );
    let signature = base64::engine::general_purpose::STANDARD
        .decode(sig_b64)
        .expect("base64");
    key.verify(
        Pkcs1v15Sign::new::<Sha256>(),
        &Sha256::digest(signed.as_bytes()),
        &signature,
    )
    .is_ok()
}

#[tokio::test]
async fn webhook_signature_verifies_with_the_certificate_and_fails_on_one_changed_byte() {
    let fake = FakePaypal::start(PaypalConfig::default())
        .await
        .expect("start");
    let mut relay = Receiver::start().await;
    let (status, _) = fake
        .send_webhook(
            &relay.url,
            "8PT597110X687430LKGECATA",
            "PAYMENT.CAPTURE.COMPLETED",
            &capture(),
        )
        .await
        .expect("sent");
    assert_eq!(status, 200);
    let received = relay.next().await;
    assert_eq!(header(&received, "paypal-auth-algo"), "SHA256withRSA");
    let cert_url = header(&received, "paypal-cert-url");
    assert_eq!(cert_url, fake.cert_url());
    let time = header(&received, "paypal-transmission-time");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&time).is_ok(),
        "{time}"
    );
    let id = header(&received, "paypal-transmission-id");
    let sig = header(&received, "paypal-transmission-sig");

    let (key, not_after) = served_key(&cert_url).await;
    assert!(not_after > chrono::Utc::now().timestamp());
    assert!(verifies(
        &key,
        &id,
        &time,
        "8PT597110X687430LKGECATA",
        &received.body,
        &sig
    ));
    let mut tampered = received.body.clone();
    tampered[10] ^= 1;
    assert!(!verifies(
        &key,
        &id,
        &time,
        "8PT597110X687430LKGECATA",
        &tampered,
        &sig
    ));
    assert!(!verifies(
        &key,
        &id,
        &time,
        "another-webhook",
        &received.body,
        &sig
    ));

    let event: Value = serde_json::from_slice(&received.body).expect("JSON");
    assert!(event["id"].as_str().expect("id").starts_with("WH-"));
    assert_eq!(event["event_version"], "1.0");
    assert_eq!(event["resource_type"], "capture");
    assert_eq!(event["resource"]["status"], "COMPLETED");
    assert_eq!(
        event["resource"]["amount"],
        json!({"currency_code": "USD", "value": "10.00"})
    );
    assert_eq!(event["resource"]["custom_id"], "payment-42");
    assert_eq!(
        event["resource"]["supplementary_data"]["related_ids"]["order_id"],
        "5O190127TN364715T"
    );

    // The wrong certificate does not verify the signature; the expired one is out of date.
    fake.serve_cert(ServedCert::Wrong);
    let (wrong, _) = served_key(&cert_url).await;
    assert!(!verifies(
        &wrong,
        &id,
        &time,
        "8PT597110X687430LKGECATA",
        &received.body,
        &sig
    ));
    fake.serve_cert(ServedCert::Expired);
    let (_, expired_after) = served_key(&cert_url).await;
    assert!(expired_after < chrono::Utc::now().timestamp());
}

#[tokio::test]
async fn verify_api_checks_the_signature() {
    let fake = FakePaypal::start(PaypalConfig::default())
        .await
        .expect("start");
    let (headers, body) = fake
        .webhook("WEBHOOK1", "PAYMENT.CAPTURE.REFUNDED", &capture())
        .expect("built");
    let h = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .expect(name)
            .1
            .clone()
    };
    let event: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(event["resource_type"], "refund");
    let up = event["resource"]["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "up")
        .expect("up link")
        .clone();
    assert_eq!(
        up["href"],
        format!("{}/v2/payments/captures/2GG279541U471931P", fake.base_url())
    );

    let token = token(&fake).await;
    let mut request = json!({
        "auth_algo": h("PAYPAL-AUTH-ALGO"),
        "cert_url": h("PAYPAL-CERT-URL"),
        "transmission_id": h("PAYPAL-TRANSMISSION-ID"),
        "transmission_sig": h("PAYPAL-TRANSMISSION-SIG"),
        "transmission_time": h("PAYPAL-TRANSMISSION-TIME"),
        "webhook_id": "WEBHOOK1",
        "webhook_event": event,
    });
    let client = tikbill_fakes::http_client();
    let url = format!(
        "{}/v1/notifications/verify-webhook-signature",
        fake.base_url()
    );
    let ask = |request: Value| {
        let client = client.clone();
        let url = url.clone();
        let token = token.clone();
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&request)
                .send()
                .await
                .expect("verify");
            (
                response.status().as_u16(),
                response.json::<Value>().await.expect("JSON"),
            )
        }
    };
    assert_eq!(
        ask(request.clone()).await,
        (200, json!({"verification_status": "SUCCESS"}))
    );
    request["webhook_event"]["resource"]["amount"]["value"] = json!("1000.00");
    assert_eq!(
        ask(request.clone()).await.1["verification_status"],
        "FAILURE"
    );
    request
        .as_object_mut()
        .expect("object")
        .remove("transmission_sig");
    assert_eq!(ask(request).await.0, 400);
    assert_eq!(fake.verify_requests().len(), 3);
}

#[tokio::test]
async fn captures_are_shown_to_a_token_holder() {
    let fake = FakePaypal::start(PaypalConfig::default())
        .await
        .expect("start");
    fake.add_capture(capture());
    let client = tikbill_fakes::http_client();
    let url = format!("{}/v2/payments/captures/2GG279541U471931P", fake.base_url());
    assert_eq!(client.get(&url).send().await.expect("get").status(), 401);
    let wrong = client
        .post(format!("{}/v1/oauth2/token", fake.base_url()))
        .basic_auth("fake-paypal-client-id", Some("wrong"))
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("token");
    assert_eq!(wrong.status(), 401);
    let token = token(&fake).await;
    let shown: Value = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("JSON");
    assert_eq!(shown["id"], "2GG279541U471931P");
    assert_eq!(shown["status"], "COMPLETED");
    assert_eq!(shown["invoice_id"], "INV-42");
    let missing = client
        .get(format!("{url}X"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    assert_eq!(missing.status(), 404);
    let missing: Value = missing.json().await.expect("JSON");
    assert_eq!(missing["name"], "RESOURCE_NOT_FOUND");
    assert_eq!(fake.token_requests(), 2);
}
