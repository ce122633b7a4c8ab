//! Paystack, Flutterwave, Standard Webhooks, Midtrans and Xendit: documented payloads, signatures
//! computed here with test secrets.

mod common;

use std::str::FromStr;

use base64::Engine as _;
use common::{at, fixture, headers, settings};
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use serde_json::json;
use sha2::Sha512;
use tikbill_gateway::{
    gateway, generic, midtrans, parse, verify, Confirmation, Delivery, GatewayName, Hook, Outcome,
    ParseError, VerifyError,
};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

fn paystack_sig(key: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).expect("key");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[test]
fn paystack() {
    let s = settings(
        GatewayName::Paystack,
        json!({"api_base": "http://127.0.0.1:9", "secret_key": "sk_test_abc"}),
    );
    let now = at(2026, 1, 1, 0, 0, 0);
    let body = fixture("paystack/charge_success.json");
    let sig = paystack_sig("sk_test_abc", &body);
    let h = headers(&[("X-Paystack-Signature", &sig)]);
    let ok = Delivery {
        headers: &h,
        body: &body,
    };
    assert_eq!(verify(Hook::Paystack, &ok, &s, now, None), Ok(()));

    let mut changed = body.clone();
    changed[10] ^= 1;
    let err = verify(
        Hook::Paystack,
        &Delivery {
            headers: &h,
            body: &changed,
        },
        &s,
        now,
        None,
    )
    .expect_err("changed");
    assert_eq!(
        err.to_string(),
        "x-paystack-signature does not match the body"
    );
    let wrong = headers(&[(
        "x-paystack-signature",
        &paystack_sig("sk_test_other", &body),
    )]);
    assert!(verify(
        Hook::Paystack,
        &Delivery {
            headers: &wrong,
            body: &body
        },
        &s,
        now,
        None
    )
    .is_err());
    let err = verify(
        Hook::Paystack,
        &Delivery {
            headers: &[],
            body: &body,
        },
        &s,
        now,
        None,
    )
    .expect_err("missing");
    assert_eq!(err.to_string(), "missing header x-paystack-signature");
    let not_hex = headers(&[("x-paystack-signature", "zz")]);
    assert!(matches!(
        verify(
            Hook::Paystack,
            &Delivery {
                headers: &not_hex,
                body: &body
            },
            &s,
            now,
            None
        ),
        Err(VerifyError::BadHeader { .. })
    ));

    let event = parse(Hook::Paystack, &ok).expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("qTPrJoy9Bx"));
    assert_eq!(event.confirm_id.as_deref(), Some("qTPrJoy9Bx"));
    assert_eq!(event.amount, Some(dec("100")));
    assert_eq!(event.currency.as_deref(), Some("NGN"));
    assert_eq!(event.account.as_deref(), Some("bojack@horseman.com"));

    let with_user = json!({"event": "charge.success", "data": {"reference": "r1", "amount": 12345, "currency": "KES",
        "metadata": {"customer_username": "alice"}, "customer": {"email": "a@example.com"}}}).to_string();
    let event = parse(
        Hook::Paystack,
        &Delivery {
            headers: &[],
            body: with_user.as_bytes(),
        },
    )
    .expect("parse");
    assert_eq!(event.amount, Some(dec("123.45")));
    assert_eq!(event.account.as_deref(), Some("alice"));

    let refund = json!({"event": "refund.processed", "data": {"transaction_reference": "r1", "amount": 100, "currency": "KES"}}).to_string();
    let event = parse(
        Hook::Paystack,
        &Delivery {
            headers: &[],
            body: refund.as_bytes(),
        },
    )
    .expect("parse");
    assert_eq!(
        (event.outcome, event.reference.as_deref()),
        (Outcome::Reversed, Some("r1"))
    );
    let other = br#"{"event":"transfer.success","data":{}}"#;
    assert_eq!(
        parse(
            Hook::Paystack,
            &Delivery {
                headers: &[],
                body: other
            }
        ),
        Err(ParseError::Unsupported("transfer.success".into()))
    );

    let g = gateway(GatewayName::Paystack);
    let event = parse(Hook::Paystack, &ok).expect("parse");
    let req = g.confirm_request(&event, &s).expect("request");
    assert_eq!(req.url, "http://127.0.0.1:9/transaction/verify/qTPrJoy9Bx");
    assert_eq!(req.header("authorization"), Some("Bearer sk_test_abc"));
    let answer = br#"{"status":true,"message":"Verification successful","data":{"status":"success","reference":"qTPrJoy9Bx","amount":10000,"currency":"NGN"}}"#;
    assert_eq!(
        g.confirm_response(&event, 200, answer),
        Ok(Confirmation::Confirmed {
            amount: dec("100"),
            currency: "NGN".into(),
            account: None,
        })
    );
    let abandoned =
        br#"{"status":true,"data":{"status":"abandoned","amount":10000,"currency":"NGN"}}"#;
    assert_eq!(
        g.confirm_response(&event, 200, abandoned),
        Ok(Confirmation::NotPaid {
            status: "abandoned".into()
        })
    );
    let ongoing = br#"{"status":true,"data":{"status":"ongoing"}}"#;
    assert!(matches!(
        g.confirm_response(&event, 200, ongoing),
        Ok(Confirmation::Unknown { .. })
    ));
}

