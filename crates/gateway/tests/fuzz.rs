//! Nothing panics: arbitrary bodies and headers for every hook, and JSON-shaped STK callbacks.

mod common;

use common::{at, settings};
use proptest::prelude::*;
use serde_json::json;
use tikbill_gateway::{gateway, parse, verify, Delivery, GatewayName, GatewaySettings, Hook};

fn all_settings() -> Vec<GatewaySettings> {
    vec![
        settings(
            GatewayName::Mpesa,
            json!({"consumer_key": "k", "consumer_secret": "s", "shortcode": "174379", "passkey": "p"}),
        ),
        settings(
            GatewayName::Paypal,
            json!({"client_id": "c", "client_secret": "s", "webhook_id": "w"}),
        ),
        settings(GatewayName::Paystack, json!({"secret_key": "s"})),
        settings(
            GatewayName::Flutterwave,
            json!({"secret_key": "s", "secret_hash": "h"}),
        ),
        settings(GatewayName::Generic, json!({"secret": "whsec_c2VjcmV0"})),
        settings(GatewayName::Midtrans, json!({"server_key": "s"})),
        settings(
            GatewayName::Xendit,
            json!({"secret_key": "s", "callback_token": "t"}),
        ),
    ]
}

const NAMES: [&str; 12] = [
    "x-paystack-signature",
    "verif-hash",
    "webhook-id",
    "webhook-timestamp",
    "webhook-signature",
    "x-callback-token",
    "PAYPAL-TRANSMISSION-ID",
    "PAYPAL-TRANSMISSION-TIME",
    "PAYPAL-TRANSMISSION-SIG",
    "PAYPAL-CERT-URL",
    "PAYPAL-AUTH-ALGO",
    "other",
];

fn header_list() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        proptest::sample::select(NAMES.to_vec()).prop_map(str::to_owned),
        ".{0,20}"
    ];
    let value = prop_oneof![
        ".{0,80}",
        "v1,[A-Za-z0-9+/=]{0,60}( v1,[A-Za-z0-9+/=]{0,60})?",
        "-?[0-9]{1,20}",
        "https://[a-z.:0-9]{0,30}/.{0,20}"
    ];
    proptest::collection::vec((name, value), 0..8)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        ".{0,200}".prop_map(String::into_bytes),
        json_value().prop_map(|v| v.to_string().into_bytes()),
    ]
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,12}".prop_map(serde_json::Value::from),
        proptest::sample::select(vec![
            "0",
            "1032",
            "success",
            "PAID",
            "capture",
            "settlement",
            "charge.success",
            "charge.completed",
            "PAYMENT.CAPTURE.COMPLETED",
            "successful"
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        let key = proptest::sample::select(vec![
            "Body",
            "stkCallback",
            "ResultCode",
            "CheckoutRequestID",
            "CallbackMetadata",
            "Item",
            "Name",
            "Value",
            "event",
            "data",
            "status",
            "amount",
            "reference",
            "id",
            "event_type",
            "resource",
            "transaction_status",
            "order_id",
            "gross_amount",
            "signature_key",
            "status_code",
            "transaction_id",
            "TransID",
            "TransAmount",
            "links",
            "rel",
            "href",
            "metadata",
        ]);
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(key.prop_map(str::to_owned), inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn item_value() -> impl Strategy<Value = Option<serde_json::Value>> {
    proptest::option::of(prop_oneof![
        any::<u64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,16}".prop_map(serde_json::Value::from),
        Just(json!({"nested": [1, 2]})),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_hook_survives_anything(body in body(), headers in header_list(), secs in -4_000_000_000i64..4_000_000_000i64) {
        let now = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_else(|| at(2026, 1, 1, 0, 0, 0));
        let delivery = Delivery { headers: &headers, body: &body };
        let all = all_settings();
        for hook in Hook::ALL {
            for s in &all {
                let _ = verify(hook, &delivery, s, now, None);
                let _ = verify(hook, &delivery, s, now, Some(&body));
            }
            if let Ok(event) = parse(hook, &delivery) {
                let g = gateway(hook.gateway());
                for s in &all {
                    let _ = g.confirm_request(&event, s);
                }
                let _ = g.confirm_response(&event, 200, &body);
            }
        }
    }

    #[test]
    fn stk_callbacks_of_any_shape(
        code in prop_oneof![any::<i64>().prop_map(serde_json::Value::from), ".{0,6}".prop_map(serde_json::Value::from), Just(json!(0)), Just(json!("0"))],
        items in proptest::collection::vec((proptest::sample::select(vec!["Amount", "MpesaReceiptNumber", "Balance", "TransactionDate", "PhoneNumber", "x"]), item_value()), 0..7),
    ) {
        let items: Vec<_> = items.into_iter().map(|(name, value)| match value {
            Some(value) => json!({"Name": name, "Value": value}),
            None => json!({"Name": name}),
        }).collect();
        let body = json!({"Body": {"stkCallback": {"CheckoutRequestID": "ws_1", "ResultCode": code, "ResultDesc": "d",
            "CallbackMetadata": {"Item": items}}}}).to_string();
        let _ = parse(Hook::Stk, &Delivery { headers: &[], body: body.as_bytes() });
    }
}
