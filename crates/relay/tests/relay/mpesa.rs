//! M-Pesa through the relay: STK pushes to a fake Daraja, its callbacks (once, twice, never,
//! forged, failed), C2B confirmations with the same receipt, and reconciliation by STK Query.

use chrono::Duration;
use tikbill_api::{MpesaPushInput, PaymentState, PushState};
use tikbill_core::gateway::Gateways;
use tikbill_core::{customer, mpesa, payment};
use tikbill_fakes::{C2b, Completion, DarajaConfig, FakeDaraja, QueryAnswer};
use tikbill_gateway::GatewayName;

use crate::support::{clock, configure, count, on_each_database, process, relay, shop, verdicts};

async fn daraja() -> FakeDaraja {
    FakeDaraja::start(DarajaConfig::default())
        .await
        .expect("the fake Daraja")
}

fn mpesa_settings(fake: &FakeDaraja) -> serde_json::Value {
    let c = fake.config();
    serde_json::json!({
        "api_base": fake.base_url(),
        "consumer_key": c.consumer_key,
        "consumer_secret": c.consumer_secret,
        "shortcode": c.shortcode,
        "passkey": c.passkey,
    })
}

async fn post(url: &str, body: Vec<u8>) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("posted");
    let status = r.status().as_u16();
    (status, r.text().await.expect("a body"))
}

#[tokio::test]
async fn a_push_paid_by_callback_activates_the_customer_once_whatever_arrives_again() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = daraja().await;
        configure(&ctx, GatewayName::Mpesa, mpesa_settings(&fake));
        let people = shop(&ctx, "500", "KES", 2).await;
        let running = relay(&ctx, &case.url, None).await;
        let gateways = Gateways::real().expect("HTTP");

        let push = mpesa::request_push(
            &ctx,
            &gateways,
            &MpesaPushInput {
                customer_id: people[0].id,
                periods: 2,
                phone: None,
            },
        )
        .await
        .expect("Daraja took the push");
        assert_eq!(push.state, PushState::Pending, "{label}");
        assert_eq!(push.amount, "1000", "{label}: 2 periods of 500");
        assert_eq!(
            push.phone, "254700000000",
            "{label}: 0700000000 as Daraja wants it"
        );
        let sent = fake.pushes();
        assert_eq!(sent.len(), 1, "{label}");
        assert_eq!(sent[0].amount, 1000);
        assert_eq!(sent[0].callback_url, running.hook("stk"), "{label}");
        let checkout = push.checkout_request_id.clone().expect("an id");
        assert_eq!(sent[0].checkout_request_id, checkout);

        let (status, answer) = fake
            .complete_push(
                &checkout,
                Completion::Paid {
                    receipt: "NLJ7RT61SV".into(),
                },
            )
            .await
            .expect("the callback was sent");
        assert_eq!(status, 200, "{label}: {}", String::from_utf8_lossy(&answer));
        assert!(
            String::from_utf8_lossy(&answer).contains("\"ResultCode\":0"),
            "{label}"
        );
        let done = process(&ctx, &gateways).await;
        assert_eq!(done.processed, 1, "{label}: {:?}", verdicts(&case.db).await);

        let paid = payment::by_gateway_reference(&ctx, "mpesa", "NLJ7RT61SV")
            .await
            .expect("read")
            .expect("a payment");
        assert_eq!(paid.state, PaymentState::Applied, "{label}");
        assert_eq!(paid.customer_id, Some(people[0].id));
        let after = customer::get(&ctx, people[0].id).await.expect("read");
        assert!(after.expires_at.is_some(), "{label}: the customer has time");
        let pushes = mpesa::list_for_customer(&ctx, people[0].id)
            .await
            .expect("pushes");
        assert_eq!(pushes[0].state, PushState::Paid, "{label}");
        assert_eq!(pushes[0].receipt.as_deref(), Some("NLJ7RT61SV"));
        assert_eq!(pushes[0].payment_id, Some(paid.id));

        // The same callback again (Daraja retries), and the same money as a C2B confirmation.
        let again = fake
            .callback_body(
                &checkout,
                &Completion::Paid {
                    receipt: "NLJ7RT61SV".into(),
                },
            )
            .expect("the body");
        assert_eq!(post(&running.hook("stk"), again).await.0, 200);
        let c2b = fake.c2b_body(
            &C2b {
                trans_id: "NLJ7RT61SV".into(),
                amount: "1000.00".into(),
                bill_ref: "user0".into(),
                msisdn: "254700000000".into(),
                first_name: "User".into(),
                trans_time: "20261126102115".into(),
            },
            true,
        );
        assert_eq!(post(&running.hook("c2b/confirmation"), c2b).await.0, 200);
        let done = process(&ctx, &gateways).await;
        assert_eq!(done.processed, 2, "{label}: {:?}", verdicts(&case.db).await);
        assert_eq!(
            count(&case.db, "payments", "gateway = 'mpesa'").await,
            1,
            "{label}: one receipt, one payment"
        );
        let once = customer::get(&ctx, people[0].id).await.expect("read");
        assert_eq!(
            once.expires_at, after.expires_at,
            "{label}: not extended twice"
        );
        assert_eq!(
            count(&case.db, "gateway_deliveries", "").await,
            3,
            "{label}: all kept"
        );
    })
    .await;
}