#[test]
fn flutterwave() {
    let s = settings(
        GatewayName::Flutterwave,
        json!({"secret_key": "FLWSECK_TEST-x", "secret_hash": "my-hash"}),
    );
    let now = at(2026, 1, 1, 0, 0, 0);
    let body = fixture("flutterwave/charge_completed.json");
    let h = headers(&[("verif-hash", "my-hash")]);
    let ok = Delivery {
        headers: &h,
        body: &body,
    };
    assert_eq!(verify(Hook::Flutterwave, &ok, &s, now, None), Ok(()));
    let wrong = headers(&[("verif-hash", "my-hasH")]);
    let err = verify(
        Hook::Flutterwave,
        &Delivery {
            headers: &wrong,
            body: &body,
        },
        &s,
        now,
        None,
    )
    .expect_err("wrong");
    assert_eq!(
        err.to_string(),
        "verif-hash does not match the configured secret hash"
    );
    assert_eq!(
        verify(
            Hook::Flutterwave,
            &Delivery {
                headers: &[],
                body: &body
            },
            &s,
            now,
            None
        ),
        Err(VerifyError::MissingHeader("verif-hash"))
    );

    let event = parse(Hook::Flutterwave, &ok).expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("285959875"));
    assert_eq!(event.account.as_deref(), Some("Links-616626414629"));
    assert_eq!(event.amount, Some(dec("100")));
    let req = gateway(GatewayName::Flutterwave)
        .confirm_request(&event, &s)
        .expect("request");
    assert_eq!(
        req.url,
        "https://api.flutterwave.com/v3/transactions/285959875/verify"
    );
    let answer = br#"{"status":"success","data":{"id":285959875,"status":"successful","amount":100.50,"currency":"NGN"}}"#;
    assert_eq!(
        gateway(GatewayName::Flutterwave).confirm_response(&event, 200, answer),
        Ok(Confirmation::Confirmed {
            amount: dec("100.50"),
            currency: "NGN".into(),
            account: None,
        })
    );

    let failed = String::from_utf8(body.clone())
        .expect("utf8")
        .replace("\"successful\"", "\"failed\"");
    let event = parse(
        Hook::Flutterwave,
        &Delivery {
            headers: &[],
            body: failed.as_bytes(),
        },
    )
    .expect("parse");
    assert!(matches!(event.outcome, Outcome::Failed { .. }));
}

fn generic_settings() -> tikbill_gateway::GatewaySettings {
    let secret = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(b"test generic key")
    );
    settings(GatewayName::Generic, json!({ "secret": secret }))
}

