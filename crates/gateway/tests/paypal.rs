//! PayPal: offline verification with a test RSA key and a self-signed certificate made here.

mod common;

use std::str::FromStr;

use base64::Engine as _;
use common::{at, fixture, headers, settings};
use rcgen::{CertificateParams, KeyPair};
use rust_decimal::Decimal;
use serde_json::json;
use tikbill_gateway::{
    gateway, parse, paypal, verify, Confirmation, Delivery, GatewayName, GatewaySettings, Hook,
    Outcome, PaypalSettings, VerifyError,
};

const WEBHOOK_ID: &str = "1JE4291016473214C";
const CERT_URL: &str =
    "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270";

fn key_der() -> Vec<u8> {
    let pem = String::from_utf8(fixture("paypal/test-key.pk8.pem")).expect("utf8");
    let encoded: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64")
}

/// A self-signed certificate for the test key, valid in [from, until) (years).
fn certificate(from: i32, until: i32) -> Vec<u8> {
    let key = KeyPair::try_from(key_der().as_slice()).expect("rsa key");
    let mut params = CertificateParams::new(vec!["messageverificationcerts.paypal.com".to_owned()])
        .expect("params");
    params.not_before = rcgen::date_time_ymd(from, 1, 1);
    params.not_after = rcgen::date_time_ymd(until, 1, 1);
    let cert = params.self_signed(&key).expect("certificate");
    let encoded = base64::engine::general_purpose::STANDARD.encode(cert.der());
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
    .into_bytes()
}

fn sign(message: &str) -> String {
    let key = ring::signature::RsaKeyPair::from_pkcs8(&key_der()).expect("ring key");
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        message.as_bytes(),
        &mut signature,
    )
    .expect("sign");
    base64::engine::general_purpose::STANDARD.encode(signature)
}

fn settings_with(api_base: &str) -> GatewaySettings {
    settings(
        GatewayName::Paypal,
        json!({"api_base": api_base, "client_id": "client", "client_secret": "secret", "webhook_id": WEBHOOK_ID}),
    )
}

fn inner(s: &GatewaySettings) -> &PaypalSettings {
    match s {
        GatewaySettings::Paypal(p) => p,
        _ => unreachable!(),
    }
}

/// Headers of a delivery of `body` sent at `time` and signed with the test key.
fn signed_headers(body: &[u8], time: &str, cert_url: &str) -> Vec<(String, String)> {
    let id = "8b8a9c70-3b3a-11ec-b750-f75a670c9758";
    let message = format!("{id}|{time}|{WEBHOOK_ID}|{}", crc32fast::hash(body));
    let sig = sign(&message);
    headers(&[
        ("PAYPAL-TRANSMISSION-ID", id),
        ("PAYPAL-TRANSMISSION-TIME", time),
        ("PAYPAL-TRANSMISSION-SIG", &sig),
        ("PAYPAL-CERT-URL", cert_url),
        ("PAYPAL-AUTH-ALGO", "SHA256withRSA"),
    ])
}

#[test]
fn offline_verification() {
    let s = settings_with("https://api-m.paypal.com");
    let body = fixture("paypal/capture_completed.json");
    let h = signed_headers(&body, "2025-06-01T10:00:00Z", CERT_URL);
    let delivery = Delivery {
        headers: &h,
        body: &body,
    };
    let now = at(2031, 1, 1, 0, 0, 0); // long after the certificate expired: judged at transmission time
    let cert = certificate(2025, 2026);

    assert_eq!(
        verify(Hook::Paypal, &delivery, &s, now, None),
        Err(VerifyError::NeedsCertificate {
            url: CERT_URL.to_owned()
        })
    );
    assert_eq!(
        verify(Hook::Paypal, &delivery, &s, now, Some(&cert)),
        Ok(())
    );

    let mut changed = body.clone();
    changed[20] ^= 1;
    let err = verify(
        Hook::Paypal,
        &Delivery {
            headers: &h,
            body: &changed,
        },
        &s,
        now,
        Some(&cert),
    )
    .expect_err("changed");
    assert_eq!(
        err.to_string(),
        "PAYPAL-TRANSMISSION-SIG does not match the body and headers"
    );

    let other_hook = settings(
        GatewayName::Paypal,
        json!({"client_id": "c", "client_secret": "s", "webhook_id": "ANOTHER"}),
    );
    assert!(matches!(
        verify(Hook::Paypal, &delivery, &other_hook, now, Some(&cert)),
        Err(VerifyError::Mismatch { .. })
    ));

    let missing: Vec<_> = h
        .iter()
        .filter(|(k, _)| k != "PAYPAL-TRANSMISSION-SIG")
        .cloned()
        .collect();
    let err = verify(
        Hook::Paypal,
        &Delivery {
            headers: &missing,
            body: &body,
        },
        &s,
        now,
        Some(&cert),
    )
    .expect_err("missing");
    assert_eq!(err.to_string(), "missing header PAYPAL-TRANSMISSION-SIG");
}

