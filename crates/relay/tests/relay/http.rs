//! The relay's HTTP surface, through a real listener: tokens, hooks, limits, what is stored
//! before the answer, C2B validation, and the pull endpoint.

use std::sync::Arc;

use base64::Engine as _;
use tikbill_api::PulledPage;
use tikbill_core::gateway::Gateways;
use tikbill_fakes::{C2b, DarajaConfig, FakeDaraja};

use crate::support::{clock, count, on_each_database, process, relay, shop, verdicts};

struct Customers(tikbill_core::Context);

impl tikbill_relay::C2bCheck for Customers {
    fn check<'a>(
        &'a self,
        event: &'a tikbill_gateway::Event,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<(), tikbill_gateway::mpesa::C2bReject>>
                + Send
                + 'a,
        >,
    > {
        Box::pin(tikbill_core::mpesa::validate_c2b(&self.0, event))
    }
}

#[tokio::test]
async fn only_the_token_opens_a_hook_and_every_delivery_is_stored_before_its_answer() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let running = relay(&ctx, &case.url, None).await;
        let client = reqwest::Client::new();
        let health = client.get(format!("{}/healthz", running.base)).send().await.expect("asked");
        assert_eq!(health.status().as_u16(), 200, "{label}");

        let body = br#"{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"ws_CO_191220191020363925","ResultCode":1032,"ResultDesc":"Request cancelled by user"}}}"#;
        let wrong = format!("{}/hooks/{}x/stk", running.base, running.token);
        let r = client.post(&wrong).body(body.to_vec()).send().await.expect("sent");
        assert_eq!(r.status().as_u16(), 404, "{label}: a wrong token");
        let r = client.post(running.hook("stripe")).body(body.to_vec()).send().await.expect("sent");
        assert_eq!(r.status().as_u16(), 404, "{label}: no such hook");
        assert_eq!(count(&case.db, "gateway_deliveries", "").await, 0, "{label}: neither stored");

        let r = client
            .post(running.hook("stk"))
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status().as_u16(), 200, "{label}");
        let answer = r.text().await.expect("text");
        assert_eq!(answer, r#"{"ResultCode":0,"ResultDesc":"Accepted"}"#, "{label}");
        // Stored before the answer: it is there the moment the answer is.
        assert_eq!(count(&case.db, "gateway_deliveries", "state = 'stored'").await, 1, "{label}");

        let r = client
            .post(running.hook("paystack"))
            .body(b"not json at all \xff".to_vec())
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status().as_u16(), 400, "{label}: malformed");
        let words = r.text().await.expect("text");
        assert!(words.contains("error"), "{label}: {words}");
        assert_eq!(count(&case.db, "gateway_deliveries", "").await, 2, "{label}: malformed kept too");

        let huge = vec![b'{'; tikbill_relay::BODY_LIMIT + 1];
        let r = client.post(running.hook("generic")).body(huge).send().await.expect("sent");
        assert_eq!(r.status().as_u16(), 413, "{label}: too large");
        assert_eq!(count(&case.db, "gateway_deliveries", "").await, 2, "{label}: not stored");

        let gateways = Gateways::real().expect("HTTP");
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "rejected", "{label}: a callback for no push of ours: {seen:?}");
        assert_eq!(seen[1].0, "rejected", "{label}: {seen:?}");
        assert!(seen[1].1.starts_with("malformed"), "{label}: {seen:?}");
    })
    .await;
}

#[tokio::test]
async fn c2b_validation_accepts_customers_and_rejects_unknown_accounts() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        shop(&ctx, "500", "KES", 1).await;
        let running = relay(&ctx, &case.url, Some(Arc::new(Customers(ctx.clone())))).await;
        let fake = FakeDaraja::start(DarajaConfig::default())
            .await
            .expect("fake");
        let payment = |bill_ref: &str| C2b {
            trans_id: "RKTQDM7W6S".into(),
            amount: "500.00".into(),
            bill_ref: bill_ref.into(),
            msisdn: "254708374149".into(),
            first_name: "John".into(),
            trans_time: "20261126063845".into(),
        };
        let (status, body) = fake
            .send_c2b_validation(&running.hook("c2b/validation"), &payment("user0"))
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(json["ResultCode"], "0", "{label}: {json}");
        let (_, body) = fake
            .send_c2b_validation(&running.hook("c2b/validation"), &payment("nobody"))
            .await
            .expect("sent");
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(json["ResultCode"], "C2B00012", "{label}: {json}");
        assert_eq!(
            count(&case.db, "gateway_deliveries", "").await,
            2,
            "{label}: both kept"
        );
    })
    .await;
}