#[test]
fn standard_webhooks() {
    let s = generic_settings();
    let key = b"test generic key";
    let body = fixture("generic/payment.json");
    let now = at(2026, 1, 5, 12, 0, 0);
    let stamp = now.timestamp() - 20;
    let sig = generic::sign(key, "msg_2Lh9KRb", stamp, &body).expect("sign");
    let stamp_text = stamp.to_string();
    let listed = format!("v1,bm9wZQ== {sig}");
    let h = headers(&[
        ("webhook-id", "msg_2Lh9KRb"),
        ("webhook-timestamp", &stamp_text),
        ("webhook-signature", &listed),
    ]);
    let ok = Delivery {
        headers: &h,
        body: &body,
    };
    assert_eq!(verify(Hook::Generic, &ok, &s, now, None), Ok(()));

    let mut changed = body.clone();
    changed[5] ^= 1;
    let err = verify(
        Hook::Generic,
        &Delivery {
            headers: &h,
            body: &changed,
        },
        &s,
        now,
        None,
    )
    .expect_err("changed");
    assert_eq!(err.to_string(), "webhook-signature does not match the body");
    let err = verify(
        Hook::Generic,
        &ok,
        &s,
        now + chrono::TimeDelta::seconds(392),
        None,
    )
    .expect_err("old");
    assert_eq!(
        err.to_string(),
        "webhook-timestamp is 412 s old (tolerance 300 s)"
    );
    let err = verify(
        Hook::Generic,
        &ok,
        &s,
        now - chrono::TimeDelta::seconds(400),
        None,
    )
    .expect_err("new");
    assert_eq!(
        err.to_string(),
        "webhook-timestamp is 380 s in the future (tolerance 300 s)"
    );
    let other = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(b"another key")
    );
    let wrong = settings(
        GatewayName::Generic,
        json!({ "secret": other, "tolerance_secs": 60 }),
    );
    assert!(matches!(
        verify(Hook::Generic, &ok, &wrong, now, None),
        Err(VerifyError::Mismatch { .. })
    ));
    let no_id = headers(&[
        ("webhook-timestamp", &stamp_text),
        ("webhook-signature", &sig),
    ]);
    assert_eq!(
        verify(
            Hook::Generic,
            &Delivery {
                headers: &no_id,
                body: &body
            },
            &s,
            now,
            None
        ),
        Err(VerifyError::MissingHeader("webhook-id"))
    );

    let event = parse(Hook::Generic, &ok).expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("TX-20260105-0001"));
    assert_eq!(event.account.as_deref(), Some("alice"));
    assert_eq!(event.amount, Some(dec("1500.50")));
    assert_eq!(event.delivery_id.as_deref(), Some("msg_2Lh9KRb"));
    for (status, outcome) in [
        ("success", "Paid"),
        ("pending", "Pending"),
        ("cancelled", "Failed"),
        ("refunded", "Reversed"),
    ] {
        let body = json!({"transaction_id": "t", "amount": 5, "status": status}).to_string();
        let event = parse(
            Hook::Generic,
            &Delivery {
                headers: &[],
                body: body.as_bytes(),
            },
        )
        .expect("parse");
        assert!(
            format!("{:?}", event.outcome).starts_with(outcome),
            "{status}"
        );
    }
}