#[tokio::test]
async fn a_forged_callback_is_stored_and_never_credited() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = daraja().await;
        configure(&ctx, GatewayName::Mpesa, mpesa_settings(&fake));
        let people = shop(&ctx, "500", "KES", 1).await;
        let running = relay(&ctx, &case.url, None).await;
        let gateways = Gateways::real().expect("HTTP");
        let push = mpesa::request_push(
            &ctx,
            &gateways,
            &MpesaPushInput {
                customer_id: people[0].id,
                periods: 1,
                phone: None,
            },
        )
        .await
        .expect("pushed");
        let checkout = push.checkout_request_id.clone().expect("an id");
        // Well-formed, for a CheckoutRequestID nobody sent; then one for ours with another amount.
        let genuine = fake
            .callback_body(
                &checkout,
                &Completion::Paid {
                    receipt: "QAB1CD2EF3".into(),
                },
            )
            .expect("a body");
        let forged = String::from_utf8(genuine.clone())
            .expect("text")
            .replace(&checkout, "ws_CO_000000000000000000");
        assert_eq!(post(&running.hook("stk"), forged.into_bytes()).await.0, 200);
        let cheaper = String::from_utf8(genuine)
            .expect("text")
            .replace("\"Value\":500", "\"Value\":5");
        assert_eq!(
            post(&running.hook("stk"), cheaper.into_bytes()).await.0,
            200
        );
        process(&ctx, &gateways).await;
        // The unknown CheckoutRequestID waits a few minutes for its push to be stored (the
        // desktop may still be writing Daraja's answer), then is refused.
        let seen = verdicts(&case.db).await;
        assert_eq!(seen[0].0, "waiting", "{label}: {seen:?}");
        assert_eq!(count(&case.db, "payments", "").await, 0, "{label}");
        clock.advance(Duration::minutes(11));
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert_eq!(seen.len(), 2, "{label}: both stored");
        assert!(
            seen.iter().all(|(state, _)| state == "rejected"),
            "{label}: {seen:?}"
        );
        assert!(
            seen[0].1.contains("ws_CO_000000000000000000"),
            "{label}: {seen:?}"
        );
        assert!(seen[1].1.contains("asked 500"), "{label}: {seen:?}");
        assert_eq!(
            count(&case.db, "payments", "").await,
            0,
            "{label}: nothing credited"
        );
        let pushes = mpesa::list_for_customer(&ctx, people[0].id)
            .await
            .expect("pushes");
        assert_eq!(
            pushes[0].state,
            PushState::Pending,
            "{label}: still waiting"
        );
    })
    .await;
}

