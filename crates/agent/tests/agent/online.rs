//! Online payments through the binary: `gateways set`/`list` (secrets only in the secret store),
//! `relay urls` and `webhooks verify` on archived deliveries. The relay under `kill -9` is
//! `relay_kill.rs`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::Utc;
use tikbill_fakes::paystack::Transaction as PaystackTransaction;
use tikbill_fakes::{Capture, FakePaypal, FakePaystack, PaypalConfig, PaystackConfig};

use crate::relay_kill::generic_headers;
use crate::support::{AgentCli, Outcome, Password};

/// A distinctive secret, to look for in the database file.
const PAYSTACK_SECRET: &str = "sk_test_xQ7vL2mZ9pR4";
/// The generic gateway's key and its `whsec_` form.
pub(crate) const GENERIC_KEY: &[u8] = b"tikbill online test key, 32 byte";

pub(crate) fn whsec() -> String {
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(GENERIC_KEY)
    )
}

/// `gateways set NAME` with `json` on standard input.
pub(crate) async fn set_gateway(agent: &AgentCli, name: &str, json: &str) -> Outcome {
    agent
        .run(&["gateways", "set", name], Password::Stdin(json))
        .await
}

/// Every file of the SQLite database (the main file and its write-ahead log), as bytes.
fn sqlite_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for name in ["tikbill.sqlite3", "tikbill.sqlite3-wal"] {
        if let Ok(bytes) = std::fs::read(dir.join(name)) {
            all.extend(bytes);
        }
    }
    assert!(!all.is_empty(), "the SQLite database is in {dir:?}");
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_secrets_stay_in_the_secret_store_and_bad_settings_are_refused() {
    let agent = AgentCli::new();
    let saved = set_gateway(
        &agent,
        "paystack",
        &format!(r#"{{"secret_key":"{PAYSTACK_SECRET}"}}"#),
    )
    .await;
    let shown = saved.json("gateways set paystack");
    assert_eq!(shown["name"], "paystack", "{shown}");
    assert_eq!(shown["settings"]["secret_key"], "set", "{shown}");
    assert!(!saved.stdout.contains(PAYSTACK_SECRET), "{saved:?}");
    assert!(!saved.stderr.contains(PAYSTACK_SECRET), "{saved:?}");

    let out = agent.run(&["gateways", "list"], Password::Missing).await;
    let listed = out.json("gateways list");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["name"], "paystack");
    assert_eq!(listed[0]["settings"]["secret_key"], "set", "{listed:?}");
    assert!(!out.stdout.contains(PAYSTACK_SECRET), "{out:?}");

    // The database exists (the commands opened it) and holds no trace of the secret.
    let bytes = sqlite_bytes(agent.data_dir());
    assert!(
        !contains(&bytes, PAYSTACK_SECRET.as_bytes()),
        "the secret key is not in the SQLite file"
    );

    set_gateway(&agent, "stripe", r#"{"secret_key":"sk_x"}"#)
        .await
        .refused(
            "an unknown gateway",
            "mpesa, paypal, paystack, flutterwave, generic, midtrans, xendit",
        );
    set_gateway(&agent, "paystack", r#"{"nope":1}"#)
        .await
        .refused("an unknown field", "nope");
    set_gateway(&agent, "paystack", "secret_key=sk_test_x")
        .await
        .refused("settings that are not JSON", "not a JSON object");
    // The refused attempts left the kept settings alone.
    let still = agent
        .run(&["gateways", "list"], Password::Missing)
        .await
        .json("gateways list after refusals");
    assert_eq!(still.as_array().map(Vec::len), Some(1), "{still}");
}

/// The nine hook paths, as `Hook::path` names them.
const HOOK_PATHS: [&str; 9] = [
    "stk",
    "c2b/validation",
    "c2b/confirmation",
    "paypal",
    "paystack",
    "flutterwave",
    "generic",
    "midtrans",
    "xendit",
];

/// The hook token of every URL `relay urls` printed (all the same), checking their shape.
pub(crate) fn hook_token(urls: &serde_json::Value, base: &str) -> String {
    let hooks = urls["hooks"].as_array().expect("hooks is an array");
    assert_eq!(hooks.len(), 9, "{urls}");
    let mut tokens = HashSet::new();
    let mut paths = HashSet::new();
    for pair in hooks {
        let label = pair[0].as_str().expect("a label");
        let url = pair[1].as_str().expect("a URL");
        assert!(!label.is_empty(), "{pair}");
        let rest = url
            .strip_prefix(&format!("{base}/hooks/"))
            .unwrap_or_else(|| panic!("{url} is under {base}/hooks/"));
        let (token, path) = rest.split_once('/').expect("token/path");
        assert_eq!(token.len(), 64, "{url}");
        assert!(
            token.bytes().all(|b| b.is_ascii_hexdigit()),
            "{url}: the token is hex"
        );
        for word in ["mpesa", "query", "exec"] {
            assert!(!url.contains(word), "{url} says '{word}'");
        }
        tokens.insert(token.to_string());
        paths.insert(path.to_string());
    }
    assert_eq!(tokens.len(), 1, "one token for every hook: {tokens:?}");
    let expected: HashSet<String> = HOOK_PATHS.iter().map(|p| p.to_string()).collect();
    assert_eq!(paths, expected);
    tokens.into_iter().next().expect("a token")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_urls_name_every_hook_under_one_secret_token() {
    let agent = AgentCli::new();
    let base = "https://pay.example.net";
    let args = ["relay", "urls", "--public-url", base];
    let first = agent.run(&args, Password::Missing).await.json("relay urls");
    let token = hook_token(&first, base);
    assert_eq!(first["health"], format!("{base}/healthz"), "{first}");
    assert_eq!(first["pull_url"], format!("{base}/deliveries"), "{first}");
    let pull_token = first["pull_token"].as_str().expect("a pull token");
    assert!(pull_token.len() >= 32, "{first}");
    assert_ne!(pull_token, token, "the pull token is not the hook token");

    let again = agent
        .run(&args, Password::Missing)
        .await
        .json("relay urls again");
    assert_eq!(hook_token(&again, base), token, "the token is kept");
    assert_eq!(again["pull_token"], first["pull_token"]);
}

/// Writes a delivery as `webhooks verify` reads it; returns (headers file, body file).
fn archive(
    dir: &Path,
    name: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> (PathBuf, PathBuf) {
    let text: String = headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
    let h = dir.join(format!("{name}.headers"));
    let b = dir.join(format!("{name}.body"));
    std::fs::write(&h, text).expect("headers written");
    std::fs::write(&b, body).expect("body written");
    (h, b)
}

async fn verify(
    agent: &AgentCli,
    gateway: &str,
    files: &(PathBuf, PathBuf),
    extra: &[&str],
) -> Outcome {
    let (h, b) = files;
    let mut args = vec![
        "webhooks",
        "verify",
        gateway,
        "--headers",
        h.to_str().expect("a UTF-8 path"),
        "--body",
        b.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    agent.run(&args, Password::Missing).await
}

fn valid(out: &Outcome, what: &str) {
    assert!(out.status.success(), "{what} is valid: {out:?}");
    assert_eq!(out.stdout.trim(), "valid", "{what}: {out:?}");
}

/// One byte of the body changed after signing.
fn tampered(body: &[u8]) -> Vec<u8> {
    let mut changed = body.to_vec();
    let at = changed.len() / 2;
    changed[at] = if changed[at] == b'7' { b'8' } else { b'7' };
    changed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_verify_tells_a_genuine_delivery_from_a_changed_one() {
    let _ = tikbill_core::gateway::Gateways::real();
    let agent = AgentCli::new();
    let files = tempfile::tempdir().expect("a directory for archives");
    let dir = files.path();

    // Paystack: HMAC-SHA512 of the body under the secret key.
    let paystack = FakePaystack::start(PaystackConfig {
        secret_key: PAYSTACK_SECRET.into(),
    })
    .await
    .expect("the fake Paystack");
    set_gateway(
        &agent,
        "paystack",
        &format!(r#"{{"secret_key":"{PAYSTACK_SECRET}"}}"#),
    )
    .await
    .json("gateways set paystack");
    let (headers, body) = paystack.charge_success(&PaystackTransaction {
        reference: "T200000001".into(),
        amount_minor: 50_000,
        currency: "NGN".into(),
        status: "success".into(),
        email: "user0@example.com".into(),
        metadata: serde_json::json!({ "customer_username": "user0" }),
    });
    let genuine = archive(dir, "paystack", &headers, &body);
    valid(&verify(&agent, "paystack", &genuine, &[]).await, "paystack");
    let changed = archive(dir, "paystack-changed", &headers, &tampered(&body));
    verify(&agent, "paystack", &changed, &[])
        .await
        .failed_with_1("a changed Paystack body", "x-paystack-signature");

    // Standard Webhooks (the generic gateway).
    set_gateway(&agent, "generic", &format!(r#"{{"secret":"{}"}}"#, whsec()))
        .await
        .json("gateways set generic");
    let body = br#"{"transaction_id":"GEN-7","customer_username":"user0","amount":"500","currency":"KES","status":"paid"}"#;
    let now = Utc::now().timestamp();
    let headers = generic_headers("msg_verify_1", now, body);
    let genuine = archive(dir, "generic", &headers, body);
    valid(&verify(&agent, "generic", &genuine, &[]).await, "generic");
    let changed = archive(dir, "generic-changed", &headers, &tampered(body));
    verify(&agent, "generic", &changed, &[])
        .await
        .failed_with_1("a changed generic body", "webhook-signature");

    // PayPal: SHA256withRSA under the certificate, over the webhook id it was sent to.
    let paypal = FakePaypal::start(PaypalConfig::default())
        .await
        .expect("the fake PayPal");
    let capture = Capture {
        id: "2GG279541U471931P".into(),
        status: "COMPLETED".into(),
        amount: "10.00".into(),
        currency: "USD".into(),
        custom_id: "user0".into(),
        invoice_id: "INV-0001".into(),
        order_id: "5O190127TN364715T".into(),
    };
    let (headers, body) = paypal
        .webhook(
            "WH-8PT597110X687430LKGECATA",
            "PAYMENT.CAPTURE.COMPLETED",
            &capture,
        )
        .expect("a PayPal webhook");
    let genuine = archive(dir, "paypal", &headers, &body);
    let cert = dir.join("paypal.pem");
    std::fs::write(&cert, paypal.certificate_pem()).expect("the certificate written");
    let cert = cert.to_str().expect("a UTF-8 path");
    valid(
        &verify(
            &agent,
            "paypal",
            &genuine,
            &[
                "--cert",
                cert,
                "--webhook-id",
                "WH-8PT597110X687430LKGECATA",
            ],
        )
        .await,
        "paypal",
    );
    verify(
        &agent,
        "paypal",
        &genuine,
        &["--cert", cert, "--webhook-id", "WH-SOMEONE-ELSES-HOOK"],
    )
    .await
    .failed_with_1(
        "PayPal for another webhook id",
        "the signature does not hold",
    );
    let changed = archive(dir, "paypal-changed", &headers, &tampered(&body));
    verify(
        &agent,
        "paypal",
        &changed,
        &[
            "--cert",
            cert,
            "--webhook-id",
            "WH-8PT597110X687430LKGECATA",
        ],
    )
    .await
    .failed_with_1("a changed PayPal body", "the signature does not hold");

    // M-Pesa signs nothing; missing files are said plainly.
    verify(&agent, "mpesa", &genuine, &[])
        .await
        .failed_with_1("M-Pesa", "M-Pesa signs nothing");
    let missing = (dir.join("nowhere.headers"), genuine.1.clone());
    verify(&agent, "generic", &missing, &[])
        .await
        .failed_with_1(
            "a missing headers file",
            "nowhere.headers could not be read",
        );
    let missing = (genuine.0.clone(), dir.join("nowhere.body"));
    verify(&agent, "generic", &missing, &[])
        .await
        .failed_with_1("a missing body file", "nowhere.body could not be read");
}