#[test]
fn midtrans() {
    let s = settings(
        GatewayName::Midtrans,
        json!({"server_key": "SB-Mid-server-test"}),
    );
    let now = at(2026, 1, 1, 0, 0, 0);
    let mut doc: serde_json::Value =
        serde_json::from_slice(&fixture("midtrans/capture.json")).expect("json");
    doc["signature_key"] = json!(midtrans::signature(
        "Postman-1578568851",
        "200",
        "10000.00",
        "SB-Mid-server-test"
    ));
    let body = serde_json::to_vec(&doc).expect("json");
    let ok = Delivery {
        headers: &[],
        body: &body,
    };
    assert_eq!(verify(Hook::Midtrans, &ok, &s, now, None), Ok(()));
    let changed = String::from_utf8(body.clone())
        .expect("utf8")
        .replace("10000.00", "90000.00");
    let err = verify(
        Hook::Midtrans,
        &Delivery {
            headers: &[],
            body: changed.as_bytes(),
        },
        &s,
        now,
        None,
    )
    .expect_err("changed");
    assert_eq!(
        err.to_string(),
        "signature_key does not match the notification"
    );
    let wrong = settings(GatewayName::Midtrans, json!({"server_key": "other"}));
    assert!(verify(Hook::Midtrans, &ok, &wrong, now, None).is_err());

    let event = parse(Hook::Midtrans, &ok).expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("Postman-1578568851"));
    assert_eq!(event.account.as_deref(), Some("Postman-1578568851"));
    assert_eq!(event.amount, Some(dec("10000")));
    assert_eq!(event.currency.as_deref(), Some("IDR"));
    let req = gateway(GatewayName::Midtrans)
        .confirm_request(&event, &s)
        .expect("request");
    assert_eq!(
        req.url,
        "https://api.midtrans.com/v2/Postman-1578568851/status"
    );
    assert_eq!(
        req.header("Authorization"),
        Some("Basic U0ItTWlkLXNlcnZlci10ZXN0Og==")
    );
    for (status, outcome) in [
        ("settlement", "Paid"),
        ("pending", "Pending"),
        ("expire", "Failed"),
        ("refund", "Reversed"),
    ] {
        let body = json!({"transaction_status": status, "transaction_id": "t", "order_id": "o", "gross_amount": "1.00"}).to_string();
        let event = parse(
            Hook::Midtrans,
            &Delivery {
                headers: &[],
                body: body.as_bytes(),
            },
        )
        .expect("parse");
        assert!(
            format!("{:?}", event.outcome).starts_with(outcome),
            "{status}"
        );
    }
}

#[test]
fn xendit() {
    let s = settings(
        GatewayName::Xendit,
        json!({"secret_key": "xnd_development_x", "callback_token": "cb-token"}),
    );
    let now = at(2026, 1, 1, 0, 0, 0);
    let body = fixture("xendit/invoice_paid.json");
    let h = headers(&[("X-CALLBACK-TOKEN", "cb-token")]);
    let ok = Delivery {
        headers: &h,
        body: &body,
    };
    assert_eq!(verify(Hook::Xendit, &ok, &s, now, None), Ok(()));
    let wrong = headers(&[("x-callback-token", "cb-tokeN")]);
    assert!(matches!(
        verify(
            Hook::Xendit,
            &Delivery {
                headers: &wrong,
                body: &body
            },
            &s,
            now,
            None
        ),
        Err(VerifyError::Mismatch { .. })
    ));
    assert_eq!(
        verify(
            Hook::Xendit,
            &Delivery {
                headers: &[],
                body: &body
            },
            &s,
            now,
            None
        ),
        Err(VerifyError::MissingHeader("x-callback-token"))
    );

    let event = parse(Hook::Xendit, &ok).expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("593f4ed1c3d3bb7f39733d83"));
    assert_eq!(event.account.as_deref(), Some("testing-invoice"));
    assert_eq!(event.amount, Some(dec("2000000")));
    let req = gateway(GatewayName::Xendit)
        .confirm_request(&event, &s)
        .expect("request");
    assert_eq!(
        req.url,
        "https://api.xendit.co/v2/invoices/593f4ed1c3d3bb7f39733d83"
    );
    let expired = String::from_utf8(body)
        .expect("utf8")
        .replace("\"PAID\"", "\"EXPIRED\"");
    let event = parse(
        Hook::Xendit,
        &Delivery {
            headers: &[],
            body: expired.as_bytes(),
        },
    )
    .expect("parse");
    assert!(matches!(event.outcome, Outcome::Failed { .. }));
}

#[test]
fn settings_for_another_gateway_are_refused() {
    let s = generic_settings();
    let err = verify(
        Hook::Paystack,
        &Delivery {
            headers: &[],
            body: b"{}",
        },
        &s,
        at(2026, 1, 1, 0, 0, 0),
        None,
    )
    .expect_err("wrong");
    assert_eq!(
        err.to_string(),
        "the settings are for generic, but this hook belongs to paystack"
    );
}
