//! Hooks, gateway names and settings.

use serde_json::json;
use tikbill_gateway::{gateway, GatewayName, GatewaySettings, Hook};

#[test]
fn hook_paths_are_safe_for_daraja_and_round_trip() {
    for hook in Hook::ALL {
        let path = hook.path();
        for word in [
            "mpesa",
            "m-pesa",
            "query",
            "exec",
            "safaricom",
            "cmd",
            "sql",
        ] {
            assert!(
                !path.to_ascii_lowercase().contains(word),
                "{path} contains {word}"
            );
        }
        assert_eq!(Hook::from_path(path), Some(hook));
        assert_eq!(gateway(hook.gateway()).name(), hook.gateway());
    }
    assert_eq!(Hook::from_path("stk/"), None);
    assert_eq!(Hook::from_path("c2b"), None);
    let paths: Vec<_> = Hook::ALL.iter().map(|h| h.path()).collect();
    assert_eq!(
        paths,
        [
            "stk",
            "c2b/validation",
            "c2b/confirmation",
            "paypal",
            "paystack",
            "flutterwave",
            "generic",
            "midtrans",
            "xendit"
        ]
    );
}

#[test]
fn gateway_names() {
    for name in GatewayName::ALL {
        assert_eq!(name.as_str().parse::<GatewayName>(), Ok(name));
        assert_eq!(
            serde_json::to_value(name).expect("json"),
            json!(name.as_str())
        );
    }
    assert_eq!(" MPESA ".parse::<GatewayName>(), Ok(GatewayName::Mpesa));
    let err = "stripe".parse::<GatewayName>().expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "unknown gateway \"stripe\": expected one of mpesa, paypal, paystack, flutterwave, generic, midtrans, xendit"
    );
}

#[test]
fn settings_defaults_secrets_and_refusals() {
    let mpesa = GatewaySettings::parse(
        GatewayName::Mpesa,
        &json!({"consumer_key": "ck", "consumer_secret": "cs", "shortcode": 174379, "passkey": "pk", "till_number": "5566778"}),
    )
    .expect("mpesa");
    assert_eq!(mpesa.name(), GatewayName::Mpesa);
    assert_eq!(
        mpesa.public_view(),
        json!({"api_base": "https://api.safaricom.co.ke", "consumer_key": "ck", "consumer_secret": "set",
               "shortcode": "174379", "passkey": "set", "till_number": "5566778"})
    );
    assert!(!format!("{mpesa:?}").contains("cs"), "Debug hides secrets");

    let defaults = [
        (
            GatewayName::Paypal,
            json!({"client_id": "c", "client_secret": "s", "webhook_id": "w"}),
            "https://api-m.paypal.com",
        ),
        (
            GatewayName::Paystack,
            json!({"secret_key": "s"}),
            "https://api.paystack.co",
        ),
        (
            GatewayName::Flutterwave,
            json!({"secret_key": "s", "secret_hash": "h"}),
            "https://api.flutterwave.com",
        ),
        (
            GatewayName::Midtrans,
            json!({"server_key": "s"}),
            "https://api.midtrans.com",
        ),
        (
            GatewayName::Xendit,
            json!({"secret_key": "s", "callback_token": "t"}),
            "https://api.xendit.co",
        ),
    ];
    for (name, given, base) in defaults {
        let s = GatewaySettings::parse(name, &given).expect("settings");
        assert_eq!(s.api_base(), Some(base));
        let view = s.public_view();
        for (key, value) in view.as_object().expect("object") {
            if [
                "client_secret",
                "secret_key",
                "secret_hash",
                "server_key",
                "callback_token",
            ]
            .contains(&key.as_str())
            {
                assert_eq!(value, "set");
            }
        }
    }
    let paypal = GatewaySettings::parse(
        GatewayName::Paypal,
        &json!({"client_id": "c", "client_secret": "s", "webhook_id": "w"}),
    )
    .expect("paypal");
    assert_eq!(paypal.public_view()["verify"], "offline");
    let generic = GatewaySettings::parse(
        GatewayName::Generic,
        &json!({"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}),
    )
    .expect("generic");
    assert_eq!(
        generic.public_view(),
        json!({"secret": "set", "tolerance_secs": 300})
    );

    let err = GatewaySettings::parse(
        GatewayName::Paystack,
        &json!({"secret_key": "s", "public_key": "p"}),
    )
    .expect_err("unknown");
    assert!(
        err.to_string()
            .starts_with("paystack settings: unknown field `public_key`"),
        "{err}"
    );
    let err = GatewaySettings::parse(GatewayName::Xendit, &json!({"secret_key": "s"}))
        .expect_err("missing");
    assert_eq!(
        err.to_string(),
        "xendit settings: missing field `callback_token`"
    );
    let err = GatewaySettings::parse(GatewayName::Paystack, &json!({"secret_key": ""}))
        .expect_err("empty");
    assert_eq!(err.to_string(), "paystack settings: secret_key is empty");
    assert!(GatewaySettings::parse(
        GatewayName::Generic,
        &json!({"secret": "whsec_not base64!"})
    )
    .is_err());
    assert!(GatewaySettings::parse(
        GatewayName::Paystack,
        &json!({"secret_key": "s", "api_base": "ftp://x"})
    )
    .is_err());
    assert!(GatewaySettings::parse(
        GatewayName::Mpesa,
        &json!({"consumer_key": "ck", "consumer_secret": "cs", "shortcode": "17a", "passkey": "p"})
    )
    .is_err());
    assert!(GatewaySettings::parse(
        GatewayName::Paypal,
        &json!({"client_id": "c", "client_secret": "s", "webhook_id": "w", "verify": "sometimes"})
    )
    .is_err());
    assert!(GatewaySettings::parse(GatewayName::Paystack, &json!(["secret_key"])).is_err());
}