#[tokio::test]
async fn a_callback_that_never_comes_is_resolved_by_the_query_with_back_off() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = daraja().await;
        configure(&ctx, GatewayName::Mpesa, mpesa_settings(&fake));
        let people = shop(&ctx, "500", "KES", 3).await;
        let _running = relay(&ctx, &case.url, None).await;
        let gateways = Gateways::real().expect("HTTP");
        let mut ids = Vec::new();
        for who in &people {
            let push = mpesa::request_push(
                &ctx,
                &gateways,
                &MpesaPushInput {
                    customer_id: who.id,
                    periods: 1,
                    phone: None,
                },
            )
            .await
            .expect("pushed");
            ids.push(push.checkout_request_id.expect("an id"));
        }
        // Before +30 s nobody is asked.
        let early = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(early.asked, 0, "{label}");
        clock.advance(Duration::seconds(31));
        let first = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(
            (first.asked, first.still_processing),
            (3, 3),
            "{label}: {first:?}"
        );
        assert!(first.errors.is_empty(), "{label}: {:?}", first.errors);
        // The first customer paid, the second cancelled; the third never answers.
        fake.set_query_answer(
            &ids[0],
            QueryAnswer::Resolved {
                result_code: "0".into(),
                result_desc: "The service request is processed successfully.".into(),
            },
        );
        fake.set_query_answer(
            &ids[1],
            QueryAnswer::Resolved {
                result_code: "1032".into(),
                result_desc: "Request cancelled by user".into(),
            },
        );
        clock.advance(Duration::seconds(30));
        let not_yet = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(not_yet.asked, 0, "{label}: the second question waits 60 s");
        clock.advance(Duration::seconds(31));
        let second = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(
            (second.paid, second.failed, second.still_processing),
            (1, 1, 1),
            "{label}: {second:?}"
        );
        payment::settle(&ctx).await.expect("applied");
        let states: Vec<PushState> = {
            let mut s = Vec::new();
            for who in &people {
                s.push(mpesa::list_for_customer(&ctx, who.id).await.expect("read")[0].state);
            }
            s
        };
        assert_eq!(
            states,
            vec![PushState::Paid, PushState::Failed, PushState::Pending],
            "{label}"
        );
        assert!(customer::get(&ctx, people[0].id)
            .await
            .expect("read")
            .expires_at
            .is_some());
        assert!(customer::get(&ctx, people[1].id)
            .await
            .expect("read")
            .expires_at
            .is_none());
        // The same money as a C2B confirmation (the query gave no receipt to match): it is
        // push 0's, by amount and account within the hour.
        let running = relay(&ctx, &case.url, None).await;
        let c2b = fake.c2b_body(
            &C2b {
                trans_id: "QLATE00001".into(),
                amount: "500.00".into(),
                bill_ref: "user0".into(),
                msisdn: "254700000000".into(),
                first_name: "User".into(),
                trans_time: "20261126102115".into(),
            },
            true,
        );
        assert_eq!(post(&running.hook("c2b/confirmation"), c2b).await.0, 200);
        process(&ctx, &gateways).await;
        assert_eq!(
            count(&case.db, "payments", "").await,
            1,
            "{label}: {:?}",
            verdicts(&case.db).await
        );
        // The late callback with the receipt adds no money; a day later the third expires.
        let late = fake
            .callback_body(
                &ids[0],
                &Completion::Paid {
                    receipt: "QLATE00001".into(),
                },
            )
            .expect("a body");

        assert_eq!(post(&running.hook("stk"), late).await.0, 200);
        process(&ctx, &gateways).await;
        assert_eq!(
            count(&case.db, "payments", "").await,
            1,
            "{label}: {:?}",
            verdicts(&case.db).await
        );
        let pushes = mpesa::list_for_customer(&ctx, people[0].id)
            .await
            .expect("read");
        assert_eq!(
            pushes[0].receipt.as_deref(),
            Some("QLATE00001"),
            "{label}: the receipt is kept"
        );
        clock.advance(Duration::hours(24));
        let day = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(day.expired, 1, "{label}: {day:?}");
        assert_eq!(
            fake.token_requests(),
            1,
            "{label}: one token for every push and query"
        );
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_push_pays_nothing_and_out_of_order_money_counts_once() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = daraja().await;
        configure(&ctx, GatewayName::Mpesa, mpesa_settings(&fake));
        let people = shop(&ctx, "500", "KES", 2).await;
        let running = relay(&ctx, &case.url, None).await;
        let gateways = Gateways::real().expect("HTTP");
        let cancelled = mpesa::request_push(
            &ctx,
            &gateways,
            &MpesaPushInput {
                customer_id: people[0].id,
                periods: 1,
                phone: None,
            },
        )
        .await
        .expect("pushed");
        let (status, _) = fake
            .complete_push(
                cancelled.checkout_request_id.as_deref().expect("id"),
                Completion::Cancelled,
            )
            .await
            .expect("sent");
        assert_eq!(status, 200);
        // The second customer's money arrives as a C2B confirmation before the STK callback.
        let paid = mpesa::request_push(
            &ctx,
            &gateways,
            &MpesaPushInput {
                customer_id: people[1].id,
                periods: 1,
                phone: None,
            },
        )
        .await
        .expect("pushed");
        let checkout = paid.checkout_request_id.clone().expect("id");
        let c2b = fake.c2b_body(
            &C2b {
                trans_id: "RKTQDM7W6S".into(),
                amount: "500.00".into(),
                // Mistyped on the phone: nobody's account, so it waits unmatched.
                bill_ref: "user1x".into(),
                msisdn: "254700000001".into(),
                first_name: "User".into(),
                trans_time: "20261126063845".into(),
            },
            true,
        );
        assert_eq!(post(&running.hook("c2b/confirmation"), c2b).await.0, 200);
        process(&ctx, &gateways).await;
        let stk = fake
            .callback_body(
                &checkout,
                &Completion::Paid {
                    receipt: "RKTQDM7W6S".into(),
                },
            )
            .expect("a body");
        assert_eq!(post(&running.hook("stk"), stk).await.0, 200);
        process(&ctx, &gateways).await;
        let seen = verdicts(&case.db).await;
        assert!(
            seen.iter().all(|(s, _)| s == "processed"),
            "{label}: {seen:?}"
        );
        assert!(seen[0].1.contains("1032"), "{label}: {seen:?}");
        assert_eq!(
            count(&case.db, "payments", "").await,
            1,
            "{label}: {seen:?}"
        );
        let pushes = mpesa::list_for_customer(&ctx, people[0].id)
            .await
            .expect("read");
        assert_eq!(pushes[0].state, PushState::Failed, "{label}");
        assert_eq!(
            pushes[0].result.as_deref(),
            Some("1032 Request cancelled by user")
        );
        let second = mpesa::list_for_customer(&ctx, people[1].id)
            .await
            .expect("read");
        assert_eq!(second[0].state, PushState::Paid, "{label}");
        let money = payment::get(&ctx, second[0].payment_id.expect("linked"))
            .await
            .expect("read");
        assert_eq!(
            (money.state, money.customer_id),
            (PaymentState::Applied, Some(people[1].id)),
            "{label}: the unmatched C2B money is the push's, given to its customer"
        );
    })
    .await;
}