#[tokio::test]
async fn a_desktop_pulls_exact_bytes_with_its_token_and_stores_them_once() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let running = relay(&ctx, &case.url, None).await;
        let client = reqwest::Client::new();
        let bodies: Vec<Vec<u8>> = (0..3)
            .map(|n| format!("{{\"event\":\"charge.success\",\"n\":{n}}}\r\n\u{00e9}").into_bytes())
            .collect();
        for body in &bodies {
            client
                .post(running.hook("paystack"))
                .body(body.clone())
                .send()
                .await
                .expect("sent");
        }
        let url = format!("{}/deliveries?after=0", running.base);
        let r = client.get(&url).send().await.expect("asked");
        assert_eq!(r.status().as_u16(), 401, "{label}: no token");
        let r = client
            .get(&url)
            .bearer_auth("wrong")
            .send()
            .await
            .expect("asked");
        assert_eq!(r.status().as_u16(), 401, "{label}: a wrong token");
        let page: PulledPage = client
            .get(&url)
            .bearer_auth(&running.pull_token)
            .send()
            .await
            .expect("asked")
            .json()
            .await
            .expect("a page");
        assert_eq!(page.deliveries.len(), 3, "{label}");
        for (d, body) in page.deliveries.iter().zip(&bodies) {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&d.body_base64)
                .expect("base64");
            assert_eq!(&bytes, body, "{label}: byte for byte");
            assert_eq!(d.hook, "paystack");
        }

        // A second database pulls them (the desktop), twice: stored once.
        let dir = tempfile::tempdir().expect("dir");
        let desk = tikbill_core::db::open(&tikbill_core::db::sqlite_url(dir.path()))
            .await
            .expect("the desktop's database");
        let desk_ctx = tikbill_core::test_context::context(&desk, &clock);
        let gateways = Gateways::real().expect("HTTP");
        let first =
            tikbill_core::delivery::pull(&desk_ctx, &gateways, &running.base, &running.pull_token)
                .await
                .expect("pulled");
        let second =
            tikbill_core::delivery::pull(&desk_ctx, &gateways, &running.base, &running.pull_token)
                .await
                .expect("pulled again");
        assert_eq!((first, second), (3, 0), "{label}");
        assert_eq!(count(&desk, "gateway_deliveries", "").await, 3, "{label}");
        let refused =
            tikbill_core::delivery::pull(&desk_ctx, &gateways, &running.base, "wrong").await;
        assert!(refused.is_err(), "{label}: a wrong token is refused");
    })
    .await;
}

#[tokio::test]
async fn over_https_with_a_certificate_file_the_relay_stores_and_answers() {
    let dir = tempfile::tempdir().expect("dir");
    let url = tikbill_core::db::sqlite_url(dir.path());
    let db = tikbill_core::db::open(&url).await.expect("opens");
    let clock = clock();
    let ctx = tikbill_core::test_context::context(&db, &clock);
    crate::support::install_tls();
    let made =
        rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("a certificate");
    let cert = dir.path().join("relay.crt");
    let key = dir.path().join("relay.key");
    std::fs::write(&cert, made.cert.pem()).expect("written");
    std::fs::write(&key, made.signing_key.serialize_pem()).expect("written");
    let acceptor = tikbill_relay::tls_acceptor(&cert, &key).expect("a TLS server");
    let garbage = dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate").expect("written");
    let refused = tikbill_relay::tls_acceptor(&garbage, &key)
        .err()
        .expect("refused");
    assert!(refused.to_string().contains("garbage.pem"), "{refused}");

    let token = tikbill_core::gateway::relay_token(&ctx, tikbill_core::gateway::RELAY_HOOK_TOKEN)
        .expect("token");
    let inbox = tikbill_core::delivery::Inbox::start(
        tikbill_core::delivery::open_durable(&url)
            .await
            .expect("durable"),
    );
    let state = tikbill_relay::RelayState::new(
        inbox,
        db.clone(),
        Arc::new(tikbill_core::SystemClock),
        &token,
        None,
        Arc::new(tikbill_relay::AcceptAll),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let port = listener.local_addr().expect("addr").port();
    let server = tokio::spawn(tikbill_relay::serve_tls(
        listener,
        tikbill_relay::router(state),
        acceptor,
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(made.cert.pem().as_bytes()).expect("pem"),
        )
        .build()
        .expect("a client");
    let body = br#"{"Body":{"stkCallback":{"MerchantRequestID":"1","CheckoutRequestID":"ws_CO_1","ResultCode":1037,"ResultDesc":"DS timeout user cannot be reached"}}}"#;
    let r = client
        .post(format!("https://localhost:{port}/hooks/{token}/stk"))
        .body(body.to_vec())
        .send()
        .await
        .expect("sent over HTTPS");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(count(&db, "gateway_deliveries", "").await, 1);
    // Plain HTTP to the HTTPS port is not served (and does not stop the server).
    let plain = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/hooks/{token}/stk"))
        .body(body.to_vec())
        .send()
        .await;
    assert!(plain.is_err() || plain.is_ok_and(|r| !r.status().is_success()));
    let r = client
        .get(format!("https://localhost:{port}/healthz"))
        .send()
        .await
        .expect("still serving");
    assert_eq!(r.status().as_u16(), 200);
    server.abort();
}