#[test]
fn certificate_must_be_valid_at_transmission_time() {
    let s = settings_with("https://api-m.paypal.com");
    let body = fixture("paypal/capture_completed.json");
    let cert = certificate(2020, 2021);
    let late = signed_headers(&body, "2026-02-01T10:00:00Z", CERT_URL);
    let err = verify(
        Hook::Paypal,
        &Delivery {
            headers: &late,
            body: &body,
        },
        &s,
        at(2020, 6, 1, 0, 0, 0),
        Some(&cert),
    )
    .expect_err("expired");
    assert!(
        err.to_string().starts_with(
            "the certificate was not valid at the transmission time 2026-02-01T10:00:00Z"
        ),
        "{err}"
    );
    // The same certificate, a delivery sent inside its validity: passes, whatever now is.
    let inside = signed_headers(&body, "2020-07-01T10:00:00Z", CERT_URL);
    let ok = Delivery {
        headers: &inside,
        body: &body,
    };
    assert_eq!(
        verify(Hook::Paypal, &ok, &s, at(2026, 2, 1, 0, 0, 0), Some(&cert)),
        Ok(())
    );
    assert_eq!(paypal::verify_with(&ok, WEBHOOK_ID, &cert), Ok(()));
}

#[test]
fn certificate_url_host() {
    let s = settings_with("http://127.0.0.1:8181");
    let p = inner(&s);
    let body = b"{}";
    let url = |u: &str| {
        let h = headers(&[("PAYPAL-CERT-URL", u)]);
        paypal::certificate_url(&Delivery { headers: &h, body }, p)
    };
    assert!(url(CERT_URL).is_ok());
    assert!(url("https://api.sandbox.paypal.com/v1/notifications/certs/x").is_ok());
    assert!(url("https://api-m.sandbox.paypal.com/v1/notifications/certs/x").is_ok());
    assert!(
        url("http://127.0.0.1:8181/v1/notifications/certs/x").is_ok(),
        "the configured api_base"
    );
    let err = url("https://evil.example/v1/notifications/certs/x").expect_err("foreign");
    assert_eq!(
        err.to_string(),
        "certificate URL host evil.example is not PayPal's"
    );
    assert!(matches!(
        url("https://api.paypal.com.evil.example/x"),
        Err(VerifyError::ForeignCertificateHost { .. })
    ));
    assert!(matches!(
        url("http://api.paypal.com/x"),
        Err(VerifyError::BadCertificateUrl { .. })
    ));
    assert!(matches!(
        url("https://api.paypal.com@evil.example/x"),
        Err(VerifyError::BadCertificateUrl { .. })
    ));
    assert!(matches!(
        url("http://127.0.0.1:9999/x"),
        Err(VerifyError::ForeignCertificateHost { .. })
    ));

    // Refused before any certificate is asked for.
    let h = signed_headers(
        body,
        "2025-06-01T10:00:00Z",
        "https://evil.example/cert.pem",
    );
    let err = verify(
        Hook::Paypal,
        &Delivery { headers: &h, body },
        &s,
        at(2025, 6, 1, 0, 0, 0),
        None,
    )
    .expect_err("foreign");
    assert!(matches!(err, VerifyError::ForeignCertificateHost { .. }));
}

#[test]
fn events() {
    let body = fixture("paypal/capture_completed.json");
    let h = headers(&[("Paypal-Transmission-Id", "tx-1")]);
    let event = parse(
        Hook::Paypal,
        &Delivery {
            headers: &h,
            body: &body,
        },
    )
    .expect("parse");
    assert_eq!(event.outcome, Outcome::Paid);
    assert_eq!(event.reference.as_deref(), Some("27M47624FP291604U"));
    assert_eq!(event.amount, Some(Decimal::from_str("2.51").expect("dec")));
    assert_eq!(event.currency.as_deref(), Some("USD"));
    assert_eq!(event.account.as_deref(), Some("alice"));
    assert_eq!(event.request_id.as_deref(), Some("1AB234567A1234567"));
    assert_eq!(event.delivery_id.as_deref(), Some("tx-1"));

    let refund = fixture("paypal/capture_refunded.json");
    let event = parse(
        Hook::Paypal,
        &Delivery {
            headers: &[],
            body: &refund,
        },
    )
    .expect("parse");
    assert_eq!(event.outcome, Outcome::Reversed);
    assert_eq!(
        event.reference.as_deref(),
        Some("0JF852973C016714D"),
        "names the captured payment"
    );

    for (kind, outcome) in [
        ("PAYMENT.CAPTURE.PENDING", "Pending"),
        ("PAYMENT.CAPTURE.DENIED", "Failed"),
    ] {
        let b = json!({"event_type": kind, "resource": {"id": "C1", "amount": {"value": "5", "currency_code": "USD"}}}).to_string();
        let event = parse(
            Hook::Paypal,
            &Delivery {
                headers: &[],
                body: b.as_bytes(),
            },
        )
        .expect("parse");
        assert!(format!("{:?}", event.outcome).starts_with(outcome));
    }
    let b = br#"{"event_type":"CHECKOUT.ORDER.APPROVED","resource":{}}"#;
    assert_eq!(
        parse(
            Hook::Paypal,
            &Delivery {
                headers: &[],
                body: b
            }
        )
        .expect_err("unsupported")
        .to_string(),
        "unsupported event type CHECKOUT.ORDER.APPROVED"
    );
}