#[tokio::test]
async fn c2b_money_for_a_pending_push_pays_it_and_the_query_adds_nothing() {
    on_each_database(|case| async move {
        let label = case.label;
        let clock = clock();
        let ctx = tikbill_core::test_context::context(&case.db, &clock);
        let fake = daraja().await;
        configure(&ctx, GatewayName::Mpesa, mpesa_settings(&fake));
        let people = shop(&ctx, "500", "KES", 1).await;
        let running = relay(&ctx, &case.url, None).await;
        let gateways = Gateways::real().expect("HTTP");
        let push = mpesa::request_push(
            &ctx,
            &gateways,
            &MpesaPushInput {
                customer_id: people[0].id,
                periods: 1,
                phone: None,
            },
        )
        .await
        .expect("pushed");
        let checkout = push.checkout_request_id.clone().expect("an id");
        // The callback is lost; the same money arrives as a C2B confirmation first.
        let c2b = fake.c2b_body(
            &C2b {
                trans_id: "SBQ1XYZ789".into(),
                amount: "500.00".into(),
                bill_ref: "user0".into(),
                msisdn: "254700000000".into(),
                first_name: "User".into(),
                trans_time: "20261126102115".into(),
            },
            true,
        );
        assert_eq!(post(&running.hook("c2b/confirmation"), c2b).await.0, 200);
        process(&ctx, &gateways).await;
        let pushes = mpesa::list_for_customer(&ctx, people[0].id)
            .await
            .expect("read");
        assert_eq!(
            pushes[0].state,
            PushState::Paid,
            "{label}: {:?}",
            verdicts(&case.db).await
        );
        assert_eq!(pushes[0].receipt.as_deref(), Some("SBQ1XYZ789"));
        // Then the query says paid (no receipt): nothing more.
        fake.set_query_answer(
            &checkout,
            QueryAnswer::Resolved {
                result_code: "0".into(),
                result_desc: "The service request is processed successfully.".into(),
            },
        );
        clock.advance(Duration::seconds(31));
        let pass = mpesa::reconcile(&ctx, &gateways).await.expect("a pass");
        assert_eq!(
            pass.asked, 0,
            "{label}: a paid push is not asked about: {pass:?}"
        );
        assert_eq!(
            count(&case.db, "payments", "").await,
            1,
            "{label}: one payment"
        );
        let money = payment::get(&ctx, pushes[0].payment_id.expect("linked"))
            .await
            .expect("read");
        assert_eq!(
            (money.state, money.customer_id),
            (PaymentState::Applied, Some(people[0].id)),
            "{label}"
        );
    })
    .await;
}
