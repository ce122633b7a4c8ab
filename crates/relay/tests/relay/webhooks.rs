//! Signed webhooks through the relay: Paystack, Flutterwave and PayPal confirmed by their
//! (fake) APIs before anything is credited, the generic gateway's Standard Webhooks signature
//! and replay refusal, and forgeries stored but never credited.

use tikbill_api::PaymentState;
use tikbill_core::gateway::Gateways;
use tikbill_core::payment;
use tikbill_fakes::flutterwave::Transaction as FlwTransaction;
use tikbill_fakes::paystack::Transaction as PaystackTransaction;
use tikbill_fakes::{
    Capture, FakeFlutterwave, FakePaypal, FakePaystack, FlutterwaveConfig, PaypalConfig,
    PaystackConfig,
};
use tikbill_gateway::GatewayName;

use crate::support::{clock, configure, count, on_each_database, process, relay, shop, verdicts};

async fn post(url: &str, headers: &[(String, String)], body: Vec<u8>) -> u16 {
    let mut request = reqwest::Client::new().post(url).body(body);
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request.send().await.expect("posted").status().as_u16()
}

#[tokio::test]
async fn paystack_money_is_confirmed_by_its_api_then_applied_and_a_forgery_is_not() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = FakePaystack::start(PaystackConfig {
            secret_key: "sk_test_relay".into(),
        })
        .await
        .expect("fake");
        configure(
            &ctx,
            GatewayName::Paystack,
            serde_json::json!({
                "api_base": fake.base_url(), "secret_key": "sk_test_relay"
            }),
        );
        let people = shop(&ctx, "500", "NGN", 2).await;
        let running = relay(&ctx, &case.url, None).await;
        let tx = PaystackTransaction {
            reference: "T100000001".into(),
            amount_minor: 50_000,
            currency: "NGN".into(),
            status: "success".into(),
            email: "user0@example.com".into(),
            metadata: serde_json::json!({ "customer_username": "user0" }),
        };
        fake.add_transaction(tx.clone());
        let (status, _) = fake
            .send_charge_success(&running.hook("paystack"), &tx)
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        // Signed with another key: stored, refused.
        let (mut headers, body) = fake.charge_success(&PaystackTransaction {
            reference: "T100000002".into(),
            metadata: serde_json::json!({ "customer_username": "user1" }),
            ..tx.clone()
        });
        for (name, value) in headers.iter_mut() {
            if name.eq_ignore_ascii_case("x-paystack-signature") {
                *value = tikbill_fakes::paystack::signature("sk_test_other", &body);
            }
        }
        assert_eq!(
            post(&running.hook("paystack"), &headers, body).await,
            200,
            "{label}"
        );
        // Genuinely signed, but the API does not know the transaction as paid.
        let unpaid = PaystackTransaction {
            reference: "T100000003".into(),
            status: "abandoned".into(),
            ..tx.clone()
        };
        fake.add_transaction(unpaid.clone());
        let mut claimed = unpaid.clone();
        claimed.status = "success".into();
        let (headers, body) = fake.charge_success(&claimed);
        assert_eq!(
            post(&running.hook("paystack"), &headers, body).await,
            200,
            "{label}"
        );

        let gateways = Gateways::real().expect("HTTP");
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "processed", "{label}: {seen:?}");
        assert_eq!(seen[1].0, "rejected", "{label}: {seen:?}");
        assert!(
            seen[1].1.contains("x-paystack-signature"),
            "{label}: {seen:?}"
        );
        assert_eq!(seen[2].0, "rejected", "{label}: {seen:?}");
        assert!(seen[2].1.contains("not paid"), "{label}: {seen:?}");
        let paid = payment::by_gateway_reference(&ctx, "paystack", "T100000001")
            .await
            .expect("read")
            .expect("a payment");
        assert_eq!(paid.state, PaymentState::Applied, "{label}");
        assert_eq!(paid.customer_id, Some(people[0].id));
        assert_eq!(paid.amount, "500", "{label}: 50,000 kobo / 100, exactly");
        assert_eq!(count(&case.db, "payments", "").await, 1, "{label}");
        assert_eq!(
            fake.verify_requests(),
            vec!["T100000001".to_string(), "T100000003".to_string()],
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn flutterwave_and_paypal_deliveries_are_verified_confirmed_and_reversed() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let flw = FakeFlutterwave::start(FlutterwaveConfig {
            secret_key: "FLWSECK_TEST-relay".into(),
            secret_hash: "my-secret-hash".into(),
        })
        .await
        .expect("fake");
        configure(&ctx, GatewayName::Flutterwave, serde_json::json!({
            "api_base": flw.base_url(), "secret_key": "FLWSECK_TEST-relay", "secret_hash": "my-secret-hash"
        }));
        let paypal = FakePaypal::start(PaypalConfig::default()).await.expect("fake");
        configure(&ctx, GatewayName::Paypal, serde_json::json!({
            "api_base": paypal.base_url(),
            "client_id": "fake-paypal-client-id",
            "client_secret": "fake-paypal-client-secret",
            "webhook_id": "8PT597110X687430LKGECATA",
        }));
        let people = shop(&ctx, "10.00", "USD", 2).await;
        let running = relay(&ctx, &case.url, None).await;
        let tx = FlwTransaction {
            id: 1_163_068,
            tx_ref: "tikbill-user0-1".into(),
            amount: "10.00".parse().expect("decimal"),
            currency: "USD".into(),
            status: "successful".into(),
            email: "user0@example.com".into(),
            name: "User 0".into(),
            meta: serde_json::json!({ "customer_username": "user0" }),
        };
        flw.add_transaction(tx.clone());
        let (status, _) = flw.send_charge_completed(&running.hook("flutterwave"), &tx).await.expect("sent");
        assert_eq!(status, 200, "{label}");
        let capture = Capture {
            id: "42311647XV020574X".into(),
            status: "COMPLETED".into(),
            amount: "10.00".into(),
            currency: "USD".into(),
            custom_id: "user1".into(),
            invoice_id: "INV-1".into(),
            order_id: "5O190127TN364715T".into(),
        };
        paypal.add_capture(capture.clone());
        let (status, _) = paypal
            .send_webhook(&running.hook("paypal"), "8PT597110X687430LKGECATA", "PAYMENT.CAPTURE.COMPLETED", &capture)
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        // Sent to another webhook id: its signature does not hold for ours.
        let (status, _) = paypal
            .send_webhook(&running.hook("paypal"), "OTHER-WEBHOOK", "PAYMENT.CAPTURE.COMPLETED", &Capture { id: "9XX".into(), ..capture.clone() })
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        let gateways = Gateways::real().expect("HTTP");
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "processed", "{label}: {seen:?}");
        assert_eq!(seen[1].0, "processed", "{label}: {seen:?}");
        assert_eq!(seen[2].0, "rejected", "{label}: {seen:?}");
        let flw_paid = payment::by_gateway_reference(&ctx, "flutterwave", "1163068").await.expect("read").expect("paid");
        assert_eq!((flw_paid.state, flw_paid.customer_id), (PaymentState::Applied, Some(people[0].id)), "{label}");
        let pp = payment::by_gateway_reference(&ctx, "paypal", &capture.id).await.expect("read").expect("paid");
        assert_eq!((pp.state, pp.customer_id), (PaymentState::Applied, Some(people[1].id)), "{label}");

        // Refunded at PayPal: reversed here.
        let refunded = Capture { status: "REFUNDED".into(), ..capture.clone() };
        let (status, _) = paypal
            .send_webhook(&running.hook("paypal"), "8PT597110X687430LKGECATA", "PAYMENT.CAPTURE.REFUNDED", &refunded)
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        process(&ctx, &gateways).await;
        let pp = payment::get(&ctx, pp.id).await.expect("read");
        assert_eq!(pp.state, PaymentState::Reversed, "{label}: {:?}", verdicts(&case.db).await);
        assert_eq!(flw.verify_requests().len(), 1, "{label}");
        // Flutterwave's verif-hash is its secret itself: only its digest was kept.
        assert_eq!(
            count(&case.db, "gateway_deliveries", "headers LIKE '%my-secret-hash%'").await,
            0,
            "{label}"
        );
        assert_eq!(
            count(&case.db, "gateway_deliveries", "headers LIKE '%sha256:%'").await,
            1,
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn generic_webhooks_need_a_fresh_signature_and_a_replay_counts_nothing() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let key = b"a generic gateway's 32-byte key!";
        use base64::Engine as _;
        let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
        configure(&ctx, GatewayName::Generic, serde_json::json!({ "secret": secret }));
        let people = shop(&ctx, "150000", "IDR", 1).await;
        let running = relay(&ctx, &case.url, None).await;
        let body = br#"{"transaction_id":"GEN-0001","customer_username":"user0","amount":"150000","currency":"IDR","status":"paid","payment_method":"qris"}"#.to_vec();
        let signed = |id: &str, at: i64, body: &[u8]| {
            vec![
                ("webhook-id".to_string(), id.to_string()),
                ("webhook-timestamp".to_string(), at.to_string()),
                (
                    "webhook-signature".to_string(),
                    tikbill_gateway::generic::sign(key, id, at, body).expect("signed"),
                ),
                ("content-type".to_string(), "application/json".to_string()),
            ]
        };
        let now = chrono::Utc::now().timestamp();
        let hook = running.hook("generic");
        assert_eq!(post(&hook, &signed("msg_1", now, &body), body.clone()).await, 200);
        // The same delivery again (a replay within the tolerance), one 10 minutes old, one
        // whose body was changed after signing.
        assert_eq!(post(&hook, &signed("msg_1", now, &body), body.clone()).await, 200);
        assert_eq!(post(&hook, &signed("msg_2", now - 600, &body), body.clone()).await, 200);
        let mut changed = body.clone();
        changed[20] = b'9';
        assert_eq!(post(&hook, &signed("msg_3", now, &body), changed).await, 200);
        let gateways = Gateways::real().expect("HTTP");
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        let states: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(states, vec!["processed", "rejected", "rejected", "rejected"], "{label}: {seen:?}");
        assert!(seen[1].1.contains("replay"), "{label}: {seen:?}");
        assert!(seen[2].1.contains("old"), "{label}: {seen:?}");
        assert!(seen[3].1.contains("does not match"), "{label}: {seen:?}");
        let paid = payment::by_gateway_reference(&ctx, "generic", "GEN-0001").await.expect("read").expect("paid");
        assert_eq!((paid.state, paid.customer_id), (PaymentState::Applied, Some(people[0].id)), "{label}");
        assert_eq!(count(&case.db, "payments", "").await, 1, "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_pending_paypal_capture_is_asked_again_until_paypal_says_completed() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let paypal = FakePaypal::start(PaypalConfig::default())
            .await
            .expect("fake");
        configure(
            &ctx,
            GatewayName::Paypal,
            serde_json::json!({
                "api_base": paypal.base_url(),
                "client_id": "fake-paypal-client-id",
                "client_secret": "fake-paypal-client-secret",
                "webhook_id": "8PT597110X687430LKGECATA",
            }),
        );
        let people = shop(&ctx, "10.00", "USD", 1).await;
        let running = relay(&ctx, &case.url, None).await;
        let capture = Capture {
            id: "7TK53561YB803214S".into(),
            status: "PENDING".into(),
            amount: "10.00".into(),
            currency: "USD".into(),
            custom_id: "user0".into(),
            invoice_id: "INV-7".into(),
            order_id: "3C679366HH908993F".into(),
        };
        paypal.add_capture(capture.clone());
        let (status, _) = paypal
            .send_webhook(
                &running.hook("paypal"),
                "8PT597110X687430LKGECATA",
                "PAYMENT.CAPTURE.PENDING",
                &capture,
            )
            .await
            .expect("sent");
        assert_eq!(status, 200, "{label}");
        let gateways = Gateways::real().expect("HTTP");
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "waiting", "{label}: {seen:?}");
        assert!(
            seen[0].1.contains("pending at the gateway"),
            "{label}: {seen:?}"
        );
        assert_eq!(count(&case.db, "payments", "").await, 0, "{label}");

        // PayPal completes the capture; the next question (5 minutes on) finds it.
        paypal.add_capture(Capture {
            status: "COMPLETED".into(),
            ..capture.clone()
        });
        process(&ctx, &gateways).await;
        assert_eq!(
            verdicts(&case.db).await[0].0,
            "waiting",
            "{label}: not asked before its time"
        );
        clock.advance(chrono::Duration::minutes(6));
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "processed", "{label}: {seen:?}");
        let paid = payment::by_gateway_reference(&ctx, "paypal", &capture.id)
            .await
            .expect("read")
            .expect("paid");
        assert_eq!(
            (paid.state, paid.customer_id),
            (PaymentState::Applied, Some(people[0].id)),
            "{label}"
        );
    })
    .await;
}