#[test]
fn api_as_data() {
    let s = settings_with("http://127.0.0.1:8181/");
    let p = inner(&s);
    let req = paypal::oauth_request(p);
    assert_eq!(
        (req.method, req.url.as_str()),
        ("POST", "http://127.0.0.1:8181/v1/oauth2/token")
    );
    assert_eq!(
        req.body.as_deref(),
        Some(&b"grant_type=client_credentials"[..])
    );
    let token = paypal::parse_oauth(200, br#"{"scope":"x","access_token":"A21AA","token_type":"Bearer","app_id":"APP","expires_in":32400,"nonce":"n"}"#).expect("token");
    assert_eq!(token.expires_in_secs, 32400);

    let body = fixture("paypal/capture_completed.json");
    let h = signed_headers(&body, "2025-06-01T10:00:00Z", CERT_URL);
    let req = paypal::verify_api_request(
        p,
        "A21AA",
        &Delivery {
            headers: &h,
            body: &body,
        },
    )
    .expect("request");
    assert_eq!(
        req.url,
        "http://127.0.0.1:8181/v1/notifications/verify-webhook-signature"
    );
    let sent: serde_json::Value =
        serde_json::from_slice(req.body.as_deref().unwrap_or_default()).expect("json");
    assert_eq!(sent["webhook_id"], WEBHOOK_ID);
    assert_eq!(sent["auth_algo"], "SHA256withRSA");
    assert_eq!(sent["webhook_event"]["resource"]["id"], "27M47624FP291604U");
    assert_eq!(
        paypal::parse_verify_api(200, br#"{"verification_status":"SUCCESS"}"#),
        Ok(true)
    );
    assert_eq!(
        paypal::parse_verify_api(200, br#"{"verification_status":"FAILURE"}"#),
        Ok(false)
    );

    let api_mode = settings(
        GatewayName::Paypal,
        json!({"client_id": "c", "client_secret": "s", "webhook_id": "w", "verify": "api"}),
    );
    assert_eq!(
        verify(
            Hook::Paypal,
            &Delivery {
                headers: &h,
                body: &body
            },
            &api_mode,
            at(2025, 6, 1, 0, 0, 0),
            None
        ),
        Err(VerifyError::NeedsApiCheck)
    );

    let event = parse(
        Hook::Paypal,
        &Delivery {
            headers: &h,
            body: &body,
        },
    )
    .expect("parse");
    let g = gateway(GatewayName::Paypal);
    assert_eq!(
        g.confirm_request(&event, &s),
        None,
        "the captures API needs a token: the caller asks with capture_request"
    );
    let GatewaySettings::Paypal(ps) = &s else {
        panic!("PayPal settings")
    };
    let req = tikbill_gateway::paypal::capture_request(ps, "A21AAF", "27M47624FP291604U");
    assert_eq!(
        req.url,
        "http://127.0.0.1:8181/v2/payments/captures/27M47624FP291604U"
    );
    assert_eq!(req.header("Authorization"), Some("Bearer A21AAF"));
    let answer = br#"{"id":"27M47624FP291604U","status":"COMPLETED","amount":{"currency_code":"USD","value":"2.51"}}"#;
    assert_eq!(
        g.confirm_response(&event, 200, answer),
        Ok(Confirmation::Confirmed {
            amount: Decimal::from_str("2.51").expect("dec"),
            currency: "USD".into(),
            account: None,
        })
    );
    assert!(matches!(
        g.confirm_response(&event, 404, b"{}"),
        Ok(Confirmation::NotPaid { .. })
    ));
    assert!(matches!(
        g.confirm_response(&event, 503, b"down"),
        Ok(Confirmation::Unknown { .. })
    ));
}
